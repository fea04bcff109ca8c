package io.jkeras.backend.cpu;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.PoolMode;
import java.util.Arrays;

/**
 * 2D max and average pooling over NHWC inputs. Each image is copied to a heap array, pooled
 * with the channels as the inner (vectorised) loop, and copied back; images are split over
 * the cores. Windows are clipped to the input, which is what TensorFlow's "same" padding
 * means for pooling: padded cells are never the maximum and do not count in the average.
 */
final class CpuPool {
    /** Images whose pooling touches fewer floats than this stay together on one thread. */
    private static final int GRAIN_FLOATS = 1 << 15;

    private CpuPool() {
    }

    static void forward(PoolMode mode, Conv2DGeometry g, long x, long y) {
        int inImage = g.inH() * g.inW() * g.inChannels();
        int outImage = g.outH() * g.outW() * g.inChannels();
        CpuParallel.forItems(g.batch(), grain(inImage), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] in = sc.array(0, inImage);
            float[] out = sc.array(1, outImage);
            for (int n = s; n < e; n++) {
                OffHeap.get(x + 4L * n * inImage, in, 0, inImage);
                if (mode == PoolMode.MAX) {
                    maxImage(g, in, out);
                } else {
                    averageImage(g, in, out);
                }
                OffHeap.put(out, 0, y + 4L * n * outImage, outImage);
            }
        });
    }

    static void backward(PoolMode mode, Conv2DGeometry g, long x, long y, long dy, long dx) {
        int inImage = g.inH() * g.inW() * g.inChannels();
        int outImage = g.outH() * g.outW() * g.inChannels();
        CpuParallel.forItems(g.batch(), grain(inImage), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] grad = sc.array(0, inImage);
            float[] dOut = sc.array(1, outImage);
            float[] in = mode == PoolMode.MAX ? sc.array(2, inImage) : null;
            float[] out = mode == PoolMode.MAX ? sc.array(3, outImage) : null;
            int[] argmax = mode == PoolMode.MAX ? new int[g.inChannels()] : null;
            for (int n = s; n < e; n++) {
                OffHeap.get(dy + 4L * n * outImage, dOut, 0, outImage);
                Arrays.fill(grad, 0, inImage, 0f);
                if (mode == PoolMode.MAX) {
                    OffHeap.get(x + 4L * n * inImage, in, 0, inImage);
                    OffHeap.get(y + 4L * n * outImage, out, 0, outImage);
                    maxImageBackward(g, in, out, dOut, grad, argmax);
                } else {
                    averageImageBackward(g, dOut, grad);
                }
                OffHeap.put(grad, 0, dx + 4L * n * inImage, inImage);
            }
        });
    }

    private static int grain(int imageFloats) {
        return Math.max(1, GRAIN_FLOATS / Math.max(1, imageFloats));
    }

    private static void maxImage(Conv2DGeometry g, float[] in, float[] out) {
        int c = g.inChannels();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = Math.max(0, oh * g.strideH() - g.padTop());
            int h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.kernelH());
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = Math.max(0, ow * g.strideW() - g.padLeft());
                int w1 = Math.min(inW, ow * g.strideW() - g.padLeft() + g.kernelW());
                int o = (oh * g.outW() + ow) * c;
                Arrays.fill(out, o, o + c, Float.NEGATIVE_INFINITY);
                for (int h = h0; h < h1; h++) {
                    for (int w = w0; w < w1; w++) {
                        int i = (h * inW + w) * c;
                        for (int ch = 0; ch < c; ch++) {
                            out[o + ch] = Math.max(out[o + ch], in[i + ch]);
                        }
                    }
                }
            }
        }
    }

    private static void averageImage(Conv2DGeometry g, float[] in, float[] out) {
        int c = g.inChannels();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = Math.max(0, oh * g.strideH() - g.padTop());
            int h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.kernelH());
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = Math.max(0, ow * g.strideW() - g.padLeft());
                int w1 = Math.min(inW, ow * g.strideW() - g.padLeft() + g.kernelW());
                int o = (oh * g.outW() + ow) * c;
                Arrays.fill(out, o, o + c, 0f);
                for (int h = h0; h < h1; h++) {
                    for (int w = w0; w < w1; w++) {
                        int i = (h * inW + w) * c;
                        for (int ch = 0; ch < c; ch++) {
                            out[o + ch] += in[i + ch];
                        }
                    }
                }
                float inv = 1f / ((h1 - h0) * (w1 - w0));
                for (int ch = 0; ch < c; ch++) {
                    out[o + ch] *= inv;
                }
            }
        }
    }

    /** Each output's gradient goes to the first cell (in scan order) of its window that equals the output. */
    private static void maxImageBackward(Conv2DGeometry g, float[] in, float[] out, float[] dOut, float[] grad,
                                         int[] argmax) {
        int c = g.inChannels();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = Math.max(0, oh * g.strideH() - g.padTop());
            int h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.kernelH());
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = Math.max(0, ow * g.strideW() - g.padLeft());
                int w1 = Math.min(inW, ow * g.strideW() - g.padLeft() + g.kernelW());
                int o = (oh * g.outW() + ow) * c;
                Arrays.fill(argmax, -1);
                // scanning backwards leaves the first matching cell in argmax
                for (int h = h1 - 1; h >= h0; h--) {
                    for (int w = w1 - 1; w >= w0; w--) {
                        int i = (h * inW + w) * c;
                        for (int ch = 0; ch < c; ch++) {
                            if (in[i + ch] == out[o + ch]) {
                                argmax[ch] = i + ch;
                            }
                        }
                    }
                }
                for (int ch = 0; ch < c; ch++) {
                    if (argmax[ch] >= 0) {
                        grad[argmax[ch]] += dOut[o + ch];
                    }
                }
            }
        }
    }

    private static void averageImageBackward(Conv2DGeometry g, float[] dOut, float[] grad) {
        int c = g.inChannels();
        int inW = g.inW();
        for (int oh = 0; oh < g.outH(); oh++) {
            int h0 = Math.max(0, oh * g.strideH() - g.padTop());
            int h1 = Math.min(g.inH(), oh * g.strideH() - g.padTop() + g.kernelH());
            for (int ow = 0; ow < g.outW(); ow++) {
                int w0 = Math.max(0, ow * g.strideW() - g.padLeft());
                int w1 = Math.min(inW, ow * g.strideW() - g.padLeft() + g.kernelW());
                int o = (oh * g.outW() + ow) * c;
                float inv = 1f / ((h1 - h0) * (w1 - w0));
                for (int h = h0; h < h1; h++) {
                    for (int w = w0; w < w1; w++) {
                        int i = (h * inW + w) * c;
                        for (int ch = 0; ch < c; ch++) {
                            grad[i + ch] += dOut[o + ch] * inv;
                        }
                    }
                }
            }
        }
    }
}
