package io.jkeras.losses;

import static io.jkeras.losses.Arrays2.assertClose;
import static io.jkeras.losses.Arrays2.row;
import static io.jkeras.losses.Arrays2.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.GradientCheck;
import io.jkeras.ops.NnOps;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each loss function's values against the formula evaluated here in double precision. */
class LossFunctionsTest {
    private static final double EPS = 1e-7;
    private static final int B = 3;
    private static final int C = 4;
    private final Random r = new Random(3);

    /** The expected loss of one row. */
    private interface RowRef {
        double of(double[] t, double[] p);
    }

    private static void check(String name, LossFunction f, float[] yt, float[] yp, RowRef ref) {
        double[] expected = new double[B];
        for (int b = 0; b < B; b++) {
            expected[b] = ref.of(row(yt, b, C), row(yp, b, C));
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor out = f.apply(t(yt, B, C), t(yp, B, C));
            assertArrayEquals(new int[] {B}, out.shape(), name + " reduces only the last axis");
            assertClose(expected, out.toFloatArray(), 2e-5, name);
        }
    }

    private float[] uniform(float lo, float hi) {
        return GradientCheck.uniform(r, B * C, lo, hi);
    }

    private float[] oneHot(int... classes) {
        float[] a = new float[classes.length * C];
        for (int i = 0; i < classes.length; i++) {
            a[i * C + classes[i]] = 1f;
        }
        return a;
    }

    private static double clip(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    @Test
    void regressionLosses() {
        float[] yt = uniform(-2, 2);
        float[] yp = uniform(-2, 2);
        check("mse", LossFunctions::meanSquaredError, yt, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                s += (p[i] - t[i]) * (p[i] - t[i]);
            }
            return s / C;
        });
        check("mae", LossFunctions::meanAbsoluteError, yt, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                s += Math.abs(p[i] - t[i]);
            }
            return s / C;
        });
        // one true value of 0 exercises the eps floor of the denominator
        float[] ytZero = yt.clone();
        ytZero[5] = 0f;
        check("mape", LossFunctions::meanAbsolutePercentageError, ytZero, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                s += Math.abs((t[i] - p[i]) / Math.max(Math.abs(t[i]), EPS));
            }
            return 100 * s / C;
        });
        // negative values are floored at eps before the log
        check("msle", LossFunctions::meanSquaredLogarithmicError, yt, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                double d = Math.log(Math.max(p[i], EPS) + 1) - Math.log(Math.max(t[i], EPS) + 1);
                s += d * d;
            }
            return s / C;
        });
        check("logcosh", LossFunctions::logcosh, yt, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                s += Math.log(Math.cosh(p[i] - t[i]));
            }
            return s / C;
        });
        float[] yPos = uniform(0, 3);
        float[] pPos = uniform(0.1f, 3);
        check("poisson", LossFunctions::poisson, yPos, pPos, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                s += p[i] - t[i] * Math.log(p[i] + EPS);
            }
            return s / C;
        });
        check("cosine_proximity", LossFunctions::cosineProximity, yt, yp, (t, p) -> {
            double tt = 0;
            double pp = 0;
            double tp = 0;
            for (int i = 0; i < C; i++) {
                tt += t[i] * t[i];
                pp += p[i] * p[i];
                tp += t[i] * p[i];
            }
            return -tp / Math.sqrt(tt) / Math.sqrt(pp);
        });
    }

    @Test
    void logcoshIsStableForLargeErrors() {
        float[] yt = new float[B * C];
        float[] yp = new float[B * C];
        for (int i = 0; i < yp.length; i++) {
            yp[i] = (i % 2 == 0 ? 1 : -1) * 200f;
        }
        // log(cosh(200)) = 200 - log 2, where cosh itself overflows
        check("logcosh", LossFunctions::logcosh, yt, yp, (t, p) -> 200 - Math.log(2));
    }

    @Test
    void cosineOfZeroVectorIsZero() {
        try (TensorScope s = TensorScope.open()) {
            Tensor out = LossFunctions.cosineProximity(t(new float[] {0, 0, 1, 2}, 2, 2), t(new float[] {1, 2, 2, 4}, 2, 2));
            assertClose(new double[] {0, -1}, out.toFloatArray(), 1e-6, "cosine");
        }
    }

    private static double hingeRow(double[] t, double[] p, boolean convert, boolean squared) {
        double s = 0;
        for (int i = 0; i < C; i++) {
            double y = convert ? 2 * t[i] - 1 : t[i];
            double m = Math.max(1 - y * p[i], 0);
            s += squared ? m * m : m;
        }
        return s / C;
    }

    @Test
    void hingeConvertsZeroOneLabelsOnlyWhenAllAre() {
        float[] yp = uniform(-2, 2);
        float[] binary = new float[B * C];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = r.nextBoolean() ? 1f : 0f;
        }
        check("hinge 0/1", LossFunctions::hinge, binary, yp, (t, p) -> hingeRow(t, p, true, false));
        check("squared_hinge 0/1", LossFunctions::squaredHinge, binary, yp, (t, p) -> hingeRow(t, p, true, true));
        float[] signs = new float[B * C];
        for (int i = 0; i < signs.length; i++) {
            signs[i] = binary[i] * 2 - 1;
        }
        check("hinge -1/1", LossFunctions::hinge, signs, yp, (t, p) -> hingeRow(t, p, false, false));
        check("squared_hinge -1/1", LossFunctions::squaredHinge, signs, yp, (t, p) -> hingeRow(t, p, false, true));
        // one label that is neither 0 nor 1 anywhere in the batch: no label is converted
        float[] mixed = binary.clone();
        mixed[B * C - 1] = 0.5f;
        check("hinge mixed", LossFunctions::hinge, mixed, yp, (t, p) -> hingeRow(t, p, false, false));
    }

    @Test
    void categoricalHinge() {
        float[] yt = oneHot(0, 3, 1);
        float[] yp = uniform(-1, 1);
        check("categorical_hinge", LossFunctions::categoricalHinge, yt, yp, (t, p) -> {
            double pos = 0;
            double neg = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < C; i++) {
                pos += t[i] * p[i];
                neg = Math.max(neg, (1 - t[i]) * p[i]);
            }
            return Math.max(0, neg - pos + 1);
        });
        // a confident, correct row gives exactly 0
        check("categorical_hinge zero", LossFunctions::categoricalHinge, oneHot(0, 0, 0), new float[] {
            3, 1, 0, 0, 3, 1, 0, 0, 3, 1, 0, 0}, (t, p) -> 0);
    }

    @Test
    void huberIsElementwise() {
        float[] yt = uniform(-2, 2);
        float[] yp = uniform(-2, 2);
        for (float delta : new float[] {1f, 0.5f}) {
            double[] expected = new double[B * C];
            for (int i = 0; i < expected.length; i++) {
                double d = Math.abs((double) yp[i] - yt[i]);
                expected[i] = d <= delta ? 0.5 * d * d : 0.5 * delta * delta + delta * (d - delta);
            }
            try (TensorScope s = TensorScope.open()) {
                Tensor out = LossFunctions.huberLoss(t(yt, B, C), t(yp, B, C), delta);
                assertArrayEquals(new int[] {B, C}, out.shape(), "Keras 2.3's huber_loss keeps the last axis");
                assertClose(expected, out.toFloatArray(), 2e-5, "huber delta " + delta);
            }
        }
    }

    @Test
    void kullbackLeibler() {
        float[] yt = uniform(0, 1);
        yt[0] = 0f; // clipped to eps
        float[] yp = uniform(0.05f, 1);
        yp[1] = 0f;
        check("kld", LossFunctions::kullbackLeiblerDivergence, yt, yp, (t, p) -> {
            double s = 0;
            for (int i = 0; i < C; i++) {
                double ti = clip(t[i], EPS, 1);
                s += ti * Math.log(ti / clip(p[i], EPS, 1));
            }
            return s;
        });
    }

    private static double cceRow(double[] t, double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        double s = 0;
        for (int i = 0; i < C; i++) {
            // float32 1 - 1e-7
            s -= t[i] * Math.log(clip(p[i] / sum, EPS, 1f - 1e-7f));
        }
        return s;
    }

    private static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - max);
        }
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - max - Math.log(s);
        }
        return out;
    }

    @Test
    void categoricalCrossentropy() {
        float[] yt = oneHot(2, 0, 1);
        // rows that do not sum to 1 are normalised; a zero probability is clipped to eps
        float[] yp = uniform(0.05f, 1);
        yp[2] = 0f;
        check("cce probabilities", LossFunctions::categoricalCrossentropy, yt, yp, LossFunctionsTest::cceRow);
        float[] z = uniform(-3, 3);
        check("cce logits", (a, b) -> LossFunctions.categoricalCrossentropy(a, b, true, 0f), yt, z, (t, p) -> {
            double[] ls = logSoftmax(p);
            double s = 0;
            for (int i = 0; i < C; i++) {
                s -= t[i] * ls[i];
            }
            return s;
        });
        float smoothing = 0.2f;
        check("cce smoothing", (a, b) -> LossFunctions.categoricalCrossentropy(a, b, false, smoothing), yt, yp, (t, p) -> {
            double[] ts = new double[C];
            for (int i = 0; i < C; i++) {
                ts[i] = t[i] * (1 - smoothing) + smoothing / C;
            }
            return cceRow(ts, p);
        });
    }

    @Test
    void sparseCategoricalCrossentropy() {
        int[] labels = {2, 0, 3};
        float[] lab = {2, 0, 3};
        float[] yp = uniform(0.05f, 1);
        yp[2] = 0f; // clipped, then the clipped row is renormalised
        double[] expected = new double[B];
        double[] expectedLogits = new double[B];
        float[] z = uniform(-3, 3);
        for (int b = 0; b < B; b++) {
            double[] p = row(yp, b, C);
            double sum = 0;
            for (int i = 0; i < C; i++) {
                p[i] = clip(p[i], EPS, 1f - 1e-7f);
                sum += p[i];
            }
            expected[b] = -Math.log(p[labels[b]] / sum);
            expectedLogits[b] = -logSoftmax(row(z, b, C))[labels[b]];
        }
        for (int[] labelShape : new int[][] {{B}, {B, 1}}) {
            try (TensorScope s = TensorScope.open()) {
                Tensor out = LossFunctions.sparseCategoricalCrossentropy(t(lab, labelShape), t(yp, B, C));
                assertClose(expected, out.toFloatArray(), 2e-5, "scce probabilities");
                Tensor fromLogits = LossFunctions.sparseCategoricalCrossentropy(t(lab, labelShape), t(z, B, C), true);
                assertClose(expectedLogits, fromLogits.toFloatArray(), 2e-5, "scce logits");
            }
        }
        try (TensorScope s = TensorScope.open()) {
            assertThrows(IllegalArgumentException.class,
                    () -> LossFunctions.sparseCategoricalCrossentropy(t(new float[] {1, 2}, 2), t(yp, B, C)));
        }
    }

    private static double bceRow(double[] t, double[] p) {
        double s = 0;
        for (int i = 0; i < C; i++) {
            double q = clip(p[i], EPS, 1f - 1e-7f);
            s -= t[i] * Math.log(q) + (1 - t[i]) * Math.log(1 - q);
        }
        return s / C;
    }

    private static double bceLogitsRow(double[] t, double[] z) {
        double s = 0;
        for (int i = 0; i < C; i++) {
            // -(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))
            s += Math.log1p(Math.exp(-Math.abs(z[i]))) + Math.max(z[i], 0) - z[i] * t[i];
        }
        return s / C;
    }

    @Test
    void binaryCrossentropy() {
        float[] yt = uniform(0, 1);
        yt[0] = 1f;
        float[] yp = uniform(0.01f, 0.99f);
        yp[0] = 0f; // clipped to eps: -log(eps)
        yp[1] = 1f;
        check("bce probabilities", LossFunctions::binaryCrossentropy, yt, yp, LossFunctionsTest::bceRow);
        float[] z = uniform(-4, 4);
        z[3] = 0f;
        check("bce logits", (a, b) -> LossFunctions.binaryCrossentropy(a, b, true, 0f), yt, z, LossFunctionsTest::bceLogitsRow);
        float smoothing = 0.1f;
        check("bce smoothing", (a, b) -> LossFunctions.binaryCrossentropy(a, b, false, smoothing), yt, yp, (t, p) -> {
            double[] ts = new double[C];
            for (int i = 0; i < C; i++) {
                ts[i] = t[i] * (1 - smoothing) + 0.5 * smoothing;
            }
            return bceRow(ts, p);
        });
    }

    @Test
    void softmaxOutputUsesItsLogits() {
        // saturated: from the probabilities the loss would stop at -log(eps) = 16.1
        float[] z = {60, 0, -60, 1, 2, 3};
        float[] yt = {0, 0, 1, 1, 0, 0};
        try (TensorScope s = TensorScope.open()) {
            Tensor logits = t(z, 2, 3);
            Tensor viaSoftmax = LossFunctions.categoricalCrossentropy(t(yt, 2, 3), NnOps.softmax(logits));
            Tensor direct = LossFunctions.categoricalCrossentropy(t(yt, 2, 3), logits, true, 0f);
            float[] a = viaSoftmax.toFloatArray();
            assertClose(new double[] {direct.toFloatArray()[0], direct.toFloatArray()[1]}, a, 1e-6, "cce on softmax");
            assertEquals(120.0, a[0], 1e-3);
            Tensor sparse = LossFunctions.sparseCategoricalCrossentropy(t(new float[] {2, 0}, 2, 1), NnOps.softmax(logits));
            assertClose(new double[] {a[0], a[1]}, sparse.toFloatArray(), 1e-6, "scce on softmax");
            // a sigmoid output is not a softmax: the probabilities are used
            Tensor sig = NnOps.sigmoid(logits);
            Tensor plain = t(sig.toFloatArray(), 2, 3);
            assertArrayEquals(LossFunctions.categoricalCrossentropy(t(yt, 2, 3), plain).toFloatArray(),
                    LossFunctions.categoricalCrossentropy(t(yt, 2, 3), sig).toFloatArray());
        }
    }

    @Test
    void sigmoidOutputUsesItsLogits() {
        float[] z = {40, -40, 0.5f, -30, 30, 2};
        float[] yt = {0, 1, 1, 1, 0, 0};
        try (TensorScope s = TensorScope.open()) {
            Tensor logits = t(z, 2, 3);
            Tensor viaSigmoid = LossFunctions.binaryCrossentropy(t(yt, 2, 3), NnOps.sigmoid(logits));
            double[] expected = {bceLogitsRow3(yt, z, 0), bceLogitsRow3(yt, z, 1)};
            assertClose(expected, viaSigmoid.toFloatArray(), 1e-5, "bce on sigmoid");
            assertTrue(viaSigmoid.toFloatArray()[0] > 25, "not clipped at -log(eps)");
            // a trailing 1 squeezed away keeps the hint: (B) targets against a (B, 1) sigmoid output
            Tensor column = NnOps.sigmoid(t(new float[] {50, -50}, 2, 1));
            Tensor squeezed = new BinaryCrossentropy().call(t(new float[] {0, 1}, 2), column);
            assertEquals(50.0, squeezed.item(), 1e-3);
            // a softmax output is not a sigmoid: the probabilities are used
            Tensor soft = NnOps.softmax(logits);
            Tensor plain = t(soft.toFloatArray(), 2, 3);
            assertArrayEquals(LossFunctions.binaryCrossentropy(t(yt, 2, 3), plain).toFloatArray(),
                    LossFunctions.binaryCrossentropy(t(yt, 2, 3), soft).toFloatArray());
        }
    }

    private static double bceLogitsRow3(float[] yt, float[] z, int r) {
        double s = 0;
        for (int i = 0; i < 3; i++) {
            double zi = z[r * 3 + i];
            s += Math.log1p(Math.exp(-Math.abs(zi))) + Math.max(zi, 0) - zi * yt[r * 3 + i];
        }
        return s / 3;
    }

    @Test
    void temporalOutputsReduceOnlyTheLastAxis() {
        float[] yt = GradientCheck.uniform(r, 2 * 3 * 4, -1, 1);
        float[] yp = GradientCheck.uniform(r, 2 * 3 * 4, -1, 1);
        double[] expected = new double[6];
        for (int i = 0; i < 6; i++) {
            double s = 0;
            for (int c = 0; c < 4; c++) {
                double d = yp[i * 4 + c] - yt[i * 4 + c];
                s += d * d;
            }
            expected[i] = s / 4;
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor out = LossFunctions.meanSquaredError(t(yt, 2, 3, 4), t(yp, 2, 3, 4));
            assertArrayEquals(new int[] {2, 3}, out.shape());
            assertClose(expected, out.toFloatArray(), 2e-5, "mse 3D");
        }
    }
}
