package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.UnaryOp;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every elementwise function the CPU kernel library computes gives the bits of its
 * {@link ElementwiseMath} formula, on values that test each edge of Java's float semantics:
 * NaN, infinities, zeros of both signs (Math.max(-0, 0) is +0), subnormals, ties.
 */
class NativeElementwiseTest {
    /** Both threads, and a tail after the vector loop. */
    private static final int N = 2 * CpuElementwise.GRAIN + 37;
    private static final int COLS = 125;
    private static final float P = 0.3f;

    @AfterEach
    void restore() {
        if (NativeKernels.unavailableReason() == null) {
            NativeKernels.setEnabled(true);
        }
    }

    @Test
    void theLibraryHasTheCommonFunctions() {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        for (UnaryOp op : new UnaryOp[] {UnaryOp.RELU, UnaryOp.LEAKY_RELU, UnaryOp.SQUARE, UnaryOp.SQRT}) {
            assertTrue(NativeElementwise.unaryCode(op) >= 0 && NativeElementwise.unaryBackwardCode(op) >= 0, op.name());
        }
        assertTrue(NativeElementwise.binaryCode(BinaryOp.ADD) >= 0 && NativeElementwise.binaryCode(BinaryOp.MUL) >= 0);
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesJava(UnaryOp op) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        assumeTrue(NativeElementwise.unaryCode(op) >= 0, op + " is computed in Java");
        same(op + " forward", 2, 1, t -> CpuElementwise.unary(op, P, t[0], t[1], N));
        same(op + " forward on one thread", 2, 1, t -> CpuElementwise.unaryHere(op, P, t[0], t[1], N));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryGradientMatchesJava(UnaryOp op) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        assumeTrue(NativeElementwise.unaryBackwardCode(op) >= 0, op + " is computed in Java");
        same(op + " gradient", 4, 3, t -> CpuElementwise.unaryBackward(op, P, t[0], t[1], t[2], t[3], N));
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesJava(BinaryOp op) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        assumeTrue(NativeElementwise.binaryCode(op) >= 0, op + " is computed in Java");
        int[] flat = {N};
        int[] one = {1};
        same(op + " flat", 3, 2, t -> CpuElementwise.binary(op, t[0], flat, t[1], flat, t[2], flat));
        same(op + " scalar first", 3, 2, t -> CpuElementwise.binary(op, t[0], one, t[1], flat, t[2], flat));
        same(op + " scalar second", 3, 2, t -> CpuElementwise.binary(op, t[0], flat, t[1], one, t[2], flat));
        same(op + " with a constant", 2, 1, t -> CpuElementwise.binaryScalar(op, t[0], -0f, false, t[1], N));
        same(op + " constant first", 2, 1, t -> CpuElementwise.binaryScalar(op, t[0], 1.5f, true, t[1], N));
        int rows = N / COLS;
        int[] matrix = {rows, COLS};
        int[] row = {COLS};
        same(op + " row repeated on the right", 3, 2, t -> CpuElementwise.binary(op, t[0], matrix, t[1], row, t[2],
                matrix));
        same(op + " row repeated on the left", 3, 2, t -> CpuElementwise.binary(op, t[0], row, t[1], matrix, t[2],
                matrix));
    }

    /**
     * Runs {@code kernel} over {@code tensors} native tensors of N random floats, once with the
     * Java loops and once with the library, and compares tensor {@code output}.
     */
    private static void same(String what, int tensors, int output, Consumer<long[]> kernel) {
        Random r = new Random(what.hashCode());
        float[][] start = new float[tensors][N];
        for (float[] t : start) {
            for (int i = 0; i < N; i++) {
                t[i] = sample(r);
            }
        }
        float[] expected = NativeTensors.run(start, false, kernel)[output];
        float[] actual = NativeTensors.run(start, true, kernel)[output];
        for (int i = 0; i < N; i++) {
            int at = i;
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]),
                    () -> what + " differs at " + at + ": Java " + expected[at] + ", library " + actual[at]
                            + " (inputs " + start[0][at] + ", " + start[1][at] + ")");
        }
    }

    private static float sample(Random r) {
        return switch (r.nextInt(12)) {
            case 0 -> Float.NaN;
            case 1 -> r.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            case 2 -> 0f;
            case 3 -> -0f;
            case 4 -> (r.nextBoolean() ? 1 : -1) * Float.MIN_VALUE * r.nextInt(1000);
            case 5 -> 2.5f * (r.nextBoolean() ? 1 : -1);
            case 6 -> r.nextInt(3) - 1f;
            case 7 -> (float) Math.scalb(r.nextGaussian(), 60);
            default -> (float) r.nextGaussian();
        };
    }
}
