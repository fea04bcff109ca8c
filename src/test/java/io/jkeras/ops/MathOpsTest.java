package io.jkeras.ops;

import static io.jkeras.ops.GradientCheck.check;
import static io.jkeras.ops.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.UnaryOp;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MathOpsTest {
    private final Random r = new Random(1);

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"SIGN", "ROUND"}, mode = EnumSource.Mode.EXCLUDE)
    void unaryGradients(UnaryOp op) {
        boolean positive = op == UnaryOp.SQRT || op == UnaryOp.LOG || op == UnaryOp.RECIPROCAL || op == UnaryOp.LOG1P;
        float[] x = positive ? uniform(r, 24, 0.5f, 2f) : uniform(r, 24, -2f, 2f);
        // keep kinks (relu, abs, hard_sigmoid) away from the finite-difference step
        for (int i = 0; i < x.length; i++) {
            if (Math.abs(x[i]) < 0.05f) {
                x[i] += 0.1f;
            }
            if (Math.abs(Math.abs(x[i]) - 2.5f) < 0.05f) {
                x[i] += 0.1f;
            }
        }
        check(op.name(), in -> MathOps.unary(op, 0.3f, in.get(0)), List.of(x), List.of(new int[] {4, 6}));
    }

    @Test
    void broadcastBinaryGradients() {
        int[] a = {3, 1, 4};
        int[] b = {2, 4};
        check("add", in -> MathOps.add(in.get(0), in.get(1)), List.of(uniform(r, 12, -1, 1), uniform(r, 8, -1, 1)), List.of(a, b));
        check("sub", in -> MathOps.sub(in.get(0), in.get(1)), List.of(uniform(r, 12, -1, 1), uniform(r, 8, -1, 1)), List.of(a, b));
        check("mul", in -> MathOps.mul(in.get(0), in.get(1)), List.of(uniform(r, 12, -1, 1), uniform(r, 8, -1, 1)), List.of(a, b));
        check("div", in -> MathOps.div(in.get(0), in.get(1)), List.of(uniform(r, 12, -1, 1), uniform(r, 8, 1, 2)), List.of(a, b));
        // values on two interleaved grids, so no pair is within the finite-difference step of a tie
        float[] ga = new float[12];
        float[] gb = new float[8];
        for (int i = 0; i < ga.length; i++) {
            ga[i] = -0.6f + 0.1f * i + 0.03f;
        }
        for (int i = 0; i < gb.length; i++) {
            gb[i] = -0.4f + 0.1f * i + 0.08f;
        }
        check("maximum", in -> MathOps.maximum(in.get(0), in.get(1)), List.of(ga, gb), List.of(a, b));
        check("minimum", in -> MathOps.minimum(in.get(0), in.get(1)), List.of(ga, gb), List.of(a, b));
    }

    @Test
    void scalarOpGradients() {
        float[] x = uniform(r, 10, 0.5f, 2f);
        check("pow", in -> MathOps.pow(in.get(0), 2.5f), List.of(x), List.of(new int[] {10}));
        check("affine", in -> MathOps.affine(in.get(0), -3f, 1f), List.of(x), List.of(new int[] {10}));
        check("clip", in -> MathOps.clip(in.get(0), 0.8f, 1.5f), List.of(new float[] {0.5f, 0.9f, 1.2f, 1.7f}), List.of(new int[] {4}));
        check("maximumScalar", in -> MathOps.maximum(in.get(0), 1f), List.of(new float[] {0.5f, 0.9f, 1.2f, 1.7f}), List.of(new int[] {4}));
    }

    @Test
    void reductionGradients() {
        int[] s = {2, 3, 4};
        float[] x = uniform(r, 24, -1, 1);
        check("sum all", in -> MathOps.sum(in.get(0)), List.of(x), List.of(s));
        check("sum axis 1", in -> MathOps.sum(in.get(0), new int[] {1}, false), List.of(x), List.of(s));
        check("mean axes 0,2", in -> MathOps.mean(in.get(0), new int[] {0, 2}, true), List.of(x), List.of(s));
        check("max last", in -> MathOps.max(in.get(0), new int[] {-1}, false), List.of(x), List.of(s));
        check("min first", in -> MathOps.min(in.get(0), new int[] {0}, false), List.of(x), List.of(s));
    }

    @Test
    void matmulGradients() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                int[] as = ta ? new int[] {4, 3} : new int[] {3, 4};
                int[] bs = tb ? new int[] {5, 4} : new int[] {4, 5};
                check("matmul " + ta + " " + tb, in -> MathOps.matmul(in.get(0), ta, in.get(1), tb),
                        List.of(uniform(r, 12, -1, 1), uniform(r, 20, -1, 1)), List.of(as, bs));
            }
        }
        check("linear", in -> MathOps.linear(in.get(0), in.get(1), in.get(2)),
                List.of(uniform(r, 24, -1, 1), uniform(r, 8, -1, 1), uniform(r, 2, -1, 1)),
                List.of(new int[] {2, 3, 4}, new int[] {4, 2}, new int[] {2}));
        check("matmul 3d", in -> MathOps.matmul(in.get(0), in.get(1)),
                List.of(uniform(r, 24, -1, 1), uniform(r, 8, -1, 1)), List.of(new int[] {2, 3, 4}, new int[] {4, 2}));
    }

    /** The dense layer's gradient rule (Backend.linearBackward) through each activation, with and without bias. */
    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"TANH", "SIGMOID", "GELU", "ELU"})
    void linearWithActivationGradients(UnaryOp op) {
        int[] xs = {2, 3, 4};
        int[] ws = {4, 5};
        check("linear " + op, in -> MathOps.linear(in.get(0), in.get(1), in.get(2), op, 1f),
                List.of(uniform(r, 24, -1, 1), uniform(r, 20, -1, 1), uniform(r, 5, -1, 1)),
                List.of(xs, ws, new int[] {5}));
        check("linear " + op + " no bias", in -> MathOps.linear(in.get(0), in.get(1), null, op, 1f),
                List.of(uniform(r, 24, -1, 1), uniform(r, 20, -1, 1)), List.of(xs, ws));
    }

    @Test
    void linearReluGradient() {
        // pre-activations on a grid away from relu's kink: x one-hot rows, so z = w's rows + b
        float[] x = new float[12];
        for (int i = 0; i < 3; i++) {
            x[i * 4 + i] = 1f;
        }
        float[] w = new float[20];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * (0.3f + 0.05f * i);
        }
        check("linear relu", in -> MathOps.linear(in.get(0), in.get(1), in.get(2), UnaryOp.RELU, 0f),
                List.of(x, w, new float[] {0.1f, -0.1f, 0.05f, 0f, 0.02f}),
                List.of(new int[] {3, 4}, new int[] {4, 5}, new int[] {5}));
    }

    @Test
    void layoutGradients() {
        check("transpose", in -> MathOps.transpose(in.get(0), 2, 0, 1), List.of(uniform(r, 24, -1, 1)), List.of(new int[] {2, 3, 4}));
        check("reshape", in -> MathOps.reshape(in.get(0), 4, -1), List.of(uniform(r, 24, -1, 1)), List.of(new int[] {2, 3, 4}));
        check("concat", in -> MathOps.concat(List.of(in.get(0), in.get(1)), 1),
                List.of(uniform(r, 6, -1, 1), uniform(r, 8, -1, 1)), List.of(new int[] {2, 3}, new int[] {2, 4}));
        check("slice", in -> MathOps.slice(in.get(0), 1, 1, 2), List.of(uniform(r, 24, -1, 1)), List.of(new int[] {2, 3, 4}));
        check("broadcastTo", in -> MathOps.broadcastTo(in.get(0), 2, 3, 4), List.of(uniform(r, 3, -1, 1)), List.of(new int[] {3, 1}));
        check("fan-out", in -> MathOps.mul(in.get(0), MathOps.exp(in.get(0))), List.of(uniform(r, 5, -1, 1)), List.of(new int[] {5}));
    }

    @Test
    void softmaxAndDropoutGradients() {
        check("softmax", in -> NnOps.softmax(in.get(0)), List.of(uniform(r, 12, -2, 2)), List.of(new int[] {3, 4}));
        check("softmax axis 0", in -> NnOps.softmax(in.get(0), 0), List.of(uniform(r, 12, -2, 2)), List.of(new int[] {3, 4}));
        check("logSoftmax", in -> NnOps.logSoftmax(in.get(0)), List.of(uniform(r, 12, -2, 2)), List.of(new int[] {3, 4}));
        check("softmaxCrossEntropy", in -> NnOps.softmaxCrossEntropy(in.get(0), in.get(1)),
                List.of(uniform(r, 12, -2, 2), uniform(r, 12, 0, 1)), List.of(new int[] {3, 4}, new int[] {3, 4}));
        check("dropout", in -> NnOps.dropout(in.get(0), 0.4f, 99L), List.of(uniform(r, 40, -2, 2)), List.of(new int[] {40}));
    }

    @Test
    void broadcastingForwardMatchesNumpyRules() {
        try (TensorScope s = TensorScope.open()) {
            var be = GradientCheck.cpu();
            Tensor a = MathOps.constant(be, new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor col = MathOps.constant(be, new float[] {10, 20}, 2, 1);
            Tensor row = MathOps.constant(be, new float[] {100, 200, 300}, 3);
            assertArrayEquals(new float[] {11, 12, 13, 24, 25, 26}, MathOps.add(a, col).toFloatArray());
            assertArrayEquals(new float[] {101, 202, 303, 104, 205, 306}, MathOps.add(a, row).toFloatArray());
            assertArrayEquals(new float[] {110, 210, 310, 120, 220, 320}, MathOps.add(col, row).toFloatArray());
            assertArrayEquals(new float[] {0, 0, 1, 1, 1, 1}, MathOps.compare(BinaryOp.GREATER, a, 2.5f).toFloatArray());
            assertArrayEquals(new float[] {2, 2}, MathOps.argmax(a, 1).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> MathOps.add(a, MathOps.zeros(be, 4)));
        }
    }

    /** Each path of the CPU's broadcasting (flat, a repeated row, general rows) with the output aliasing x. */
    @Test
    void addInPlaceWritesTheBroadcastSumIntoX() {
        try (TensorScope s = TensorScope.open()) {
            var be = GradientCheck.cpu();
            float[] xs = uniform(r, 2 * 3 * 4, -1, 1);
            for (int[] bShape : new int[][] {{2, 3, 4}, {4}, {3, 1}, {2, 1, 4}, {1}}) {
                int n = 1;
                for (int d : bShape) {
                    n *= d;
                }
                Tensor b = MathOps.constant(be, uniform(r, n, -1, 1), bShape);
                float[] expected = MathOps.add(MathOps.constant(be, xs, 2, 3, 4), b).toFloatArray();
                Tensor x = MathOps.constant(be, xs, 2, 3, 4);
                assertSame(x, MathOps.addInPlace(x, b));
                assertArrayEquals(expected, x.toFloatArray(), java.util.Arrays.toString(bShape));
            }
        }
    }

    @Test
    void addInPlaceRefusesATapeAndAShapeThatGrows() {
        try (TensorScope s = TensorScope.open()) {
            var be = GradientCheck.cpu();
            Tensor x = MathOps.constant(be, new float[] {1, 2, 3}, 1, 3);
            Tensor tall = MathOps.constant(be, new float[] {1, 2}, 2, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MathOps.addInPlace(x, tall));
            assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
            assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray(), "x untouched");
            try (Tape t = Tape.start()) {
                assertThrows(IllegalStateException.class, () -> MathOps.addInPlace(x, x));
            }
            assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray(), "x untouched");
        }
    }
}
