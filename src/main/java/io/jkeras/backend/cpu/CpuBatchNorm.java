package io.jkeras.backend.cpu;

import java.util.Arrays;

/**
 * Batch normalisation in training mode over x viewed as (rows, channels), and its gradient.
 *
 * <p>Rows are processed in chunks of R whole rows (about {@link Scratch#CHUNK} floats), and
 * every per-channel quantity is laid out as a "lane" array of R copies, so each hot loop is
 * one long elementwise loop over the chunk with a single index (which C2 vectorises; a loop
 * over the channels of one row is too short to). Per-channel sums accumulate lane by lane in
 * float, fold into double every few chunks, and the parts of the cores are merged at the end.
 * The variance is a second pass over {@code (x - mean)^2}, exact where the one-pass
 * {@code E[x^2] - E[x]^2} would cancel.
 */
final class CpuBatchNorm {
    /** Chunks summed in float before the lanes fold into the double totals. */
    private static final int FOLD_EVERY = 16;

    private CpuBatchNorm() {
    }

    /** Adds the per-lane terms of one chunk ({@code n} floats of x, and of dy when given) to acc and acc2. */
    private interface ChunkSum {
        void add(float[] x, float[] dy, int n, float[] acc, float[] acc2);
    }

    private static int rowsPerChunk(int channels) {
        return Math.max(1, Scratch.CHUNK / channels);
    }

    /** {@code values} repeated once per row of a chunk. */
    private static float[] lanes(float[] values, int channels) {
        int r = rowsPerChunk(channels);
        float[] lane = new float[r * channels];
        for (int i = 0; i < r; i++) {
            System.arraycopy(values, 0, lane, i * channels, channels);
        }
        return lane;
    }

    static void training(long x, long gamma, long beta, float epsilon, long y, long mean, long variance, int rows,
                         int channels) {
        float[] m = new float[channels];
        float[] v = new float[channels];
        if (rows > 0) {
            double[][] sums = sums(x, 0, rows, channels, (xs, unused, n, acc, acc2) -> {
                for (int l = 0; l < n; l++) {
                    acc[l] += xs[l];
                }
            });
            for (int ch = 0; ch < channels; ch++) {
                m[ch] = (float) (sums[0][ch] / rows);
            }
            float[] meanLane = lanes(m, channels);
            double[][] squares = sums(x, 0, rows, channels, (xs, unused, n, acc, acc2) -> {
                for (int l = 0; l < n; l++) {
                    float d = xs[l] - meanLane[l];
                    acc[l] += d * d;
                }
            });
            for (int ch = 0; ch < channels; ch++) {
                v[ch] = (float) (squares[0][ch] / rows);
            }
        } else {
            Arrays.fill(m, Float.NaN);
            Arrays.fill(v, Float.NaN);
        }
        OffHeap.put(m, 0, mean, channels);
        OffHeap.put(v, 0, variance, channels);
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
        float[] scaleLane = lanes(scale, channels);
        float[] shiftLane = lanes(shift, channels);
        int chunkRows = rowsPerChunk(channels);
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            float[] buf = Scratch.get().array(0, chunkRows * channels);
            for (int r0 = s; r0 < e; r0 += chunkRows) {
                int n = Math.min(chunkRows, e - r0) * channels;
                OffHeap.get(x + 4L * r0 * channels, buf, 0, n);
                for (int l = 0; l < n; l++) {
                    buf[l] = buf[l] * scaleLane[l] + shiftLane[l];
                }
                OffHeap.put(buf, 0, y + 4L * r0 * channels, n);
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
        float[] meanLane = lanes(m, channels);
        float[] invStdLane = lanes(invStd, channels);
        double[][] sums = rows == 0 ? new double[2][channels]
                : sums(x, dy, rows, channels, (xs, dys, n, acc, acc2) -> {
                    for (int l = 0; l < n; l++) {
                        float xhat = (xs[l] - meanLane[l]) * invStdLane[l];
                        acc[l] += dys[l];
                        acc2[l] += dys[l] * xhat;
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
        float[] aLane = lanes(a, channels);
        float[] bLane = lanes(bx, channels);
        float[] cLane = lanes(c0, channels);
        int chunkRows = rowsPerChunk(channels);
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] xs = sc.array(0, chunkRows * channels);
            float[] dys = sc.array(1, chunkRows * channels);
            for (int r0 = s; r0 < e; r0 += chunkRows) {
                int n = Math.min(chunkRows, e - r0) * channels;
                OffHeap.get(x + 4L * r0 * channels, xs, 0, n);
                OffHeap.get(dy + 4L * r0 * channels, dys, 0, n);
                for (int l = 0; l < n; l++) {
                    xs[l] = aLane[l] * dys[l] + bLane[l] * xs[l] + cLane[l];
                }
                OffHeap.put(xs, 0, dx + 4L * r0 * channels, n);
            }
        });
    }

    private static int grainRows(int channels) {
        return Math.max(1, CpuElementwise.GRAIN / Math.max(1, channels));
    }

    /**
     * Runs {@code body} over the chunks of each core's rows (with the chunk of dy when
     * {@code dy} is given) and returns the two per-channel totals of its lane sums.
     */
    private static double[][] sums(long x, long dy, int rows, int channels, ChunkSum body) {
        double[][] total = new double[2][channels];
        int chunkRows = rowsPerChunk(channels);
        int width = chunkRows * channels;
        CpuParallel.forRange(rows, grainRows(channels), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] xs = sc.array(2, width);
            float[] dys = dy != 0 ? sc.array(3, width) : null;
            float[] acc = new float[width];
            float[] acc2 = new float[width];
            double[] part = new double[width];
            double[] part2 = new double[width];
            int chunks = 0;
            for (int r0 = s; r0 < e; r0 += chunkRows) {
                int n = Math.min(chunkRows, e - r0) * channels;
                OffHeap.get(x + 4L * r0 * channels, xs, 0, n);
                if (dys != null) {
                    OffHeap.get(dy + 4L * r0 * channels, dys, 0, n);
                }
                body.add(xs, dys, n, acc, acc2);
                if (++chunks % FOLD_EVERY == 0 || r0 + chunkRows >= e) {
                    fold(acc, part, width);
                    fold(acc2, part2, width);
                }
            }
            synchronized (total) {
                for (int l = 0; l < width; l++) {
                    total[0][l % channels] += part[l];
                    total[1][l % channels] += part2[l];
                }
            }
        });
        return total;
    }

    private static void fold(float[] acc, double[] part, int n) {
        for (int l = 0; l < n; l++) {
            part[l] += acc[l];
        }
        Arrays.fill(acc, 0, n, 0f);
    }
}
