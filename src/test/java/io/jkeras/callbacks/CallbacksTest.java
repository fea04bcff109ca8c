package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.CompileOptions;
import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.PredictOptions;
import io.jkeras.Utils;
import io.jkeras.layers.Dense;
import io.jkeras.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras 2.3's callback tests (tests/keras/callbacks/callbacks_test.py), ported. */
class CallbacksTest {
    private final Random r = new Random(4);

    @BeforeEach
    void seed() {
        Utils.setRandomSeed(8);
    }

    private Model model() {
        KerasTensor in = Input.of(3);
        KerasTensor h = new Dense(4).activation("relu").apply(in);
        KerasTensor out = new Dense(2).activation("softmax").apply(h);
        Model m = new Model(in, out);
        m.compile(new CompileOptions().optimizer(new SGD().learningRate(0.1)).loss("categorical_crossentropy")
                .metrics("accuracy"));
        return m;
    }

    private NDArray x(int n) {
        float[] v = new float[n * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, n, 3);
    }

    private NDArray y(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(2);
        }
        return Utils.toCategorical(l, 2);
    }

    /** Feeds {@code values} of {@code key} as epoch ends and returns how many epochs ran. */
    private static int drive(Callback cb, Model m, String key, double... values) {
        cb.setModel(m);
        m.stopTraining(false);
        cb.onTrainBegin(new Logs());
        int epochs = 0;
        for (int e = 0; e < values.length; e++) {
            Logs logs = new Logs();
            logs.put(key, values[e]);
            cb.onEpochEnd(e, logs);
            epochs++;
            if (m.stopTraining()) {
                break;
            }
        }
        cb.onTrainEnd(new Logs());
        return epochs;
    }

    @Test
    void earlyStoppingPatience() {
        try (Model m = model()) {
            EarlyStopping es = new EarlyStopping().monitor("val_loss").patience(2);
            assertEquals(3, drive(es, m, "val_loss", 0.0860, 0.1096, 0.1040, 0.1019));
            assertEquals(2, es.stoppedEpoch());
        }
    }

    @Test
    void earlyStoppingBaseline() {
        try (Model m = model()) {
            EarlyStopping es = new EarlyStopping().monitor("val_acc").baseline(0.75).patience(2);
            assertEquals(4, drive(es, m, "val_acc", 0.55, 0.76, 0.81, 0.81));
            assertEquals(2, drive(es, m, "val_acc", 0.55, 0.74, 0.81, 0.81), "instances are reusable");
        }
    }

    @Test
    void earlyStoppingFinalWeightsWithAndWithoutRestore() {
        for (boolean restore : new boolean[] {false, true}) {
            try (Model m = model()) {
                EarlyStopping es = new EarlyStopping().monitor("val_loss").patience(2).restoreBestWeights(restore);
                es.setModel(m);
                m.stopTraining(false);
                es.onTrainBegin(new Logs());
                double[] losses = {0.2, 0.15, 0.1, 0.11, 0.12};
                for (int e = 0; e < losses.length && !m.stopTraining(); e++) {
                    m.setWeights(constantWeights(m, e));
                    Logs logs = new Logs();
                    logs.put("val_loss", losses[e]);
                    es.onEpochEnd(e, logs);
                }
                assertEquals(restore ? 2f : 4f, m.getWeights().get(0).get(0, 0), "restore=" + restore);
            }
        }
    }

    private static List<NDArray> constantWeights(Model m, float value) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray w : m.getWeights()) {
            float[] v = new float[w.size()];
            java.util.Arrays.fill(v, value);
            out.add(NDArray.of(v, w.shape()));
        }
        return out;
    }

    @Test
    void missingMonitorOnlyWarns() {
        try (Model m = model()) {
            EarlyStopping es = new EarlyStopping().monitor("val_nope").patience(0);
            assertEquals(3, drive(es, m, "val_loss", 1, 2, 3));
        }
    }

    @Test
    void reduceLROnPlateauPatience() {
        try (Model m = model()) {
            m.optimizer().learningRate(1.0);
            ReduceLROnPlateau cb = new ReduceLROnPlateau().monitor("val_loss").patience(2);
            cb.setModel(m);
            cb.onTrainBegin(new Logs());
            List<Double> lrs = new ArrayList<>();
            double[] losses = {0.0860, 0.1096, 0.1040};
            for (int e = 0; e < losses.length; e++) {
                Logs logs = new Logs();
                logs.put("val_loss", losses[e]);
                cb.onEpochEnd(e, logs);
                lrs.add(m.optimizer().learningRate());
            }
            assertEquals(1.0, lrs.get(0), 1e-12);
            assertEquals(1.0, lrs.get(1), 1e-12);
            assertEquals(0.1, lrs.get(2), 1e-12);
        }
    }

    @Test
    void reduceLROnPlateauWithCooldownInAFit() {
        NDArray x = x(20);
        NDArray y = y(20);
        NDArray xv = x(6);
        NDArray yv = y(6);
        try (Model m = model()) {
            History h = m.fit(x, y, new FitOptions().epochs(5).batchSize(5).verbose(0).validationData(xv, yv)
                    .callbacks(new ReduceLROnPlateau().monitor("val_loss").minDelta(10).patience(1).cooldown(5)));
            assertEquals(0.01, m.optimizer().learningRate(), 1e-9);
            assertEquals(List.of(0.1, 0.1, 0.01, 0.01, 0.01), h.history().get("lr").stream()
                    .map(v -> Math.round(v * 1e9) / 1e9).toList(), "the lr used in each epoch");
        }
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau().factor(1.0));
    }

    @Test
    void learningRateScheduler() {
        try (Model m = model()) {
            History h = m.fit(x(10), y(10), new FitOptions().epochs(5).batchSize(5).verbose(0)
                    .callbacks(new LearningRateScheduler((epoch, lr) -> 1.0 / (1 + epoch))));
            assertEquals(0.2, m.optimizer().learningRate(), 1e-12);
            assertEquals(5, h.history().get("lr").size());
        }
    }

    @Test
    void csvLoggerAppendsWithOneHeader(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("log.tsv");
        NDArray x = x(10);
        NDArray y = y(10);
        FitOptions o = new FitOptions().batchSize(5).verbose(0).validationData(x(4), y(4));
        try (Model m = model()) {
            m.fit(x, y, o.epochs(1).callbacks(new CSVLogger(f.toString(), "\t", false)));
            assertEquals(2, Files.readAllLines(f).size());
            CSVLogger appender = new CSVLogger(f.toString(), "\t", true);
            m.fit(x, y, o.epochs(1).callbacks(appender));
            m.fit(x, y, o.epochs(2).callbacks(appender));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertEquals("epoch\taccuracy\tloss\tval_accuracy\tval_loss", lines.get(0));
        assertEquals(1, lines.stream().filter(l -> l.startsWith("epoch")).count());
        for (String l : lines) {
            assertEquals(4, l.chars().filter(c -> c == '\t').count(), l);
        }
    }

    @Test
    void terminateOnNaNStopsAfterTheFirstEpoch() {
        KerasTensor in = Input.of(3);
        KerasTensor h = new Dense(50).kernelInitializer(new io.jkeras.initializers.Constant(1e10)).apply(in);
        KerasTensor out = new Dense(1).kernelInitializer(new io.jkeras.initializers.Constant(1e10)).apply(h);
        try (Model m = new Model(in, out)) {
            m.compile("sgd", "mse");
            float[] big = new float[20 * 3];
            java.util.Arrays.fill(big, 1e10f);
            History hist = m.fit(NDArray.of(big, 20, 3), NDArray.zeros(20, 1), new FitOptions().epochs(20).batchSize(5)
                    .verbose(0).callbacks(new TerminateOnNaN()));
            List<Double> loss = hist.history().get("loss");
            assertEquals(1, loss.size());
            assertTrue(loss.get(0).isInfinite() || loss.get(0).isNaN(), "loss " + loss);
        }
    }

    @Test
    void lambdaCallbackCallsItsFunctions() {
        List<String> calls = new ArrayList<>();
        LambdaCallback cb = new LambdaCallback()
                .onTrainBegin(logs -> calls.add("train_begin"))
                .onEpochBegin((e, logs) -> calls.add("epoch_begin " + e))
                .onBatchEnd((b, logs) -> calls.add("batch_end " + b + " " + logs.containsKey("loss")))
                .onEpochEnd((e, logs) -> calls.add("epoch_end " + e + " " + logs.containsKey("loss")))
                .onTrainEnd(logs -> calls.add("train_end"));
        try (Model m = model()) {
            m.fit(x(4), y(4), new FitOptions().epochs(1).batchSize(2).verbose(0).callbacks(cb));
        }
        assertEquals(List.of("train_begin", "epoch_begin 0", "batch_end 0 true", "batch_end 1 true", "epoch_end 0 true",
                "train_end"), calls);
    }

    /** Counts every hook (Keras's TestCallbackCounts). */
    static final class Counter extends Callback {
        final Map<String, Integer> counts = new HashMap<>();

        private void count(String hook) {
            counts.merge(hook, 1, Integer::sum);
        }

        int get(String hook) {
            return counts.getOrDefault(hook, 0);
        }

        @Override public void onTrainBegin(Map<String, Double> l) { count("on_train_begin"); }
        @Override public void onTrainEnd(Map<String, Double> l) { count("on_train_end"); }
        @Override public void onEpochBegin(int e, Map<String, Double> l) { count("on_epoch_begin"); }
        @Override public void onEpochEnd(int e, Map<String, Double> l) { count("on_epoch_end"); }
        @Override public void onTrainBatchBegin(int b, Map<String, Double> l) { count("on_train_batch_begin"); super.onTrainBatchBegin(b, l); }
        @Override public void onTrainBatchEnd(int b, Map<String, Double> l) { count("on_train_batch_end"); super.onTrainBatchEnd(b, l); }
        @Override public void onBatchBegin(int b, Map<String, Double> l) { count("on_batch_begin"); }
        @Override public void onBatchEnd(int b, Map<String, Double> l) { count("on_batch_end"); }
        @Override public void onTestBegin(Map<String, Double> l) { count("on_test_begin"); }
        @Override public void onTestEnd(Map<String, Double> l) { count("on_test_end"); }
        @Override public void onTestBatchBegin(int b, Map<String, Double> l) { count("on_test_batch_begin"); }
        @Override public void onTestBatchEnd(int b, Map<String, Double> l) { count("on_test_batch_end"); }
        @Override public void onPredictBegin(Map<String, Double> l) { count("on_predict_begin"); }
        @Override public void onPredictEnd(Map<String, Double> l) { count("on_predict_end"); }
        @Override public void onPredictBatchBegin(int b, Map<String, Double> l) { count("on_predict_batch_begin"); }
        @Override public void onPredictBatchEnd(int b, Map<String, Double> l) { count("on_predict_batch_end"); }
    }

    @Test
    void hookCountsOfFitEvaluateAndPredict() {
        try (Model m = model()) {
            Counter c = new Counter();
            m.fit(x(10), y(10), new FitOptions().epochs(5).batchSize(2).verbose(0).validationData(x(4), y(4))
                    .callbacks(c));
            for (String hook : List.of("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end")) {
                assertEquals(25, c.get(hook), hook);
            }
            assertEquals(5, c.get("on_epoch_begin"));
            assertEquals(5, c.get("on_epoch_end"));
            assertEquals(5, c.get("on_test_begin"));
            assertEquals(5, c.get("on_test_end"));
            assertEquals(10, c.get("on_test_batch_begin"));
            assertEquals(10, c.get("on_test_batch_end"));
            assertEquals(1, c.get("on_train_begin"));
            assertEquals(1, c.get("on_train_end"));
            assertEquals(0, c.get("on_predict_begin"));

            Counter e = new Counter();
            m.evaluate(x(10), y(10), new EvaluateOptions().batchSize(2).verbose(0).callbacks(e));
            assertEquals(5, e.get("on_test_batch_begin"));
            assertEquals(5, e.get("on_test_batch_end"));
            assertEquals(1, e.get("on_test_begin"));
            assertEquals(1, e.get("on_test_end"));
            assertEquals(0, e.get("on_epoch_begin"));

            Counter p = new Counter();
            m.predict(x(10), new PredictOptions().batchSize(2).callbacks(p));
            assertEquals(5, p.get("on_predict_batch_begin"));
            assertEquals(5, p.get("on_predict_batch_end"));
            assertEquals(1, p.get("on_predict_begin"));
            assertEquals(1, p.get("on_predict_end"));
            assertFalse(p.counts.containsKey("on_train_begin"));
        }
    }
}
