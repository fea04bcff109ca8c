package io.jkeras.ops;

/** A direct 2D convolution written from the definition, for checking the im2col one. */
public final class DirectConv {
    private DirectConv() {
    }

    /**
     * x (n, h, w, c) convolved with k (kh, kw, c, outC), TensorFlow's padding; the output's
     * shape goes to {@code outShape}.
     */
    public static float[] conv2d(float[] x, int n, int h, int w, int c, float[] k, int kh, int kw, int outC, int sh, int sw,
                                 boolean same, int dh, int dw, int[] outShape) {
        int effH = (kh - 1) * dh + 1;
        int effW = (kw - 1) * dw + 1;
        int oh = same ? (h + sh - 1) / sh : (h - effH) / sh + 1;
        int ow = same ? (w + sw - 1) / sw : (w - effW) / sw + 1;
        int padTop = same ? Math.max((oh - 1) * sh + effH - h, 0) / 2 : 0;
        int padLeft = same ? Math.max((ow - 1) * sw + effW - w, 0) / 2 : 0;
        outShape[0] = n;
        outShape[1] = oh;
        outShape[2] = ow;
        outShape[3] = outC;
        float[] y = new float[n * oh * ow * outC];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < outC; o++) {
                        double s = 0;
                        for (int p = 0; p < kh; p++) {
                            for (int q = 0; q < kw; q++) {
                                int hi = i * sh + p * dh - padTop;
                                int wi = j * sw + q * dw - padLeft;
                                if (hi < 0 || hi >= h || wi < 0 || wi >= w) {
                                    continue;
                                }
                                for (int ci = 0; ci < c; ci++) {
                                    s += x[((b * h + hi) * w + wi) * c + ci] * k[((p * kw + q) * c + ci) * outC + o];
                                }
                            }
                        }
                        y[((b * oh + i) * ow + j) * outC + o] = (float) s;
                    }
                }
            }
        }
        return y;
    }
}
