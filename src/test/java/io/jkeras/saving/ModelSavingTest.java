package io.jkeras.saving;

import static io.jkeras.saving.SavingFixtures.assertBits;
import static io.jkeras.saving.SavingFixtures.assertSameWeights;
import static io.jkeras.saving.SavingFixtures.configs;
import static io.jkeras.saving.SavingFixtures.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.CompileOptions;
import io.jkeras.Data;
import io.jkeras.FitOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Sequential;
import io.jkeras.Utils;
import io.jkeras.backend.Tensor;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.losses.MeanSquaredError;
import io.jkeras.ops.MathOps;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.SGD;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole-model files: architecture, weights and training state survive a save and a load. */
class ModelSavingTest {
    @TempDir
    Path dir;

    @BeforeEach
    void seed() {
        Utils.setRandomSeed(3);
    }

    @Test
    void everyLayerTypeRoundTrips() {
        Random r = new Random(1);
        Data x = Data.of(random(r, 5, 8, 8, 2), random(r, 5, 6));
        Path file = dir.resolve("every.jks");
        try (Model m = SavingFixtures.everyLayer()) {
            m.save(file);
            Utils.clearSession();
            try (Model loaded = Model.load(file)) {
                assertEquals(Model.class, loaded.getClass());
                assertEquals("every_layer", loaded.name());
                assertEquals(m.summary(), loaded.summary(), "names, shapes, parameter counts and connections");
                assertEquals(configs(m), configs(loaded));
                assertEquals(m.inputNames(), loaded.inputNames());
                assertEquals(m.outputNames(), loaded.outputNames());
                assertSameWeights(m.getWeights(), loaded.getWeights());
                for (int i = 0; i < m.weights().size(); i++) {
                    assertEquals(m.weights().get(i).name(), loaded.weights().get(i).name());
                    assertEquals(m.weights().get(i).trainable(), loaded.weights().get(i).trainable());
                }
                List<NDArray> expected = m.predictAll(x);
                List<NDArray> actual = loaded.predictAll(x);
                for (int k = 0; k < expected.size(); k++) {
                    assertBits(expected.get(k).toFloatArray(), actual.get(k).toFloatArray(), "output " + k);
                }
                assertNull(loaded.optimizer(), "saved uncompiled, loaded uncompiled");
            }
        }
    }

    @Test
    void sequentialStaysSequentialWithItsName() {
        Path file = dir.resolve("seq.jks");
        try (Sequential s = new Sequential(Input.of(4), List.of(new Dense(3).activation("relu"),
                new Dropout(0.5).seed(42), new Dense(2)), "my_stack")) {
            s.save(file.toString());
            try (Model loaded = Model.load(file.toString())) {
                Sequential seq = assertInstanceOf(Sequential.class, loaded);
                assertEquals("my_stack", seq.name());
                assertEquals(3, seq.layers().size());
                assertEquals(42L, ((Dropout) seq.getLayer(1)).seed());
                assertEquals(s.summary(), seq.summary());
                assertSameWeights(s.getWeights(), seq.getWeights());
            }
        }
    }

    @Test
    void compileConfigurationAndOptimizerStateRoundTrip() {
        Random r = new Random(2);
        KerasTensor in = Input.of(4);
        KerasTensor h = new Dense(5).activation("relu").apply(in);
        KerasTensor a = new Dense(2).activation("softmax").name("a").apply(h);
        KerasTensor b = new Dense(1).name("b").apply(h);
        Path file = dir.resolve("compiled.jks");
        Optimizer[] optimizers = {new Adam().learningRate(0.01).beta1(0.8).amsgrad(true).clipnorm(0.5),
            new Nadam().learningRate(0.003).scheduleDecay(0.01), new SGD().momentum(0.9).nesterov(true).decay(0.1)
                .clipvalue(0.2)};
        try (Model m = new Model(List.of(in), List.of(a, b))) {
            for (Optimizer opt : optimizers) {
                m.compile(new CompileOptions().optimizer(opt).loss(Map.of("a", "categorical_crossentropy", "b", "mse"))
                        .metrics(Map.of("a", List.of("accuracy"), "b", List.of("mae")))
                        .lossWeights(List.of(1.0, 0.25)));
                m.fit(Data.of(random(r, 12, 4)), Data.of(SavingFixtures.oneHot(r, 12, 2), random(r, 12, 1)),
                        new FitOptions().epochs(1).batchSize(4).verbose(0));
                m.save(file);
                try (Model loaded = Model.load(file)) {
                    Optimizer lo = loaded.optimizer();
                    assertEquals(opt.getClass(), lo.getClass());
                    assertEquals(opt.getConfig(), lo.getConfig());
                    assertEquals(3, lo.iterations());
                    if (opt instanceof Nadam n) {
                        assertEquals(n.mSchedule(), ((Nadam) lo).mSchedule());
                    }
                    List<float[]> expected = opt.slotValues(m.weights());
                    List<float[]> actual = lo.slotValues(loaded.weights());
                    assertEquals(expected.size(), actual.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertBits(expected.get(i), actual.get(i), opt.name() + " slot " + i);
                    }
                    assertEquals(m.metricsNames(), loaded.metricsNames());
                }
            }
        }
    }

    @Test
    void changedLearningRateIsSaved() {
        Path file = dir.resolve("lr.jks");
        try (Sequential s = new Sequential(Input.of(2), new Dense(1))) {
            s.compile("sgd", "mse");
            s.optimizer().learningRate(0.00123);
            s.save(file);
            try (Model loaded = Model.load(file)) {
                assertEquals(0.00123, loaded.optimizer().learningRate());
            }
        }
    }

    @Test
    void objectsThatCannotBeDescribedAreRefusedBeforeTheFileIsTouched() throws Exception {
        Path file = dir.resolve("refused.jks");
        Files.writeString(file, "previous content");
        try (Sequential s = new Sequential(Input.of(2), new Dense(1))) {
            s.compile(new CompileOptions().optimizer("sgd").loss(new MeanSquaredError()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.save(file));
            assertTrue(e.getMessage().contains("loss") && e.getMessage().contains("MeanSquaredError")
                    && e.getMessage().contains("save(path, false)"), e.getMessage());
            assertEquals("previous content", Files.readString(file));
            s.save(file, false);
            try (Model loaded = Model.load(file)) {
                assertNull(loaded.optimizer(), "saved without its training configuration");
            }
        }
        try (Sequential s = new Sequential(Input.of(2), new Dense(1).activation(x -> MathOps.mul(x, 2f)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.save(file));
            assertTrue(e.getMessage().contains("ActivationFunction given directly"), e.getMessage());
        }
        try (Sequential s = new Sequential(Input.of(2),
                new Dense(1).kernelInitializer((shape, seed) -> new float[2]))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.save(file));
            assertTrue(e.getMessage().contains("initializer") && e.getMessage().contains("cannot be saved"),
                    e.getMessage());
        }
        try (Sequential s = new Sequential(Input.of(2), new Doubling())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.save(file));
            assertTrue(e.getMessage().contains("LayerRegistry.register"), e.getMessage());
        }
        try (Sequential s = new Sequential(Input.of(2), new Dense(1))) {
            s.compile(new Adam() { }, "mse");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.save(file));
            assertTrue(e.getMessage().contains("cannot be saved"), e.getMessage());
        }
    }

    /** A user's layer: unknown to the registry until it registers. */
    static final class Doubling extends BaseLayer<Doubling> {
        @Override
        public int[] computeOutputShape(List<int[]> inputShapes) {
            return inputShapes.get(0).clone();
        }

        @Override
        public Tensor call(List<Tensor> inputs, boolean training) {
            return MathOps.mul(inputs.get(0), 2f);
        }
    }

    @Test
    void registeredUserLayerRoundTrips() {
        LayerRegistry.register(Doubling.class, c -> new Doubling());
        Path file = dir.resolve("user.jks");
        try (Sequential s = new Sequential(Input.of(3), new Dense(2), new Doubling().name("twice"))) {
            s.save(file);
            try (Model loaded = Model.load(file)) {
                assertEquals("twice", loaded.getLayer(1).name());
                assertInstanceOf(Doubling.class, loaded.getLayer(1));
                NDArray x = random(new Random(5), 2, 3);
                assertBits(s.predict(x).toFloatArray(), loaded.predict(x).toFloatArray(), "prediction");
            }
        }
    }
}
