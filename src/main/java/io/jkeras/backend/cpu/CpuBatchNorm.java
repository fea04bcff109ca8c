package io.jkeras.backend.cpu;

import java.util.Arrays;

/**
 * Batch normalisation in training mode over x viewed as (rows, channels), and its gradient.
 * Per-channel sums are taken over chunks of rows (channels as the inner, vectorised loop),
 * each chunk's float sums folded into double totals, and the parts of the two cores merged;
 * the variance is a second pass over {@code (x - mean)^2}, which stays exact where the
 * one-pass {@code E[x^2] - E[x]^2} would cancel.
 */
final class CpuBatchNorm {
    private static final int CHUNK = Scratch.CHUNK;

    private CpuBatchNorm() {
    }

    /** Adds per-channel sums of a chunk of {@code rows} rows (x, and dy or null) to acc and acc2. */
    private interface ChunkSum {
        void add(float[] x, float[] dy, int rows, int channels, float[] acc, float[] acc2);
    }

    static void training(long x, long gamma, long beta, float epsilon, long y, long mean, long variance, int rows,
                         int channels) {
        float[] m = new float[channels];
        float[] v = new float[channels];
        if (rows > 0) {
            double[][] sums = sums(x, 0, rows, channels, null, null, (xs, unused, n, c, acc, acc2) -> {
                for (int r = 0; r < n; r++) {
                    int o = r * c;
                    for (int ch = 0; ch < c; ch++) {
                        acc[ch] += xs[o + ch];
                    }
                }
            });
            for (int ch = 0; ch < channels; ch++) {
                m[ch] = (float) (sums[0][ch] / rows);
            }
            double[][] squares = sums(x, 0, rows, channels, null, null, (xs, unused, n, c, acc, acc2) -> {
                for (int r = 0; r < n; r++) {
                    int o = r * c;
                    for (int ch = 0; ch < c; ch++) {
                        float d = xs[o + ch] - m[ch];
                        acc[ch] += d * d;
                    }
                }
            });
            for (int ch = 0; ch < channels; ch++) {
                v[ch] = (float) (squares[0][ch] / rows);
            }
        } else {
            Arrays.fill(m, Float.NaN);
            Arrays.fill(v, Float.NaN);
        }
        float[] g = new float[channels];
        float[] b = new float[channels];
        OffHeap.get(gamma, g, 0, channels);
        OffHeap.get(beta, b, 0, channels);
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            scale[ch] = g[ch] / (float) Math.sqrt(v[ch] + epsilon);
            shift[ch] = b[ch] - m[ch] * scale[ch];
        }
        OffHeap.put(m, 0, mean, channels);
        OffHeap.put(v, 0, variance, channels);
        int rowsPerChunk = Math.max(1, CHUNK / channels);
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            float[] buf = Scratch.get().array(0, rowsPerChunk * channels);
            for (int r0 = s; r0 < e; r0 += rowsPerChunk) {
                int n = Math.min(rowsPerChunk, e - r0);
                OffHeap.get(x + 4L * r0 * channels, buf, 0, n * channels);
                for (int r = 0; r < n; r++) {
                    int o = r * channels;
                    for (int ch = 0; ch < channels; ch++) {
                        buf[o + ch] = buf[o + ch] * scale[ch] + shift[ch];
                    }
                }
                OffHeap.put(buf, 0, y + 4L * r0 * channels, n * channels);
            }
        });
    }

    /**
     * With {@code xhat = (x - mean) / sqrt(var + eps)}: {@code dBeta = sum(dy)},
     * {@code dGamma = sum(dy * xhat)} and
     * {@code dx = gamma / sqrt(var + eps) * (dy - dBeta / n - xhat * dGamma / n)}.
     */
    static void backward(long x, long gamma, long mean, long variance, float epsilon, long dy, long dx, long dGamma,
                         long dBeta, int rows, int channels) {
        float[] g = new float[channels];
        float[] m = new float[channels];
        float[] v = new float[channels];
        OffHeap.get(gamma, g, 0, channels);
        OffHeap.get(mean, m, 0, channels);
        OffHeap.get(variance, v, 0, channels);
        float[] invStd = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            invStd[ch] = 1f / (float) Math.sqrt(v[ch] + epsilon);
        }
        double[][] sums = rows == 0 ? new double[2][channels]
                : sums(x, dy, rows, channels, m, invStd, (xhat, dys, n, c, acc, acc2) -> {
                    for (int r = 0; r < n; r++) {
                        int o = r * c;
                        for (int ch = 0; ch < c; ch++) {
                            acc[ch] += dys[o + ch];
                            acc2[ch] += dys[o + ch] * xhat[o + ch];
                        }
                    }
                });
        float[] db = new float[channels];
        float[] dg = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            db[ch] = (float) sums[0][ch];
            dg[ch] = (float) sums[1][ch];
        }
        OffHeap.put(db, 0, dBeta, channels);
        OffHeap.put(dg, 0, dGamma, channels);
        // dx = a * dy + b * x + c per channel
        float[] a = new float[channels];
        float[] bx = new float[channels];
        float[] c0 = new float[channels];
        for (int ch = 0; ch < channels; ch++) {
            a[ch] = g[ch] * invStd[ch];
            bx[ch] = -a[ch] * invStd[ch] * dg[ch] / rows;
            c0[ch] = -a[ch] * db[ch] / rows - bx[ch] * m[ch];
        }
        int rowsPerChunk = Math.max(1, CHUNK / channels);
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] xs = sc.array(0, rowsPerChunk * channels);
            float[] dys = sc.array(1, rowsPerChunk * channels);
            for (int r0 = s; r0 < e; r0 += rowsPerChunk) {
                int n = Math.min(rowsPerChunk, e - r0);
                OffHeap.get(x + 4L * r0 * channels, xs, 0, n * channels);
                OffHeap.get(dy + 4L * r0 * channels, dys, 0, n * channels);
                for (int r = 0; r < n; r++) {
                    int o = r * channels;
                    for (int ch = 0; ch < channels; ch++) {
                        xs[o + ch] = a[ch] * dys[o + ch] + bx[ch] * xs[o + ch] + c0[ch];
                    }
                }
                OffHeap.put(xs, 0, dx + 4L * r0 * channels, n * channels);
            }
        });
    }

    private static int grainRows(int channels) {
        return Math.max(1, CpuElementwise.GRAIN / Math.max(1, channels));
    }

    /**
     * Runs {@code body} over chunks of rows on each core, with the chunk of dy as its second
     * array when {@code dy} is given; each chunk's float sums are folded into double totals.
     * With {@code centre} and {@code invStd} the chunk of x is standardised first.
     */
    private static double[][] sums(long x, long dy, int rows, int channels, float[] centre, float[] invStd,
                                   ChunkSum body) {
        double[][] total = new double[2][channels];
        int rowsPerChunk = Math.max(1, CHUNK / channels);
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] xs = sc.array(2, rowsPerChunk * channels);
            float[] second = dy != 0 ? sc.array(3, rowsPerChunk * channels) : null;
            float[] acc = new float[channels];
            float[] acc2 = new float[channels];
            double[] part = new double[channels];
            double[] part2 = new double[channels];
            for (int r0 = s; r0 < e; r0 += rowsPerChunk) {
                int n = Math.min(rowsPerChunk, e - r0);
                OffHeap.get(x + 4L * r0 * channels, xs, 0, n * channels);
                if (dy != 0) {
                    OffHeap.get(dy + 4L * r0 * channels, second, 0, n * channels);
                }
                if (centre != null) {
                    for (int r = 0; r < n; r++) {
                        int o = r * channels;
                        for (int ch = 0; ch < channels; ch++) {
                            xs[o + ch] = (xs[o + ch] - centre[ch]) * invStd[ch];
                        }
                    }
                }
                Arrays.fill(acc, 0f);
                Arrays.fill(acc2, 0f);
                body.add(xs, second, n, channels, acc, acc2);
                for (int ch = 0; ch < channels; ch++) {
                    part[ch] += acc[ch];
                    part2[ch] += acc2[ch];
                }
            }
            synchronized (total) {
                for (int ch = 0; ch < channels; ch++) {
                    total[0][ch] += part[ch];
                    total[1][ch] += part2[ch];
                }
            }
        });
        return total;
    }
}
