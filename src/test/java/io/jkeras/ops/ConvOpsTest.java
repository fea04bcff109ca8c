package io.jkeras.ops;

import static io.jkeras.ops.GradientCheck.check;
import static io.jkeras.ops.GradientCheck.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.backend.Backend;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvOpsTest {
    private final Random r = new Random(3);

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}x{4}, out {5}, stride {6}x{7}, same={8}, dilation {9}x{10}")
    @CsvSource({
        "7, 9, 3, 3, 3, 4, 1, 1, false, 1, 1",
        "7, 9, 3, 3, 3, 4, 1, 1, true, 1, 1",
        "7, 9, 3, 3, 2, 5, 2, 2, false, 1, 1",
        "8, 7, 2, 3, 3, 2, 2, 3, true, 1, 1",
        "6, 6, 1, 4, 4, 3, 2, 2, true, 1, 1",
        "9, 8, 2, 3, 2, 3, 1, 1, false, 2, 3",
        "9, 8, 2, 3, 3, 3, 1, 1, true, 2, 2",
        "5, 5, 3, 1, 1, 4, 1, 1, true, 1, 1",
        "5, 6, 3, 1, 1, 4, 2, 2, false, 1, 1",
        "28, 28, 1, 3, 3, 8, 1, 1, false, 1, 1",
    })
    void convForwardMatchesDirectConvolution(int h, int w, int c, int kh, int kw, int outC, int sh, int sw, boolean same,
                                             int dh, int dw) {
        // a batch of 3 splits into blocks run on separate cores; a batch of 1 is one block
        for (int n : new int[] {3, 1}) {
            convForward(n, h, w, c, kh, kw, outC, sh, sw, same, dh, dw);
        }
    }

    private void convForward(int n, int h, int w, int c, int kh, int kw, int outC, int sh, int sw, boolean same, int dh,
                             int dw) {
        Backend be = GradientCheck.cpu();
        float[] x = uniform(r, n * h * w * c, -1, 1);
        float[] k = uniform(r, kh * kw * c * outC, -1, 1);
        int[] outShape = new int[4];
        float[] expected = DirectConv.conv2d(x, n, h, w, c, k, kh, kw, outC, sh, sw, same, dh, dw, outShape);
        try (TensorScope s = TensorScope.open()) {
            Tensor y = ConvOps.conv2d(MathOps.constant(be, x, n, h, w, c), MathOps.constant(be, k, kh, kw, c, outC),
                    sh, sw, same, dh, dw);
            assertArrayEquals(outShape, y.shape());
            GradientCheck.assertClose(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"40, 36, 24", "180, 170, 1"})
    void convSpanningManyBlocksMatchesDirectConvolution(int h, int w, int c) {
        // images larger than one im2col block, so blocks split images and col2im adds across them
        Backend be = GradientCheck.cpu();
        int n = 2, outC = 5;
        float[] x = uniform(r, n * h * w * c, -1, 1);
        float[] k = uniform(r, 3 * 3 * c * outC, -1, 1);
        int[] outShape = new int[4];
        float[] expected = DirectConv.conv2d(x, n, h, w, c, k, 3, 3, outC, 1, 1, true, 1, 1, outShape);
        try (TensorScope s = TensorScope.open()) {
            Tensor xt = MathOps.constant(be, x, n, h, w, c);
            Tensor kt = MathOps.constant(be, k, 3, 3, c, outC);
            Tensor y = ConvOps.conv2d(xt, kt, 1, true);
            GradientCheck.assertClose(expected, y.toFloatArray(), 1e-4f);
            // the gradients of sum(y * wts) are convolutions too: check them against the direct forms
            float[] wts = uniform(r, y.size(), -1, 1);
            float[] dx;
            float[] dk;
            try (Tape tape = Tape.start()) {
                tape.watch(xt);
                tape.watch(kt);
                Tensor yy = ConvOps.conv2d(xt, kt, 1, true);
                Tensor loss = MathOps.sum(MathOps.mul(yy, MathOps.constant(be, wts, yy.shape())));
                Tensor[] grads = tape.gradient(loss, null, List.of(xt, kt));
                dx = grads[0].toFloatArray();
                dk = grads[1].toFloatArray();
            }
            float[] dxExpected = new float[x.length];
            float[] dkExpected = new float[k.length];
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        for (int p = 0; p < 3; p++) {
                            for (int q = 0; q < 3; q++) {
                                int hi = i + p - 1;
                                int wi = j + q - 1;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= w) {
                                    continue;
                                }
                                for (int ci = 0; ci < c; ci++) {
                                    for (int o = 0; o < outC; o++) {
                                        float g = wts[((b * h + i) * w + j) * outC + o];
                                        int xi = ((b * h + hi) * w + wi) * c + ci;
                                        int ki = ((p * 3 + q) * c + ci) * outC + o;
                                        dxExpected[xi] += g * k[ki];
                                        dkExpected[ki] += g * x[xi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            GradientCheck.assertClose(dxExpected, dx, 1e-4f);
            GradientCheck.assertClose(dkExpected, dk, 1e-3f);
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}x{4}, stride {5}x{6}, same={7}, dilation {8}")
    @CsvSource({
        "5, 5, 2, 3, 3, 1, 1, false, 1",
        "5, 5, 2, 3, 3, 1, 1, true, 1",
        "7, 6, 2, 3, 3, 2, 2, false, 1",
        "7, 6, 2, 3, 2, 2, 2, true, 1",
        "6, 7, 1, 2, 2, 2, 1, true, 1",
        "7, 7, 2, 3, 3, 1, 1, true, 2",
        "4, 5, 3, 1, 1, 1, 1, false, 1",
        "6, 5, 2, 3, 3, 2, 2, true, 1",
        "5, 6, 8, 3, 3, 1, 1, true, 1",
    })
    void convGradients(int h, int w, int c, int kh, int kw, int sh, int sw, boolean same, int dil) {
        // batch 2: one block per core; batch 1: one block, threads inside it
        int n = h % 2 == 0 ? 1 : 2;
        int outC = 3;
        check("conv2d", in -> ConvOps.conv2d(in.get(0), in.get(1), sh, sw, same, dil, dil),
                List.of(uniform(r, n * h * w * c, -1, 1), uniform(r, kh * kw * c * outC, -1, 1)),
                List.of(new int[] {n, h, w, c}, new int[] {kh, kw, c, outC}));
    }

    /** Values on a grid 0.05 apart in random order, so no window has two maxima within the check's step. */
    private float[] distinct(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = -1f + 0.05f * i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return v;
    }

    @ParameterizedTest(name = "{0} {1}x{2} pool {3}x{4} stride {5}x{6} same={7}")
    @CsvSource({
        "MAX, 6, 6, 2, 2, 2, 2, false",
        "MAX, 5, 7, 2, 2, 2, 2, true",
        "MAX, 5, 5, 3, 3, 1, 1, true",
        "MAX, 7, 6, 3, 2, 2, 1, false",
        "AVERAGE, 6, 6, 2, 2, 2, 2, false",
        "AVERAGE, 5, 7, 2, 2, 2, 2, true",
        "AVERAGE, 5, 5, 3, 3, 1, 1, true",
        "AVERAGE, 7, 6, 3, 2, 2, 1, false",
    })
    void poolGradients(PoolMode mode, int h, int w, int ph, int pw, int sh, int sw, boolean same) {
        int n = 2;
        int c = 3;
        check("pool2d", in -> ConvOps.pool2d(mode, in.get(0), ph, pw, sh, sw, same),
                List.of(distinct(n * h * w * c)), List.of(new int[] {n, h, w, c}));
    }

    @Test
    void poolForwardValues() {
        Backend be = GradientCheck.cpu();
        // one 3x3 image, one channel; pool 2x2 stride 2 "same": windows clipped at the bottom/right
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        try (TensorScope s = TensorScope.open()) {
            Tensor t = MathOps.constant(be, x, 1, 3, 3, 1);
            assertArrayEquals(new float[] {5, 6, 8, 9}, ConvOps.pool2d(PoolMode.MAX, t, 2, 2, 2, 2, true).toFloatArray());
            assertArrayEquals(new float[] {3, 4.5f, 7.5f, 9},
                    ConvOps.pool2d(PoolMode.AVERAGE, t, 2, 2, 2, 2, true).toFloatArray());
            assertArrayEquals(new float[] {5}, ConvOps.pool2d(PoolMode.MAX, t, 2, 2, 2, 2, false).toFloatArray());
            assertArrayEquals(new int[] {1, 1, 1, 1}, ConvOps.pool2d(PoolMode.AVERAGE, t, 2, 2, 2, 2, false).shape());
        }
    }

    @Test
    void maxPoolGradientGoesToFirstMaximum() {
        Backend be = GradientCheck.cpu();
        float[] x = {3, 1, 3, 3};
        try (TensorScope s = TensorScope.open(); Tape tape = Tape.start()) {
            Tensor t = MathOps.constant(be, x, 1, 2, 2, 1);
            tape.watch(t);
            Tensor y = ConvOps.pool2d(PoolMode.MAX, t, 2, 2, 2, 2, false);
            Tensor[] g = tape.gradient(MathOps.sum(y), null, List.of(t));
            assertArrayEquals(new float[] {1, 0, 0, 0}, g[0].toFloatArray());
        }
    }

    @Test
    void batchNormGradients() {
        int[] xs = {4, 3, 5};
        check("batchNorm", in -> ConvOps.batchNorm(in.get(0), in.get(1), in.get(2), 1e-3f).output(),
                List.of(uniform(r, 60, -2, 2), uniform(r, 5, 0.5f, 1.5f), uniform(r, 5, -1, 1)),
                List.of(xs, new int[] {5}, new int[] {5}), 1e-2f, 3e-2f, 3e-3f);
        check("batchNorm without scale or centre", in -> ConvOps.batchNorm(in.get(0), null, null, 1e-3f).output(),
                List.of(uniform(r, 24, -2, 2)), List.of(new int[] {8, 3}), 1e-2f, 3e-2f, 3e-3f);
    }

    @Test
    void batchNormForwardAndStatistics() {
        Backend be = GradientCheck.cpu();
        int rows = 50;
        int c = 3;
        float[] x = uniform(r, rows * c, -3, 5);
        float[] gamma = {1.5f, 0.5f, 2f};
        float[] beta = {0.1f, -0.2f, 0.3f};
        try (TensorScope s = TensorScope.open()) {
            ConvOps.BatchNormOutput out = ConvOps.batchNorm(MathOps.constant(be, x, 5, 10, c),
                    MathOps.constant(be, gamma, c), MathOps.constant(be, beta, c), 1e-3f);
            float[] y = out.output().toFloatArray();
            float[] mean = out.mean().toFloatArray();
            float[] var = out.variance().toFloatArray();
            for (int ch = 0; ch < c; ch++) {
                double m = 0;
                for (int i = 0; i < rows; i++) {
                    m += x[i * c + ch];
                }
                m /= rows;
                double v = 0;
                for (int i = 0; i < rows; i++) {
                    v += (x[i * c + ch] - m) * (x[i * c + ch] - m);
                }
                v /= rows;
                assertEquals(m, mean[ch], 1e-5);
                assertEquals(v, var[ch], 1e-4);
                for (int i = 0; i < rows; i++) {
                    double e = (x[i * c + ch] - m) / Math.sqrt(v + 1e-3) * gamma[ch] + beta[ch];
                    assertEquals(e, y[i * c + ch], 1e-4);
                }
            }
        }
    }

    @Test
    void emptyBatchGivesEmptyOutputsAndZeroKernelGradient() {
        Backend be = GradientCheck.cpu();
        try (TensorScope s = TensorScope.open(); Tape tape = Tape.start()) {
            Tensor x = MathOps.zeros(be, 0, 5, 5, 2);
            Tensor k = MathOps.full(be, 1f, 3, 3, 2, 4);
            tape.watch(x);
            tape.watch(k);
            Tensor y = ConvOps.conv2d(x, k, 1, true);
            assertArrayEquals(new int[] {0, 5, 5, 4}, y.shape());
            Tensor p = ConvOps.pool2d(PoolMode.MAX, y, 2, 2, 2, 2, false);
            assertArrayEquals(new int[] {0, 2, 2, 4}, p.shape());
            Tensor[] g = tape.gradient(MathOps.sum(p), null, List.of(x, k));
            assertEquals(0, g[0].size());
            assertArrayEquals(new float[72], g[1].toFloatArray());
        }
    }

    @Test
    void rejectsBadShapes() {
        Backend be = GradientCheck.cpu();
        try (TensorScope s = TensorScope.open()) {
            Tensor x = MathOps.zeros(be, 1, 4, 4, 2);
            assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, MathOps.zeros(be, 3, 3, 3, 1), 1, false));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, MathOps.zeros(be, 5, 5, 2, 1), 1, false));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.conv2d(x, MathOps.zeros(be, 3, 3, 2, 1), 0, false));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.pool2d(PoolMode.MAX, MathOps.zeros(be, 4, 4), 2, 2, 2, 2, false));
            assertThrows(IllegalArgumentException.class, () -> ConvOps.batchNorm(x, MathOps.zeros(be, 3), null, 1e-3f));
        }
    }
}
