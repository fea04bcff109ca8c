package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.callbacks.Callback;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keras 2.3's generator tests (test_training.py::test_fit_generator and friends), ported. */
class GeneratorTest {

    @BeforeEach
    void seed() {
        Utils.clearSession();
        Utils.setRandomSeed(3);
    }

    /** Keras's RandomSequence: 12 batches of random (x, [y1, y2]) for the two-output model. */
    static final class RandomSequence implements Sequence {
        final int batchSize;
        final int batches;
        final List<Integer> reads = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger epochEnds = new AtomicInteger();

        RandomSequence(int batchSize, int batches) {
            this.batchSize = batchSize;
            this.batches = batches;
        }

        @Override
        public int size() {
            return batches;
        }

        @Override
        public Batch get(int index) {
            reads.add(index);
            Random r = new Random(index);
            return new Batch(Data.of(random(r, batchSize, 3), random(r, batchSize, 3)),
                    Data.of(random(r, batchSize, 4), random(r, batchSize, 3)), null);
        }

        @Override
        public void onEpochEnd() {
            epochEnds.incrementAndGet();
        }
    }

    static NDArray random(Random r, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return NDArray.of(v, shape);
    }

    private static Model twoOutputs() {
        KerasTensor a = Input.of("input_a", 3);
        KerasTensor b = Input.of("input_b", 3);
        KerasTensor oa = new Dense(4).name("dense_1").apply(a);
        KerasTensor ob = new Dropout(0.5).name("dropout").apply(b);
        Model m = new Model(List.of(a, b), List.of(oa, ob));
        m.compile(new CompileOptions().optimizer("rmsprop").loss("mse").lossWeights(List.of(1.0, 0.5)));
        return m;
    }

    /** Records (epoch, batch) of every training batch and counts test runs. */
    static final class Tracker extends Callback {
        final List<Integer> epochs = new ArrayList<>();
        final List<Integer> batches = new ArrayList<>();
        int testRuns;

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            epochs.add(epoch);
        }

        @Override
        public void onBatchBegin(int batch, Map<String, Double> logs) {
            batches.add(batch);
        }

        @Override
        public void onTestBegin(Map<String, Double> logs) {
            testRuns++;
        }
    }

    private static List<Integer> repeat(int n, int times) {
        List<Integer> out = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void fitOnASequenceWithAndWithoutStepsPerEpoch() {
        try (Model m = twoOutputs()) {
            Tracker t = new Tracker();
            RandomSequence val = new RandomSequence(4, 12);
            m.fitGenerator(new RandomSequence(3, 12), new FitOptions().stepsPerEpoch(3).epochs(5).verbose(0)
                    .validationData(val).validationSteps(3).maxQueueSize(1).callbacks(t));
            assertEquals(List.of(0, 1, 2, 3, 4), t.epochs);
            assertEquals(repeat(3, 5), t.batches);
            assertTrue(val.reads.size() <= 4 * 5 && val.reads.size() >= 3 * 5, "validation reads " + val.reads.size());

            Tracker all = new Tracker();
            RandomSequence seq = new RandomSequence(3, 12);
            History h = m.fit(seq, new FitOptions().epochs(5).verbose(0).callbacks(all));
            assertEquals(repeat(12, 5), all.batches);
            assertEquals(5, h.history().get("loss").size());
            assertEquals(5, seq.epochEnds.get(), "onEpochEnd after each full pass");
            assertEquals(60, seq.reads.size(), "each index once per epoch");
        }
    }

    @Test
    void validationSequenceIsReadExactlyOncePerBatchWithoutWorkers() {
        try (Model m = twoOutputs()) {
            RandomSequence val = new RandomSequence(4, 12);
            m.fit(new RandomSequence(3, 12), new FitOptions().epochs(5).verbose(0).workers(0).validationData(val));
            assertEquals(60, val.reads.size());
        }
    }

    @Test
    void plainGeneratorNeedsStepsAndRunsOnItsStream() {
        try (Model m = twoOutputs()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.fit(endless(new RandomSequence(3, 12)), new FitOptions().epochs(2).verbose(0)));
            assertTrue(e.getMessage().contains("steps_per_epoch"), e.getMessage());
            Tracker t = new Tracker();
            History h = m.fitGenerator(endless(new RandomSequence(3, 12)), new FitOptions().stepsPerEpoch(4).epochs(3)
                    .verbose(0).callbacks(t).validationData(endless(new RandomSequence(4, 12))).validationSteps(2)
                    .validationFreq(List.of(1, 3)));
            assertEquals(repeat(4, 3), t.batches);
            assertEquals(2, t.testRuns);
            assertEquals(2, h.history().get("val_loss").size());
            assertThrows(IllegalArgumentException.class, () -> m.fit(endless(new RandomSequence(3, 12)),
                    new FitOptions().stepsPerEpoch(2).verbose(0).validationData(endless(new RandomSequence(4, 12)))),
                    "a validation generator needs validationSteps");
        }
    }

    static Iterator<Batch> endless(Sequence s) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Batch next() {
                return s.get(i++ % s.size());
            }
        };
    }

    @Test
    void validationFreqCountsTestRuns() {
        try (Model m = twoOutputs()) {
            Tracker every2 = new Tracker();
            m.fit(new RandomSequence(2, 5), new FitOptions().epochs(4).verbose(0).validationFreq(2)
                    .validationData(new RandomSequence(2, 2)).callbacks(every2));
            assertEquals(2, every2.testRuns);
            Tracker listed = new Tracker();
            m.fit(new RandomSequence(2, 5), new FitOptions().epochs(4).verbose(0).validationFreq(List.of(4, 2, 2, 1))
                    .validationData(new RandomSequence(2, 2)).callbacks(listed));
            assertEquals(3, listed.testRuns);
        }
    }

    /** Keras's test_fit_generator_dynamic_size_sequence_main_thread. */
    @Test
    void aSequenceMayChangeItsSizeAfterEachEpoch() {
        Sequence growing = new Sequence() {
            int batchSize = 3;

            @Override
            public int size() {
                return (int) Math.ceil(20.0 / batchSize);
            }

            @Override
            public Batch get(int index) {
                int n = Math.min(batchSize, 20 - index * batchSize);
                Random r = new Random(index);
                return new Batch(Data.of(random(r, n, 3), random(r, n, 3)), Data.of(random(r, n, 4), random(r, n, 3)),
                        null);
            }

            @Override
            public void onEpochEnd() {
                batchSize += 2;
            }
        };
        try (Model m = twoOutputs()) {
            List<Integer> steps = new ArrayList<>();
            Callback c = new Callback() {
                int count;

                @Override
                public void onEpochBegin(int epoch, Map<String, Double> logs) {
                    count = 0;
                }

                @Override
                public void onBatchEnd(int batch, Map<String, Double> logs) {
                    count++;
                }

                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    steps.add(count);
                }
            };
            m.fit(growing, new FitOptions().epochs(5).verbose(0).workers(0).callbacks(c));
            assertEquals(List.of(7, 4, 3, 3, 2), steps);
        }
    }

    @Test
    void predictAndEvaluateOnGenerators() {
        try (Model m = twoOutputs()) {
            for (int batches : new int[] {1, 2}) {
                List<NDArray> p = m.predictGenerator(new RandomSequence(5, batches), new PredictOptions());
                assertArrayEquals(new int[] {5 * batches, 4}, p.get(0).shape());
                assertArrayEquals(new int[] {5 * batches, 3}, p.get(1).shape());
            }
            List<NDArray> fromIterator = m.predictGenerator(endless(new RandomSequence(5, 2)),
                    new PredictOptions().steps(3));
            assertEquals(15, fromIterator.get(0).length());
            assertThrows(IllegalArgumentException.class,
                    () -> m.evaluateGenerator(endless(new RandomSequence(5, 2)), new EvaluateOptions()));
            // the loss is the batch-size-weighted mean over batches, not the last batch's (Keras 2.3's bug)
            RandomSequence seq = new RandomSequence(5, 3);
            List<Double> scores = m.evaluate(seq, new EvaluateOptions().verbose(0));
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                Batch b = seq.get(i);
                sum += m.testOnBatch(b.x(), b.y(), new OnBatchOptions()).get(0);
            }
            assertEquals(sum / 3, scores.get(0), 1e-5);
        }
    }

    @Test
    void workersKeepTheSequenceOrderAndSurfaceErrors() {
        try (Model m = twoOutputs()) {
            RandomSequence seq = new RandomSequence(3, 12);
            List<Double> losses = new ArrayList<>();
            Callback c = new Callback() {
                @Override
                public void onBatchEnd(int batch, Map<String, Double> logs) {
                    losses.add(logs.get("loss"));
                }
            };
            m.evaluate(seq, new EvaluateOptions().verbose(0).workers(4).maxQueueSize(5));
            List<Double> serial = m.evaluate(seq, new EvaluateOptions().verbose(0).workers(0));
            List<Double> parallel = m.evaluate(seq, new EvaluateOptions().verbose(0).workers(3).maxQueueSize(2));
            assertEquals(serial, parallel, "same batches in the same order");
            Sequence failing = new Sequence() {
                @Override
                public int size() {
                    return 4;
                }

                @Override
                public Batch get(int index) {
                    if (index == 2) {
                        throw new IllegalStateException("disk on fire");
                    }
                    return seq.get(index);
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> m.fit(failing, new FitOptions().verbose(0).workers(2).callbacks(c)));
            assertTrue(e.getMessage().contains("batch 2"), e.getMessage());
            assertEquals("disk on fire", e.getCause().getMessage());
        }
    }

    @Test
    void anExhaustedGeneratorEndsTrainingCleanly() {
        try (Model m = twoOutputs()) {
            List<Batch> five = new ArrayList<>();
            RandomSequence seq = new RandomSequence(3, 5);
            for (int i = 0; i < 5; i++) {
                five.add(seq.get(i));
            }
            History h = m.fit(five.iterator(), new FitOptions().stepsPerEpoch(2).epochs(10).verbose(0));
            assertEquals(List.of(0, 1, 2), h.epoch(), "two full epochs and the one that ran out");
        }
    }

    @Test
    void generatorBatchesMayCarrySampleWeights() {
        KerasTensor in = Input.of(2);
        try (Model m = new Model(in, new Dense(1).kernelInitializer("ones").apply(in))) {
            m.compile("sgd", "mse");
            NDArray x = NDArray.of(new float[] {1, 1, 2, 2}, 2, 2);
            NDArray y = NDArray.of(new float[] {0, 0}, 2, 1);
            NDArray w = NDArray.of(new float[] {1, 0}, 2);
            List<Double> viaGenerator = m.evaluateGenerator(List.of(Batch.of(x, y, w)).iterator(),
                    new EvaluateOptions().steps(1).verbose(0));
            // predictions 2 and 4, squared errors 4 and 16, weights 1 and 0: (4 + 0) / 2
            assertEquals(2.0, viaGenerator.get(0), 1e-6);
        }
    }

    @Test
    void argumentsThatGeneratorsCannotTakeAreRefused() {
        try (Model m = twoOutputs()) {
            RandomSequence seq = new RandomSequence(3, 2);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(seq, new FitOptions().batchSize(3)))
                    .getMessage().contains("batch_size"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(seq, new FitOptions()
                    .sampleWeight(NDArray.zeros(3)))).getMessage().contains("sample_weight"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(seq, new FitOptions()
                    .validationSplit(0.2))).getMessage().contains("validation_split"));
            Sequence noTargets = new Sequence() {
                @Override
                public int size() {
                    return 1;
                }

                @Override
                public Batch get(int index) {
                    return new Batch(seq.get(0).x(), null, null);
                }
            };
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.fit(noTargets, new FitOptions().verbose(0)
                    .workers(0))).getMessage().contains("Output of generator"));
        }
    }

    @Test
    void stepsPerEpochWithArraysDrawsFromARepeatingStream() {
        KerasTensor in = Input.of(3);
        try (Model m = new Model(in, new Dense(2).apply(in))) {
            m.compile("sgd", "mse");
            Tracker t = new Tracker();
            Random r = new Random(1);
            m.fit(random(r, 10, 3), random(r, 10, 2), new FitOptions().batchSize(4).stepsPerEpoch(5).epochs(2)
                    .verbose(0).callbacks(t));
            assertEquals(repeat(5, 2), t.batches, "5 batches per epoch although one pass has 3");
            List<Double> scores = m.evaluate(random(r, 10, 3), random(r, 10, 2), new EvaluateOptions().batchSize(4)
                    .steps(2).verbose(0));
            assertEquals(1, scores.size());
            NDArray p = m.predict(random(r, 10, 3), new PredictOptions().batchSize(4).steps(2));
            assertEquals(8, p.length(), "two batches of four");
            assertSame(null, m.optimizer().clipnorm());
        }
    }
}
