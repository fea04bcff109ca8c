package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.Data;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Model;
import io.jkeras.NDArray;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Whole runs against PyTorch replays of Keras's fit and evaluate loops (golden/training.txt):
 * fixed initial weights, shuffle=False, no dropout (its random masks cannot match). fit is
 * compared on every History entry and the final weights, evaluate on its scores.
 */
class GoldenTrainingTest {
    @TestFactory
    Stream<DynamicTest> runs() {
        return GoldenFile.read("training.txt").stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private static void check(GoldenCase c) {
        try (Model m = GoldenModels.model(c)) {
            m.compile(GoldenModels.compileOptions(c));
            Data x = Data.of(c.array("x").toNDArray());
            Data y = Data.of(c.indexed("y").stream().map(GoldenArray::toNDArray).toList());
            NDArray weights = c.has("sample_weight") ? c.array("sample_weight").toNDArray() : null;
            switch (c.text("run")) {
                case "fit" -> fit(c, m, x, y, weights);
                case "evaluate" -> evaluate(c, m, x, y, weights);
                default -> throw new IllegalArgumentException(c + ": unknown run " + c.text("run"));
            }
        }
    }

    private static void fit(GoldenCase c, Model m, Data x, Data y, NDArray weights) {
        FitOptions o = new FitOptions().batchSize(c.integer("batch_size")).epochs(c.integer("epochs")).verbose(0)
                .shuffle(false);
        if (c.has("validation_split")) {
            o.validationSplit(c.number("validation_split"));
        }
        if (weights != null) {
            o.sampleWeight(weights);
        }
        History h = m.fit(x, y, o);
        Map<String, List<Double>> history = h.history();
        assertEquals(c.list("history_keys"), List.copyOf(history.keySet()), c + ": history keys");
        for (String key : history.keySet()) {
            GoldenAssert.assertClose(c + " history " + key, c.array("history." + key), history.get(key));
        }
        GoldenModels.assertFinalWeights(c, m);
    }

    private static void evaluate(GoldenCase c, Model m, Data x, Data y, NDArray weights) {
        EvaluateOptions o = new EvaluateOptions().batchSize(c.integer("batch_size")).verbose(0);
        if (weights != null) {
            o.sampleWeight(weights);
        }
        List<Double> scores = m.evaluate(x, y, o);
        assertEquals(c.list("names"), m.metricsNames(), c + ": metrics names");
        GoldenAssert.assertClose(c + " scores", c.array("scores"), scores);
    }
}
