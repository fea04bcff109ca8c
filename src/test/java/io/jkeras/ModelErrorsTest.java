package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.layers.Dense;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Keras's ValueError/RuntimeError cases: each message names the argument, the expected and the given. */
class ModelErrorsTest {
    private Model model;

    @BeforeEach
    void build() {
        Utils.clearSession();
        KerasTensor a = Input.of("input_a", 3);
        KerasTensor b = Input.of("input_b", 3);
        KerasTensor o = new Dense(4).name("dense_1").apply(a);
        KerasTensor p = new Dense(2).name("dense_2").apply(b);
        model = new Model(List.of(a, b), List.of(o, p));
    }

    private static String message(Class<? extends Throwable> type, Executable e) {
        return assertThrows(type, e).getMessage();
    }

    private static void contains(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "\"" + p + "\" not in: " + message);
        }
    }

    private Data x(int n) {
        return Data.of(NDArray.zeros(n, 3), NDArray.zeros(n, 3));
    }

    private Data y(int n) {
        return Data.of(NDArray.zeros(n, 4), NDArray.zeros(n, 2));
    }

    @Test
    void trainingBeforeCompileIsAnIllegalState() {
        String m = message(IllegalStateException.class, () -> model.trainOnBatch(x(2), y(2), new OnBatchOptions()));
        contains(m, "You must compile a model before training/testing");
        message(IllegalStateException.class, () -> model.fit(x(2), y(2), new FitOptions().verbose(0)));
        message(IllegalStateException.class, () -> model.evaluate(x(2), y(2), new EvaluateOptions().verbose(0)));
        // predict needs no compile
        assertEquals(2, model.predictAll(x(2)).size());
    }

    @Test
    void sampleCountMismatch() {
        model.compile("sgd", "mse");
        String m = message(IllegalArgumentException.class, () -> model.fit(x(10), y(2), new FitOptions().verbose(0)));
        contains(m, "Found 10 input samples and 2 target samples");
        Data ragged = Data.of(NDArray.zeros(10, 3), NDArray.zeros(9, 3));
        contains(message(IllegalArgumentException.class, () -> model.fit(ragged, y(10), new FitOptions().verbose(0))),
                "should have the same number of samples", "(10, 3)", "(9, 3)");
    }

    @Test
    void wrongNumberOfInputsAndOutputs() {
        model.compile("sgd", "mse");
        contains(message(IllegalArgumentException.class,
                        () -> model.fit(Data.of(NDArray.zeros(2, 3)), y(2), new FitOptions().verbose(0))),
                "Expected to see 2 array(s)", "[input_a, input_b]", "list of 1 arrays", "(2, 3)");
        contains(message(IllegalArgumentException.class,
                        () -> model.trainOnBatch(x(2), Data.of(NDArray.zeros(2, 4)), new OnBatchOptions())),
                "Error when checking model target", "Expected to see 2 array(s)");
    }

    @Test
    void unknownNamesInDataMaps() {
        model.compile("sgd", "mse");
        contains(message(IllegalArgumentException.class,
                        () -> model.fit(Data.of(Map.of("input_a", NDArray.zeros(2, 3), "inputb", NDArray.zeros(2, 3))),
                                y(2), new FitOptions().verbose(0))),
                "No data provided for \"input_b\"", "[input_a, input_b]");
        contains(message(IllegalArgumentException.class,
                        () -> model.fit(x(2), y(2), new FitOptions().verbose(0)
                                .sampleWeight(Data.of(Map.of("dense_3", NDArray.zeros(2)))))),
                "dense_3", "[dense_1, dense_2]");
        contains(message(IllegalArgumentException.class,
                        () -> model.compile(new CompileOptions().optimizer("sgd").loss(Map.of("dense_9", "mse")))),
                "Unknown entries in loss dictionary", "dense_9", "[dense_1, dense_2]");
    }

    @Test
    void inputAndTargetShapeMismatch() {
        model.compile("sgd", "mse");
        Data wrongRank = Data.of(NDArray.zeros(2, 3, 1), NDArray.zeros(2, 3));
        contains(message(IllegalArgumentException.class, () -> model.fit(wrongRank, y(2), new FitOptions().verbose(0))),
                "expected input_a to have 2 dimensions, but got array with shape (2, 3, 1)");
        Data wrongDim = Data.of(NDArray.zeros(2, 5), NDArray.zeros(2, 3));
        contains(message(IllegalArgumentException.class, () -> model.predictAll(wrongDim)),
                "expected input_a to have shape (3,) but got array with shape (5,)");
        Data wrongTarget = Data.of(NDArray.zeros(2, 4), NDArray.zeros(2, 7));
        contains(message(IllegalArgumentException.class, () -> model.fit(x(2), wrongTarget, new FitOptions().verbose(0))),
                "Error when checking target", "dense_2", "(2,)", "(7,)");
    }

    @Test
    void categoricalCrossentropyWithIntegerTargetsIsExplained() {
        KerasTensor in = Input.of(3);
        try (Model m = new Model(in, new Dense(5).activation("softmax").apply(in))) {
            m.compile("adam", "categorical_crossentropy");
            contains(message(IllegalArgumentException.class,
                            () -> m.fit(NDArray.zeros(4, 3), NDArray.ofInts(new int[] {1, 2, 3, 4}), new FitOptions().verbose(0))),
                    "target array of shape (4, 1)", "categorical_crossentropy", "toCategorical",
                    "sparse_categorical_crossentropy");
        }
    }

    @Test
    void sparseLabelsOutsideTheClassesAreRefusedBeforeTraining() {
        KerasTensor in = Input.of(3);
        try (Model m = new Model(in, new Dense(4).activation("softmax").name("probs").apply(in))) {
            m.compile("sgd", "sparse_categorical_crossentropy");
            List<NDArray> before = m.getWeights();
            contains(message(IllegalArgumentException.class, () -> m.fit(NDArray.zeros(3, 3),
                            NDArray.ofInts(new int[] {0, 4, 1}), new FitOptions().verbose(0))),
                    "label value of 4.0", "sample 1", "probs", "[0, 4)");
            contains(message(IllegalArgumentException.class, () -> m.trainOnBatch(NDArray.zeros(2, 3),
                            NDArray.of(new float[] {0.5f, 1f}, 2))), "label value of 0.5");
            assertEquals(before, m.getWeights(), "nothing trained");
        }
    }

    @Test
    void unknownLossMetricOptimizerActivation() {
        contains(message(IllegalArgumentException.class, () -> model.compile("sgd", "msee")), "Unknown loss function:msee");
        contains(message(IllegalArgumentException.class, () -> model.compile("sgd", "mse", "acuracy")),
                "Unknown metric function:acuracy");
        contains(message(IllegalArgumentException.class, () -> model.compile("adamw2", "mse")),
                "Unknown optimizer: adamw2");
        contains(message(IllegalArgumentException.class, () -> new Dense(3).activation("rellu")),
                "Unknown activation function: \"rellu\"", "relu", "sigmoid");
        contains(message(IllegalArgumentException.class, () -> model.compile(new CompileOptions().optimizer("sgd")
                .loss(List.of("mse")))), "one entry per model outputs", "has 2 outputs");
        contains(message(IllegalArgumentException.class, () -> model.compile(new CompileOptions().optimizer("sgd"))),
                "no loss to optimize");
    }

    @Test
    void badLayerAndOptionArguments() {
        contains(message(IllegalArgumentException.class, () -> new Dense(0)), "units", "positive", "0");
        contains(message(IllegalArgumentException.class, () -> new FitOptions().validationSplit(1.0)),
                "validationSplit", "[0, 1)", "1.0");
        contains(message(IllegalArgumentException.class, () -> new FitOptions().batchSize(-2)), "batchSize", "-2");
        KerasTensor in = Input.of(3);
        contains(message(IllegalArgumentException.class, () -> new io.jkeras.layers.Concatenate().apply(in)),
                "expects at least 2 input(s)", "received 1");
    }

    @Test
    void validationSplitLeavingNothingIsRefused() {
        model.compile("sgd", "mse");
        contains(message(IllegalArgumentException.class,
                        () -> model.fit(x(1), y(1), new FitOptions().verbose(0).validationSplit(0.5))),
                "Training data contains 1 samples", "validation_split=0.5");
    }

    @Test
    void disconnectedGraphAndDuplicateNames() {
        KerasTensor a = Input.of(2);
        KerasTensor b = Input.of(2);
        KerasTensor o = new Dense(1).apply(b);
        contains(message(IllegalArgumentException.class, () -> new Model(a, o)), "Graph disconnected");
        KerasTensor c = Input.of(2);
        KerasTensor d1 = new Dense(1).name("same").apply(c);
        KerasTensor d2 = new Dense(1).name("same").apply(d1);
        contains(message(IllegalArgumentException.class, () -> new Model(c, d2)),
                "The name \"same\" is used 2 times in the model");
    }

    @Test
    void closedModelRefusesWork() {
        model.close();
        contains(message(IllegalStateException.class, () -> model.predictAll(x(1))), "is closed");
    }
}
