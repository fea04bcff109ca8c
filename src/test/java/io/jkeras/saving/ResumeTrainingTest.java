package io.jkeras.saving;

import static io.jkeras.saving.SavingFixtures.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.CompileOptions;
import io.jkeras.FitOptions;
import io.jkeras.History;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training N epochs in one go, and training k epochs, saving, loading into a fresh session
 * and going on from initialEpoch k to N, end with the same weights and the same History,
 * bit for bit. The model has Dropout (its seed and call counter are saved) and
 * BatchNormalization (moving statistics are weights); fit does not shuffle, since a fit draws
 * its shuffling order from the global seed stream, which a file does not carry.
 */
class ResumeTrainingTest {
    private static final int EPOCHS = 4;
    private static final int SAVED_AFTER = 2;

    @TempDir
    Path dir;

    private final Random r = new Random(7);
    private final NDArray x = SavingFixtures.random(r, 24, 5);
    private final NDArray y = SavingFixtures.oneHot(r, 24, 3);
    private final NDArray xv = SavingFixtures.random(r, 8, 5);
    private final NDArray yv = SavingFixtures.oneHot(r, 8, 3);

    private static Model model(Optimizer optimizer) {
        KerasTensor in = Input.of(5);
        KerasTensor h = new Dense(8).activation("relu").kernelRegularizer(io.jkeras.regularizers.Regularizers.l2(1e-3))
                .apply(in);
        KerasTensor n = new BatchNormalization().apply(h);
        KerasTensor d = new Dropout(0.3).apply(n);
        KerasTensor out = new Dense(3).activation("softmax").apply(d);
        Model m = new Model(in, out);
        m.compile(new CompileOptions().optimizer(optimizer).loss("categorical_crossentropy").metrics("accuracy"));
        return m;
    }

    private History fit(Model m, int initialEpoch, int epochs) {
        return m.fit(x, y, new FitOptions().epochs(epochs).initialEpoch(initialEpoch).batchSize(5).shuffle(true)
                .validationData(xv, yv).verbose(0));
    }

    private void checkResumeIsExact(Supplier<Optimizer> optimizer) {
        Utils.clearSession();
        Utils.setRandomSeed(11);
        History whole;
        List<NDArray> wholeWeights;
        try (Model m = model(optimizer.get())) {
            whole = fit(m, 0, EPOCHS);
            wholeWeights = m.getWeights();
        }

        Utils.clearSession();
        Utils.setRandomSeed(11);
        Path file = dir.resolve("resume.jks");
        try (Model m = model(optimizer.get())) {
            fit(m, 0, SAVED_AFTER);
            m.save(file);
        }
        Utils.clearSession();
        Utils.setRandomSeed(99);
        try (Model resumed = Model.load(file)) {
            History rest = fit(resumed, SAVED_AFTER, EPOCHS);
            assertSameWeights(wholeWeights, resumed.getWeights());
            assertEquals(List.of(2, 3), rest.epoch());
            for (Map.Entry<String, List<Double>> e : whole.history().entrySet()) {
                List<Double> tail = e.getValue().subList(SAVED_AFTER, EPOCHS);
                List<Double> got = rest.history().get(e.getKey());
                for (int i = 0; i < tail.size(); i++) {
                    assertEquals(Double.doubleToRawLongBits(tail.get(i)), Double.doubleToRawLongBits(got.get(i)),
                            e.getKey() + " of epoch " + (SAVED_AFTER + i) + ": " + tail + " vs " + got);
                }
            }
        }
    }

    @Test
    void adamWithAmsgradResumesExactly() {
        checkResumeIsExact(() -> new Adam().learningRate(0.01).amsgrad(true));
    }

    @Test
    void nadamResumesExactly() {
        checkResumeIsExact(() -> new Nadam().learningRate(0.005));
    }

    @Test
    void sgdWithMomentumDecayAndClippingResumesExactly() {
        checkResumeIsExact(() -> new SGD().learningRate(0.05).momentum(0.9).nesterov(true).decay(0.01).clipnorm(1.0));
    }
}
