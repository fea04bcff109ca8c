package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.FitOptions;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Sequential;
import io.jkeras.Utils;
import io.jkeras.layers.Dense;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keras 2.3's test_ModelCheckpoint, ported, and the rest of section 9.5 driven epoch by epoch. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    private final Random r = new Random(1337);
    private NDArray x;
    private NDArray y;
    private NDArray xv;
    private NDArray yv;

    @BeforeEach
    void data() {
        Utils.setRandomSeed(1337);
        x = random(20, 4);
        y = oneHot(20);
        xv = random(8, 4);
        yv = oneHot(8);
    }

    private NDArray random(int n, int d) {
        float[] v = new float[n * d];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, n, d);
    }

    private NDArray oneHot(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = r.nextInt(2);
        }
        return Utils.toCategorical(l, 2);
    }

    private static Sequential model() {
        Sequential m = new Sequential(Input.of(4), new Dense(5).activation("relu"), new Dense(2).activation("softmax"));
        m.compile("rmsprop", "categorical_crossentropy", "accuracy");
        return m;
    }

    private void fit(Model m, int epochs, ModelCheckpoint cb) {
        m.fit(x, y, new FitOptions().epochs(epochs).batchSize(5).validationData(xv, yv).callbacks(cb).verbose(0));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void kerasCasesOneToFour() throws IOException {
        Path file = dir.resolve("checkpoint.jks");
        String[][] cases = {{"val_loss", "auto", "false"}, {"val_loss", "min", "false"},
            {"val_accuracy", "max", "false"}, {"val_accuracy", "max", "true"}};
        for (String[] c : cases) {
            try (Model m = model()) {
                fit(m, 1, new ModelCheckpoint(file).monitor(c[0]).mode(c[1]).saveBestOnly(Boolean.parseBoolean(c[2])));
                assertTrue(Files.isRegularFile(file), String.join(",", c));
                Files.delete(file);
            }
        }
    }

    @Test
    void kerasCaseFivePeriodTwoOverFourEpochs() throws IOException {
        String template = dir.resolve("checkpoint.{epoch:02d}.jks").toString();
        try (Model m = model()) {
            fit(m, 4, new ModelCheckpoint(template).period(2));
        }
        assertEquals(List.of("checkpoint.02.jks", "checkpoint.04.jks"), files());
        try (Model m = model()) {
            fit(m, 4, new ModelCheckpoint(dir.resolve("freq.{epoch}.jks")).saveFreq(3));
        }
        assertTrue(files().contains("freq.3.jks") && !files().contains("freq.4.jks"), files().toString());
    }

    @Test
    void unknownModeAndBadPeriodAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ModelCheckpoint("c.jks").mode("unknown"));
        assertTrue(e.getMessage().contains("ModelCheckpoint") && e.getMessage().contains("unknown"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("c.jks").period(0));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("c.jks").saveFreq("batch"));
        assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint(""));
    }

    /** Feeds epoch ends with the given monitored values and returns what was printed. */
    private static String drive(ModelCheckpoint cb, Model m, String key, double... values) {
        cb.setModel(m);
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            for (int e = 0; e < values.length; e++) {
                Logs logs = new Logs();
                logs.put("loss", 1.0 / (e + 1));
                logs.put(key, values[e]);
                cb.onEpochEnd(e, logs);
            }
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void filePathFormatsTheEpochAndLogValues() throws IOException {
        try (Model m = model()) {
            drive(new ModelCheckpoint(dir.resolve("w.{epoch:02d}-{val_loss:.2f}.jks")), m, "val_loss", 0.5, 0.45, 0.41);
        }
        assertEquals(List.of("w.01-0.50.jks", "w.02-0.45.jks", "w.03-0.41.jks"), files());
    }

    @Test
    void aFieldNamingAMissingLogValueFails() {
        try (Model m = model()) {
            ModelCheckpoint cb = new ModelCheckpoint(dir.resolve("w.{val_acc:.2f}.jks"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> drive(cb, m, "val_loss", 0.5));
            assertTrue(e.getMessage().contains("val_acc") && e.getMessage().contains("val_loss"), e.getMessage());
        }
    }

    @Test
    void saveBestOnlySavesStrictImprovementsAndPrintsAsKeras() throws IOException {
        Path template = dir.resolve("best.{epoch}.jks");
        String printed;
        try (Model m = model()) {
            printed = drive(new ModelCheckpoint(template).saveBestOnly(true).verbose(1), m, "val_loss", 0.5, 0.6,
                    0.41, 0.41);
        }
        assertEquals(List.of("best.1.jks", "best.3.jks"), files());
        String n = System.lineSeparator();
        assertEquals(n + "Epoch 00001: val_loss improved from inf to 0.50000, saving model to "
                + dir.resolve("best.1.jks") + n
                + n + "Epoch 00002: val_loss did not improve from 0.50000" + n
                + n + "Epoch 00003: val_loss improved from 0.50000 to 0.41000, saving model to "
                + dir.resolve("best.3.jks") + n
                + n + "Epoch 00004: val_loss did not improve from 0.41000" + n, printed);
    }

    @Test
    void maximisingMonitorsAndTheBestKeptAcrossFits() throws IOException {
        try (Model m = model()) {
            ModelCheckpoint acc = new ModelCheckpoint(dir.resolve("acc.{epoch}.jks")).monitor("val_accuracy")
                    .saveBestOnly(true);
            assertEquals(Double.NEGATIVE_INFINITY, acc.best());
            drive(acc, m, "val_accuracy", 0.5, 0.7, 0.6);
            assertEquals(0.7, acc.best());
            drive(acc, m, "val_accuracy", 0.65);
            ModelCheckpoint f = new ModelCheckpoint(dir.resolve("f.{epoch}.jks")).monitor("fmeasure_score")
                    .saveBestOnly(true);
            drive(f, m, "fmeasure_score", 0.2, 0.3);
        }
        assertEquals(List.of("acc.1.jks", "acc.2.jks", "f.1.jks", "f.2.jks"), files());
    }

    @Test
    void missingMonitorWarnsAndSkips() throws IOException {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try (Model m = model()) {
            drive(new ModelCheckpoint(dir.resolve("c.jks")).saveBestOnly(true), m, "loss_only", 0.5);
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Can save best model only with val_loss available,"
                + " skipping."), err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), files());
    }

    @Test
    void wholeModelsOrWeightsOnly() throws IOException {
        Path whole = dir.resolve("whole.jks");
        Path weights = dir.resolve("weights.jks");
        try (Model m = model()) {
            fit(m, 1, new ModelCheckpoint(whole));
            fit(m, 1, new ModelCheckpoint(weights).saveWeightsOnly(true));
            try (Model loaded = Model.load(whole)) {
                assertEquals(m.optimizer().getClass(), loaded.optimizer().getClass());
            }
            assertThrows(IllegalArgumentException.class, () -> Model.load(weights));
            try (Model other = model()) {
                other.loadWeights(weights);
                assertEquals(m.getWeights(), other.getWeights());
            }
        }
        assertFalse(files().stream().anyMatch(f -> f.endsWith(".tmp")), files().toString());
    }
}
