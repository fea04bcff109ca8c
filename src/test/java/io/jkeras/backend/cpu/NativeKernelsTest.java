package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CPU kernel library loads wherever the build made it, and each of its optimizer updates
 * gives exactly the bits of the Java loop it replaces, over several steps, on values that
 * exercise every rounding: subnormal and tiny gradients, zeros of both signs, large values.
 */
class NativeKernelsTest {
    /** Larger than a parallel grain, so both threads run, and odd, so the vector loops have tails. */
    private static final int N = 3 * CpuElementwise.GRAIN + 13;
    private static final int STEPS = 3;

    @AfterEach
    void restore() {
        if (NativeKernels.unavailableReason() == null) {
            NativeKernels.setEnabled(true);
        }
        System.clearProperty(NativeKernels.PROPERTY);
    }

    @Test
    void loadsWhereTheBuildMadeIt() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        boolean built = NativeKernels.class.getResource("linux-x86_64/libjkeras_cpu.so") != null;
        assumeTrue(built && os.startsWith("Linux") && arch.equals("amd64")
                && !"false".equals(System.getProperty(NativeKernels.PROPERTY)), "no library built for this machine");
        assertNull(NativeKernels.unavailableReason());
        assertTrue(NativeKernels.enabled());
    }

    @Test
    void propertyIsChecked() {
        System.setProperty(NativeKernels.PROPERTY, "sometimes");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, NativeKernels::checkRequired);
        assertTrue(e.getMessage().contains("jkeras.cpu.native") && e.getMessage().contains("sometimes"),
                e.getMessage());
        System.setProperty(NativeKernels.PROPERTY, "true");
        if (NativeKernels.unavailableReason() == null) {
            NativeKernels.checkRequired();
        } else {
            assertThrows(IllegalStateException.class, NativeKernels::checkRequired);
        }
    }

    @Test
    void switchingOnAMissingLibraryFails() {
        assumeTrue(NativeKernels.unavailableReason() != null, "the library loaded here");
        assertThrows(IllegalStateException.class, () -> NativeKernels.setEnabled(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "rmsprop", "adagrad", "adadelta", "adam", "amsgrad",
        "adamax", "nadam"})
    void updatesMatchTheJavaLoopsBitForBit(String optimizer) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        Random r = new Random(optimizer.hashCode());
        float[][] start = new float[5][N];
        for (int t = 0; t < start.length; t++) {
            for (int i = 0; i < N; i++) {
                start[t][i] = sample(r, t);
            }
        }
        float[][] expected = run(optimizer, start, false);
        float[][] actual = run(optimizer, start, true);
        for (int t = 0; t < start.length; t++) {
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToIntBits(expected[t][i]), Float.floatToIntBits(actual[t][i]),
                        () -> optimizer + ": tensor " + Arrays.asList("param", "grad", "slot 1", "slot 2", "slot 3")
                                + " differs");
            }
        }
    }

    /** Gradients (t = 1) of every magnitude and sign; slots (t >= 2) non-negative, as their updates keep them. */
    private static float sample(Random r, int t) {
        float magnitude = switch (r.nextInt(8)) {
            case 0 -> Float.MIN_VALUE * r.nextInt(1 << 20);
            case 1 -> (float) Math.scalb(r.nextDouble(), -90 - r.nextInt(40));
            case 2 -> 0f;
            case 3 -> (float) Math.scalb(r.nextDouble(), 10);
            default -> (float) r.nextGaussian();
        };
        if (t >= 2) {
            return Math.abs(magnitude);
        }
        return r.nextBoolean() ? magnitude : -magnitude;
    }

    /** {@link #STEPS} updates of {@code optimizer} over copies of {@code start}; returns the tensors after. */
    private static float[][] run(String optimizer, float[][] start, boolean natively) {
        return NativeTensors.run(start, natively, a -> {
            for (int step = 1; step <= STEPS; step++) {
                float lrT = 1e-3f * step;
                switch (optimizer) {
                    case "sgd" -> CpuOptimizers.sgd(a[0], a[1], 0, N, 0.01f, 0f, false);
                    case "momentum" -> CpuOptimizers.sgd(a[0], a[1], a[2], N, 0.01f, 0.9f, false);
                    case "nesterov" -> CpuOptimizers.sgd(a[0], a[1], a[2], N, 0.01f, 0.9f, true);
                    case "rmsprop" -> CpuOptimizers.rmsprop(a[0], a[1], a[2], N, 1e-3f, 0.9f, 1e-7f);
                    case "adagrad" -> CpuOptimizers.adagrad(a[0], a[1], a[2], N, 0.01f, 1e-7f);
                    case "adadelta" -> CpuOptimizers.adadelta(a[0], a[1], a[2], a[3], N, 1f, 0.95f, 1e-7f);
                    case "adam" -> CpuOptimizers.adam(a[0], a[1], a[2], a[3], 0, N, lrT, 0.9f, 0.999f, 1e-7f);
                    case "amsgrad" -> CpuOptimizers.adam(a[0], a[1], a[2], a[3], a[4], N, lrT, 0.9f, 0.999f, 1e-7f);
                    case "adamax" -> CpuOptimizers.adamax(a[0], a[1], a[2], a[3], N, lrT, 0.9f, 0.999f, 1e-7f);
                    case "nadam" -> CpuOptimizers.nadam(a[0], a[1], a[2], a[3], N, 2e-3f, 0.9f, 0.999f, 1e-7f,
                            0.9f - 0.01f * step, 0.9f - 0.01f * (step + 1), 0.5f + 0.1f * step,
                            0.45f + 0.1f * step, 1f - (float) Math.pow(0.999, step));
                    default -> throw new IllegalArgumentException("optimizer " + optimizer);
                }
            }
        });
    }
}
