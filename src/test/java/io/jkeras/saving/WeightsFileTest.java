package io.jkeras.saving;

import static io.jkeras.saving.SavingFixtures.assertBits;
import static io.jkeras.saving.SavingFixtures.assertSameWeights;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Data;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Sequential;
import io.jkeras.Utils;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Dense;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saveWeights and loadWeights: layer by layer in order, checked completely before anything is assigned. */
class WeightsFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        Utils.setRandomSeed(5);
    }

    private static Sequential mlp(int hidden, boolean lastBias) {
        return new Sequential(Input.of(4), new Dense(hidden).activation("relu"), new BatchNormalization(),
                new Dense(2).useBias(lastBias));
    }

    @Test
    void weightsGoToAModelOfTheSameArchitectureWhateverItsNames() {
        Path file = dir.resolve("w.jks");
        try (Model a = SavingFixtures.everyLayer(); Model b = SavingFixtures.everyLayer()) {
            a.saveWeights(file);
            b.loadWeights(file.toString());
            assertSameWeights(a.getWeights(), b.getWeights());
            Random r = new Random(3);
            Data x = Data.of(SavingFixtures.random(r, 2, 8, 8, 2), SavingFixtures.random(r, 2, 6));
            List<NDArray> pa = a.predictAll(x);
            List<NDArray> pb = b.predictAll(x);
            for (int k = 0; k < pa.size(); k++) {
                assertBits(pa.get(k).toFloatArray(), pb.get(k).toFloatArray(), "output " + k);
            }
        }
    }

    @Test
    void shapeMismatchNamesLayerAndShapesAndChangesNothing() {
        Path file = dir.resolve("w.jks");
        try (Sequential saved = mlp(5, true); Sequential other = mlp(6, true)) {
            saved.saveWeights(file);
            List<NDArray> before = other.getWeights();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(file));
            String name = other.getLayer(0).name();
            assertTrue(e.getMessage().contains("\"" + name + "\"") && e.getMessage().contains("(4, 6)")
                    && e.getMessage().contains("(4, 5)"), e.getMessage());
            assertSameWeights(before, other.getWeights());
        }
    }

    @Test
    void laterMismatchStillLeavesEarlierLayersUnchanged() {
        Path file = dir.resolve("w.jks");
        try (Sequential saved = mlp(5, true); Sequential other = mlp(5, false)) {
            saved.saveWeights(file);
            List<NDArray> before = other.getWeights();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(file));
            assertTrue(e.getMessage().contains("has 1 weights") && e.getMessage().contains("file has 2"),
                    e.getMessage());
            assertSameWeights(before, other.getWeights());
        }
    }

    @Test
    void layerCountMismatch() {
        Path file = dir.resolve("w.jks");
        try (Sequential saved = mlp(5, true);
             Sequential other = new Sequential(Input.of(4), new Dense(5), new Dense(2))) {
            saved.saveWeights(file);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadWeights(file));
            assertTrue(e.getMessage().contains("containing 3 layers into a model with 2 layers"), e.getMessage());
        }
    }

    @Test
    void wholeModelFilesAlsoGiveWeightsButWeightFilesGiveNoModel() {
        Path model = dir.resolve("m.jks");
        Path weights = dir.resolve("w.jks");
        try (Sequential a = mlp(5, true); Sequential b = mlp(5, true)) {
            a.save(model);
            b.loadWeights(model);
            assertSameWeights(a.getWeights(), b.getWeights());
            a.saveWeights(weights);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.load(weights));
            assertTrue(e.getMessage().contains("holds only weights") && e.getMessage().contains("loadWeights"),
                    e.getMessage());
        }
    }
}
