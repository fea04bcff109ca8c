package io.jkeras.examples;

import io.jkeras.CompileOptions;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Device;
import io.jkeras.datasets.Dataset;
import io.jkeras.datasets.Digits;
import io.jkeras.datasets.FashionMnist;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The main job: a CNN trained on Fashion-MNIST on the current device (a GPU when one is
 * usable, else the CPU), with Keras's progress bar; the last line printed is
 * {@code test accuracy: 0.xxxx}. Without the data set it says so and trains on the embedded
 * digits instead.
 *
 * <p>Options: {@code --data DIR} (default /usr/share/datasets/fashion-mnist),
 * {@code --epochs N}, {@code --batch-size N}, {@code --seed N}.
 */
public final class FashionMnistCnn {
    private FashionMnistCnn() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = FashionMnist.DEFAULT_DIR;
        Integer epochs = null;
        int batchSize = 128;
        long seed = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            switch (a) {
                case "--data" -> dir = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; expected --data DIR, --epochs N, --batch-size N or --seed N");
            }
        }
        Utils.setRandomSeed(seed);
        System.out.println("jkeras device: " + Device.current());
        double accuracy;
        if (FashionMnist.isPresent(dir)) {
            accuracy = fashion(FashionMnist.load(dir), epochs == null ? 12 : epochs, batchSize);
        } else {
            System.out.println("Fashion-MNIST not found in " + dir + " (apt-get install dataset-fashion-mnist, or --data DIR);"
                    + " training on the embedded digits data set instead");
            accuracy = digits(epochs == null ? 30 : epochs, batchSize);
        }
        System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", accuracy);
    }

    /** Two conv blocks and a dense head, with dropout: 0.90+ after a few epochs. */
    private static double fashion(Dataset d, int epochs, int batchSize) {
        NDArray xTrain = d.xTrain().divide(255f).reshape(-1, 28, 28, 1);
        NDArray xTest = d.xTest().divide(255f).reshape(-1, 28, 28, 1);
        KerasTensor in = Input.of("image", 28, 28, 1);
        KerasTensor h = new Conv2D(32, 3).activation("relu").apply(in);
        h = new MaxPooling2D(2).apply(h);
        h = new Conv2D(64, 3).activation("relu").apply(h);
        h = new MaxPooling2D(2).apply(h);
        h = new Flatten().apply(h);
        h = new Dropout(0.25).apply(h);
        h = new Dense(128).activation("relu").apply(h);
        h = new Dropout(0.25).apply(h);
        KerasTensor out = new Dense(10).activation("softmax").name("class").apply(h);
        return train(new Model(List.of(in), List.of(out), "fashion_mnist_cnn"), xTrain, d.yTrain(), xTest, d.yTest(),
                epochs, batchSize);
    }

    /** A small CNN for the 8x8 digits. */
    private static double digits(int epochs, int batchSize) {
        Dataset d = Digits.load(0.2, 7);
        NDArray xTrain = d.xTrain().divide(16f).reshape(-1, 8, 8, 1);
        NDArray xTest = d.xTest().divide(16f).reshape(-1, 8, 8, 1);
        KerasTensor in = Input.of("image", 8, 8, 1);
        KerasTensor h = new Conv2D(32, 3).padding("same").activation("relu").apply(in);
        h = new MaxPooling2D(2).apply(h);
        h = new Conv2D(64, 3).padding("same").activation("relu").apply(h);
        h = new Flatten().apply(h);
        h = new Dense(64).activation("relu").apply(h);
        KerasTensor out = new Dense(10).activation("softmax").name("class").apply(h);
        return train(new Model(List.of(in), List.of(out), "digits_cnn"), xTrain, d.yTrain(), xTest, d.yTest(), epochs,
                Math.min(batchSize, 64));
    }

    private static double train(Model model, NDArray xTrain, NDArray yTrain, NDArray xTest, NDArray yTest, int epochs,
                                int batchSize) {
        try (model) {
            model.printSummary();
            model.compile(new CompileOptions().optimizer(new Adam()).loss("sparse_categorical_crossentropy")
                    .metrics("accuracy"));
            model.fit(xTrain, yTrain, new FitOptions().epochs(epochs).batchSize(batchSize).verbose(1)
                    .validationData(xTest, yTest));
            List<Double> scores = model.evaluate(xTest, yTest, new EvaluateOptions().batchSize(512).verbose(0));
            return scores.get(1);
        }
    }
}
