package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Data;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.OnBatchOptions;
import io.jkeras.layers.Dense;
import io.jkeras.regularizers.Regularizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole training runs against TensorFlow.js layers 4.22, a port of Keras's training loop,
 * corrected to Keras 2.3 wherever it departs (golden/tfjs_training.txt, written by
 * scripts/golden/tfjs/make_golden_tfjs.js; each case's comment says what TF.js ran and what the
 * script corrected). Fixed initial weights, shuffle=False. Runs:
 * <ul>
 * <li>{@code fit}: History entries and final weights (and, with {@code evaluate_batch_size},
 * evaluate's scores after the fit);</li>
 * <li>{@code fit_resume}: fit up to {@code initial_epoch}, then fit from it to {@code epochs}; the
 * two Histories together and the final weights;</li>
 * <li>{@code train_on_batch}: {@code steps} calls, step i on rows [(B i) mod N, + B); each call's
 * returned values and the final weights;</li>
 * <li>{@code evaluate}: the returned scores.</li>
 * </ul>
 * Weights are compared by position (TF.js's default layer names are not Keras's).
 */
class TfjsGoldenTrainingTest {
    @TestFactory
    Stream<DynamicTest> runs() {
        return GoldenFile.read("tfjs_training.txt").stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(GoldenCase c) {
        try (Model m = model(c)) {
            m.compile(GoldenModels.compileOptions(c));
            Data x = Data.of(c.array("x").toNDArray());
            Data y = Data.of(c.indexed("y").stream().map(GoldenArray::toNDArray).toList());
            switch (c.text("run")) {
                case "fit" -> fit(c, m, x, y);
                case "fit_resume" -> fitResume(c, m, x, y);
                case "train_on_batch" -> trainOnBatch(c, m);
                case "evaluate" -> assertScores(c, m, x, y, c.integer("batch_size"));
                default -> throw new IllegalArgumentException(c + ": unknown run " + c.text("run"));
            }
        }
    }

    /**
     * {@code model mlp}: Dense layers from {@code layers IN,UNITS:ACTIVATION,...}, each kernel with
     * an l2 regulariser when {@code kernel_l2} is given; other names are GoldenModels's.
     */
    private static Model model(GoldenCase c) {
        if (!c.text("model").equals("mlp")) {
            return GoldenModels.model(c);
        }
        List<String> layers = c.list("layers");
        KerasTensor input = Input.of(Integer.parseInt(layers.get(0)));
        KerasTensor h = input;
        for (String layer : layers.subList(1, layers.size())) {
            String[] parts = layer.split(":");
            Dense dense = new Dense(Integer.parseInt(parts[0])).activation(parts[1]);
            if (c.has("kernel_l2")) {
                dense.kernelRegularizer(Regularizers.l2(c.number("kernel_l2")));
            }
            h = dense.apply(h);
        }
        Model m = new Model(input, h);
        m.setWeights(c.indexed("w").stream().map(GoldenArray::toNDArray).toList());
        return m;
    }

    private static FitOptions fitOptions(GoldenCase c) {
        FitOptions o = new FitOptions().batchSize(c.integer("batch_size")).epochs(c.integer("epochs")).verbose(0)
                .shuffle(false);
        if (c.has("validation_split")) {
            o.validationSplit(c.number("validation_split"));
        }
        if (c.has("sample_weight")) {
            o.sampleWeight(c.array("sample_weight").toNDArray());
        }
        if (c.has("class_weight")) {
            o.classWeight(classWeight(c));
        }
        return o;
    }

    /** {@code class_weight 0:1.0,1:3.0,...} as Keras's {class: weight}. */
    private static Map<Integer, Double> classWeight(GoldenCase c) {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (String entry : c.list("class_weight")) {
            String[] kv = entry.split(":");
            out.put(Integer.valueOf(kv[0]), Double.valueOf(kv[1]));
        }
        return out;
    }

    private static void fit(GoldenCase c, Model m, Data x, Data y) {
        assertHistory(c, m.fit(x, y, fitOptions(c)).history());
        GoldenModels.assertFinalWeights(c, m);
        if (c.has("evaluate_batch_size")) {
            assertScores(c, m, x, y, c.integer("evaluate_batch_size"));
        }
    }

    private static void fitResume(GoldenCase c, Model m, Data x, Data y) {
        int resumeAt = c.integer("initial_epoch");
        History first = m.fit(x, y, fitOptions(c).epochs(resumeAt));
        History second = m.fit(x, y, fitOptions(c).initialEpoch(resumeAt));
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> e : first.history().entrySet()) {
            List<Double> both = new ArrayList<>(e.getValue());
            List<Double> more = second.history().get(e.getKey());
            assertEquals(c.integer("epochs") - resumeAt, more == null ? 0 : more.size(),
                    c + ": epochs of the resumed fit's " + e.getKey());
            both.addAll(more);
            history.put(e.getKey(), both);
        }
        assertEquals(first.history().keySet(), second.history().keySet(), c + ": history keys of the two fits");
        assertHistory(c, history);
        GoldenModels.assertFinalWeights(c, m);
    }

    private static void trainOnBatch(GoldenCase c, Model m) {
        NDArray x = c.array("x").toNDArray();
        List<NDArray> ys = c.indexed("y").stream().map(GoldenArray::toNDArray).toList();
        int batch = c.integer("batch_size");
        int steps = c.integer("steps");
        GoldenArray expected = c.array("step_scores");
        int names = expected.shape()[1];
        for (int i = 0; i < steps; i++) {
            int start = (i * batch) % x.length();
            Data yb = Data.of(ys.stream().map(y -> y.slice(start, start + batch)).toList());
            List<Double> scores = m.trainOnBatch(Data.of(x.slice(start, start + batch)), yb, new OnBatchOptions());
            double[] row = new double[names];
            System.arraycopy(expected.values(), i * names, row, 0, names);
            GoldenAssert.assertClose(c + " step " + i, new GoldenArray(new int[] {names}, row), scores);
        }
        assertEquals(c.list("names"), m.metricsNames(), c + ": metrics names");
        GoldenModels.assertFinalWeights(c, m);
    }

    private static void assertHistory(GoldenCase c, Map<String, List<Double>> history) {
        assertEquals(c.list("history_keys"), List.copyOf(history.keySet()), c + ": history keys");
        for (String key : history.keySet()) {
            GoldenAssert.assertClose(c + " history " + key, c.array("history." + key), history.get(key));
        }
    }

    private static void assertScores(GoldenCase c, Model m, Data x, Data y, int batchSize) {
        List<Double> scores = m.evaluate(x, y, new EvaluateOptions().batchSize(batchSize).verbose(0));
        assertEquals(c.list("names"), m.metricsNames(), c + ": metrics names");
        GoldenAssert.assertClose(c + " scores", c.array("scores"), scores);
    }
}
