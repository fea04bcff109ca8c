package io.jkeras.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Device;
import io.jkeras.ops.Variable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names, Keras 2.3 defaults, argument checks and the state accessors. */
class OptimizersTest {

    @Test
    void namesResolveCaseInsensitivelyWithKerasDefaults() {
        assertInstanceOf(SGD.class, Optimizers.get("sgd"));
        assertInstanceOf(RMSprop.class, Optimizers.get("RMSprop"));
        assertInstanceOf(Adagrad.class, Optimizers.get("adagrad"));
        assertInstanceOf(Adadelta.class, Optimizers.get("Adadelta"));
        assertInstanceOf(Adam.class, Optimizers.get("ADAM"));
        assertInstanceOf(Adamax.class, Optimizers.get("adamax"));
        assertInstanceOf(Nadam.class, Optimizers.get("Nadam"));
        assertEquals(0.01, Optimizers.get("sgd").learningRate());
        assertEquals(0.001, Optimizers.get("rmsprop").learningRate());
        assertEquals(0.01, Optimizers.get("adagrad").learningRate());
        assertEquals(1.0, Optimizers.get("adadelta").learningRate());
        assertEquals(0.001, Optimizers.get("adam").learningRate());
        assertEquals(0.002, Optimizers.get("adamax").learningRate());
        assertEquals(0.002, Optimizers.get("nadam").learningRate());
        assertEquals(0.9, new RMSprop().rho(), 1e-7);
        assertEquals(0.95, new Adadelta().rho(), 1e-7);
        assertEquals(1e-7, new Adagrad().epsilon(), 1e-14);
        assertEquals(0.004, new Nadam().scheduleDecay());
        assertEquals(1.0, new Nadam().mSchedule());
        assertFalse(new Adam().amsgrad());
        assertEquals(0.0, new SGD().momentum());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adamw"));
        assertEquals("Unknown optimizer: adamw", e.getMessage());
    }

    @Test
    void hyperParametersAreValidatedWithNameRangeAndValue() {
        assertMessage(() -> new Adam().learningRate(-1), "learningRate", ">= 0", "-1.0");
        assertMessage(() -> new RMSprop().rho(1.0), "rho", "[0, 1)", "1.0");
        assertMessage(() -> new Adadelta().rho(-0.1), "rho", "[0, 1)", "-0.1");
        assertMessage(() -> new Adamax().beta1(1.5), "beta1", "[0, 1)", "1.5");
        assertMessage(() -> new Nadam().beta2(Double.NaN), "beta2", "[0, 1)", "NaN");
        assertMessage(() -> new Adagrad().epsilon(-1e-3), "epsilon", ">= 0", "-0.001");
        assertMessage(() -> new SGD().momentum(-0.5), "momentum", ">= 0", "-0.5");
        assertMessage(() -> new Nadam().scheduleDecay(-1), "scheduleDecay", ">= 0", "-1.0");
        assertMessage(() -> new SGD().decay(-1), "decay", ">= 0", "-1.0");
        assertMessage(() -> new SGD().clipnorm(0), "clipnorm", "> 0", "0.0");
        assertMessage(() -> new SGD().clipvalue(-1), "clipvalue", ">= 0", "-1.0");
        assertMessage(() -> new Nadam().decay(0.1), "decay", "scheduleDecay", "0.1");
        assertMessage(() -> new Nadam().mSchedule(0), "mSchedule", "(0, 1]", "0.0");
        assertMessage(() -> new Adam().iterations(-1), "iterations", ">= 0", "-1");
    }

    private static void assertMessage(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message \"" + e.getMessage() + "\" lacks \"" + p + "\"");
        }
    }

    @FunctionalInterface
    private interface Executable {
        void run();
    }

    @Test
    void learningRateIsSettableThroughTheBaseType() {
        Optimizer o = Optimizers.get("adam");
        assertEquals(0.001, o.learningRate());
        o.learningRate(0.5);
        assertEquals(0.5, o.learningRate());
    }

    @Test
    void slotValuesBeforeTheFirstStepAreZerosAndSizesAreChecked() {
        try (Variable a = new Variable("a", Device.cpu().backend(), new float[] {1, 2, 3}, new int[] {3}, true);
             Variable b = new Variable("b", Device.cpu().backend(), new float[] {4, 5}, new int[] {2}, true);
             Adadelta opt = new Adadelta()) {
            List<Variable> vars = List.of(a, b);
            List<float[]> s = opt.slotValues(vars);
            assertEquals(4, s.size());
            assertEquals(3, s.get(0).length);
            assertEquals(2, s.get(3).length);
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> opt.setSlotValues(vars, s.subList(0, 3)));
            assertTrue(count.getMessage().contains("expected 4") && count.getMessage().contains("got 3"),
                    count.getMessage());
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> opt.setSlotValues(vars, List.of(new float[3], new float[2], new float[3], new float[3])));
            assertTrue(size.getMessage().contains("b") && size.getMessage().contains("got 3"), size.getMessage());
            opt.setSlotValues(vars, List.of(new float[] {1, 1, 1}, new float[] {2, 2}, new float[] {3, 3, 3},
                    new float[] {4, 4}));
            assertEquals(4f, opt.slotValues(vars).get(3)[1]);
        }
    }
}
