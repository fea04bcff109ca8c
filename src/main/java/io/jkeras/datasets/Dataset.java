package io.jkeras.datasets;

import io.jkeras.NDArray;

/** A train/test split as Keras's {@code load_data()} returns it: ((xTrain, yTrain), (xTest, yTest)). */
public record Dataset(NDArray xTrain, NDArray yTrain, NDArray xTest, NDArray yTest) {
}
