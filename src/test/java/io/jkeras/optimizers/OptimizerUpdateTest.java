package io.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer, run for some steps on the CPU backend with fixed gradient sequences,
 * against the double-precision Keras 2.3 formulas of {@link KerasReference}: parameters and
 * slots must agree to float precision.
 */
class OptimizerUpdateTest {
    /**
     * Relative tolerance. An element that cancelled to near zero is compared against a tenth of
     * the largest magnitude in its array instead, since its rounding came from that scale.
     */
    private static final double TOL = 1e-6;
    static double worst;
    private static final int STEPS = 20;

    /** Two variables (so clipnorm is global across them) and the same values in double for the reference. */
    static final class Run implements AutoCloseable {
        final Backend be = Device.cpu().backend();
        final int[][] shapes = {{3, 4}, {5}};
        final int[] sizes = {12, 5};
        final List<Variable> vars = new ArrayList<>();
        final List<double[]> params = new ArrayList<>();
        private final Random r;

        Run(long seed) {
            r = new Random(seed);
            for (int v = 0; v < shapes.length; v++) {
                float[] init = new float[sizes[v]];
                double[] ref = new double[sizes[v]];
                for (int i = 0; i < init.length; i++) {
                    init[i] = (float) (r.nextDouble() * 4 - 2);
                    ref[i] = init[i];
                }
                vars.add(new Variable("w" + v, be, init, shapes[v], true));
                params.add(ref);
            }
        }

        /** Fresh gradients in [-scale, scale), the same floats for both sides. */
        List<float[]> gradients(double scale) {
            List<float[]> gs = new ArrayList<>();
            for (int size : sizes) {
                float[] g = new float[size];
                for (int i = 0; i < size; i++) {
                    g[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
                }
                gs.add(g);
            }
            return gs;
        }

        void step(Optimizer opt, KerasReference ref, List<float[]> gs) {
            try (TensorScope scope = TensorScope.open()) {
                List<Tensor> grads = new ArrayList<>();
                List<double[]> refGrads = new ArrayList<>();
                for (int v = 0; v < gs.size(); v++) {
                    grads.add(MathOps.constant(be, gs.get(v), shapes[v]));
                    double[] d = new double[gs.get(v).length];
                    for (int i = 0; i < d.length; i++) {
                        d[i] = gs.get(v)[i];
                    }
                    refGrads.add(d);
                }
                opt.applyGradients(vars, grads);
                if (ref != null) {
                    ref.step(params, refGrads);
                }
            }
        }

        void steps(Optimizer opt, KerasReference ref, int n, double scale) {
            for (int s = 0; s < n; s++) {
                step(opt, ref, gradients(scale));
            }
        }

        /** Parameters, slots and the iteration counter agree with the reference. */
        void assertMatches(Optimizer opt, KerasReference ref) {
            assertEquals(ref.iterations, opt.iterations(), "iterations");
            for (int v = 0; v < vars.size(); v++) {
                assertClose(opt.name() + " " + vars.get(v).name(), params.get(v), vars.get(v).read());
            }
            List<float[]> slots = opt.slotValues(vars);
            List<double[]> expected = ref.slotValues(vars.size(), sizes);
            assertEquals(expected.size(), slots.size(), "slot count");
            for (int k = 0; k < slots.size(); k++) {
                assertClose(opt.name() + " slot " + k, expected.get(k), slots.get(k));
            }
        }

        @Override
        public void close() {
            vars.forEach(Variable::close);
        }
    }

    @org.junit.jupiter.api.AfterAll
    static void report() {
        System.out.println("OptimizerUpdateTest: worst relative error " + worst);
    }

    static void assertClose(String what, double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + " length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double rel = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 0.1 * scale);
            if (Double.isNaN(rel) || rel > TOL) {
                fail(what + " element " + i + ": expected " + expected[i] + " but was " + actual[i]
                        + " (relative error " + rel + ")");
            }
            worst = Math.max(worst, rel);
        }
    }

    private static void check(Optimizer opt, KerasReference ref) {
        try (Run run = new Run(42); opt) {
            run.steps(opt, ref, STEPS, 1.0);
            run.assertMatches(opt, ref);
        }
    }

    @Test
    void sgd() {
        check(new SGD().learningRate(0.1), new KerasReference.Sgd(0.1, 0, false));
    }

    @Test
    void sgdMomentum() {
        check(new SGD().learningRate(0.05).momentum(0.9), new KerasReference.Sgd(0.05, 0.9, false));
    }

    @Test
    void sgdNesterov() {
        check(new SGD().learningRate(0.05).momentum(0.9).nesterov(true), new KerasReference.Sgd(0.05, 0.9, true));
    }

    @Test
    void rmsprop() {
        check(new RMSprop().learningRate(0.01), new KerasReference.Rmsprop(0.01));
    }

    @Test
    void adagrad() {
        check(new Adagrad().learningRate(0.1), new KerasReference.Adagrad(0.1));
    }

    @Test
    void adadelta() {
        check(new Adadelta(), new KerasReference.Adadelta(1.0));
    }

    @Test
    void adam() {
        check(new Adam().learningRate(0.01), new KerasReference.Adam(0.01, false));
    }

    @Test
    void adamAmsgrad() {
        // gradients shrink after a few steps and beta2 0.9 lets v follow them down, so the
        // running maximum of v is well above v
        Adam opt = new Adam().learningRate(0.01).beta2(0.9).amsgrad(true);
        KerasReference ref = new KerasReference.Adam(0.01, 0.9, true);
        try (Run run = new Run(3); opt) {
            run.steps(opt, ref, 5, 1.0);
            run.steps(opt, ref, 30, 0.1);
            run.assertMatches(opt, ref);
            List<float[]> s = opt.slotValues(run.vars);
            // Keras order: m of both variables, v of both, vhat of both
            double v = 0;
            double vhat = 0;
            for (int i = 0; i < 12; i++) {
                v += s.get(2)[i];
                vhat += s.get(4)[i];
            }
            assertTrue(vhat > 5 * v, "vhat " + vhat + " keeps the earlier, larger v " + v);
        }
    }

    @Test
    void adamax() {
        check(new Adamax().learningRate(0.02), new KerasReference.Adamax(0.02));
    }

    @Test
    void nadam() {
        Nadam opt = new Nadam().learningRate(0.02);
        KerasReference.Nadam ref = new KerasReference.Nadam(0.02);
        check(opt, ref);
        assertEquals(ref.mSchedule, opt.mSchedule(), 1e-12);
    }

    @Test
    void decay() {
        KerasReference adam = new KerasReference.Adam(0.05, false);
        adam.decay = 0.3;
        check(new Adam().learningRate(0.05).decay(0.3), adam);
        KerasReference sgd = new KerasReference.Sgd(0.1, 0.5, false);
        sgd.decay = 0.3;
        check(new SGD().learningRate(0.1).momentum(0.5).decay(0.3), sgd);
    }

    @Test
    void clipnormIsGlobalOverAllVariables() {
        // 17 gradients in [-1, 1] have a norm near 2.4, above 0.5: every step is rescaled
        KerasReference ref = new KerasReference.Sgd(0.1, 0.9, false);
        ref.clipnorm = 0.5;
        check(new SGD().learningRate(0.1).momentum(0.9).clipnorm(0.5), ref);
        KerasReference loose = new KerasReference.Adam(0.01, false);
        loose.clipnorm = 100.0;
        check(new Adam().learningRate(0.01).clipnorm(100), loose);
    }

    @Test
    void clipnormDiffersFromPerVariableClipping() {
        // One variable's gradient is 10x the other's: global clipping scales both by the same factor.
        try (Run run = new Run(5); SGD opt = new SGD().learningRate(1).clipnorm(1)) {
            float[] before0 = run.vars.get(0).read();
            float[] before1 = run.vars.get(1).read();
            List<float[]> gs = List.of(fill(12, 3f), fill(5, 0.3f));
            run.step(opt, null, gs);
            double norm = Math.sqrt(12 * 9 + 5 * 0.09);
            assertEquals(before0[0] - 3 / norm, run.vars.get(0).read()[0], 1e-6);
            assertEquals(before1[0] - 0.3 / norm, run.vars.get(1).read()[0], 1e-6);
        }
    }

    private static float[] fill(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void clipvalue() {
        KerasReference ref = new KerasReference.Rmsprop(0.01);
        ref.clipvalue = 0.3;
        check(new RMSprop().learningRate(0.01).clipvalue(0.3), ref);
        KerasReference both = new KerasReference.Adagrad(0.1);
        both.clipnorm = 1.0;
        both.clipvalue = 0.2;
        check(new Adagrad().learningRate(0.1).clipnorm(1.0).clipvalue(0.2), both);
    }

    @Test
    void learningRateChangesBetweenSteps() {
        RMSprop opt = new RMSprop().learningRate(0.01);
        KerasReference ref = new KerasReference.Rmsprop(0.01);
        try (Run run = new Run(9); opt) {
            run.steps(opt, ref, 5, 1.0);
            Optimizer asBase = opt;
            asBase.learningRate(0.002);
            ref.lr = 0.002;
            assertEquals(0.002, opt.learningRate());
            run.steps(opt, ref, 5, 1.0);
            run.assertMatches(opt, ref);
        }
    }

    @Test
    void iterationCounterDrivesBiasCorrectionAndDecay() {
        Adam opt = new Adam().learningRate(0.01).decay(0.1);
        KerasReference ref = new KerasReference.Adam(0.01, false);
        ref.decay = 0.1;
        try (Run run = new Run(11); opt) {
            assertEquals(0, opt.iterations());
            run.steps(opt, ref, 3, 1.0);
            assertEquals(3, opt.iterations());
            // as after restoring a checkpoint taken at step 100
            opt.iterations(100);
            ref.iterations = 100;
            run.steps(opt, ref, 4, 1.0);
            assertEquals(104, opt.iterations());
            run.assertMatches(opt, ref);
        }
    }

    @Test
    void momentumTurnedOnLaterStartsFromZeroVelocity() {
        SGD opt = new SGD().learningRate(0.1);
        KerasReference.Sgd ref = new KerasReference.Sgd(0.1, 0, false);
        try (Run run = new Run(13); opt) {
            run.steps(opt, ref, 3, 1.0);
            assertEquals(0, opt.slotValues(run.vars).size());
            opt.momentum(0.9);
            ref.momentum = KerasReference.f32(0.9);
            run.steps(opt, ref, 3, 1.0);
            run.assertMatches(opt, ref);
        }
    }

    @Test
    void subnormalMomentsFlushToZeroWithoutChangingResults() {
        // 0.001 * g^2 with |g| < 1e-19 is below Float.MIN_NORMAL: v is flushed to zero, where the
        // double reference keeps a tiny value; the update (eps dominates sqrt(v)) is the same.
        Adam adam = new Adam().learningRate(0.01);
        KerasReference ref = new KerasReference.Adam(0.01, false);
        try (Run run = new Run(17); adam) {
            run.steps(adam, ref, 5, 1e-19);
            List<float[]> slots = adam.slotValues(run.vars);
            for (float v : slots.get(2)) {
                assertEquals(0f, v, "v below Float.MIN_NORMAL must be flushed");
            }
            double refV = ref.slotValues(2, run.sizes).get(2)[0];
            assertTrue(refV != 0 && Math.abs(refV) < Float.MIN_NORMAL, "reference v " + refV + " is subnormal");
            for (int v = 0; v < run.vars.size(); v++) {
                assertClose("adam param", run.params.get(v), run.vars.get(v).read());
            }
        }
        // A velocity that decays by half each step after one real gradient reaches the
        // subnormal range after ~120 steps and is flushed; the parameters do not notice.
        SGD sgd = new SGD().learningRate(0.1).momentum(0.5);
        KerasReference sgdRef = new KerasReference.Sgd(0.1, 0.5, false);
        try (Run run = new Run(19); sgd) {
            run.steps(sgd, sgdRef, 1, 1.0);
            List<float[]> zero = List.of(new float[12], new float[5]);
            for (int s = 0; s < 160; s++) {
                run.step(sgd, sgdRef, zero);
            }
            for (float v : sgd.slotValues(run.vars).get(0)) {
                assertEquals(0f, v, "velocity must be flushed to zero");
            }
            for (int v = 0; v < run.vars.size(); v++) {
                assertClose("sgd param", run.params.get(v), run.vars.get(v).read());
            }
        }
    }

    @Test
    void stateRestoredIntoAFreshOptimizerContinuesIdentically() {
        try (Run a = new Run(23); Run b = new Run(23); Nadam first = new Nadam(); Nadam second = new Nadam()) {
            for (int s = 0; s < 4; s++) {
                List<float[]> g = a.gradients(1.0);
                a.step(first, null, g);
            }
            for (int v = 0; v < a.vars.size(); v++) {
                b.vars.get(v).assign(a.vars.get(v).read());
            }
            second.iterations(first.iterations());
            second.mSchedule(first.mSchedule());
            second.setSlotValues(b.vars, first.slotValues(a.vars));
            for (int s = 0; s < 4; s++) {
                List<float[]> g = a.gradients(1.0);
                a.step(first, null, g);
                b.step(second, null, g);
            }
            for (int v = 0; v < a.vars.size(); v++) {
                assertArrayEquals(a.vars.get(v).read(), b.vars.get(v).read());
            }
            assertEquals(first.mSchedule(), second.mSchedule());
        }
    }
}
