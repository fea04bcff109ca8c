package io.jkeras.backend.cpu;

import io.jkeras.backend.ReduceOp;
import java.util.Arrays;

/** Reductions, layout changes and row-wise kernels (softmax, one-hot, top-k) of the CPU backend. */
final class CpuReduce {
    private static final int CHUNK = Scratch.CHUNK;
    /** Partial sums of a softmax row: one per lane of an AVX-512 vector (softmax.c's JK_LANES). */
    static final int LANES = 16;

    private CpuReduce() {
    }

    /** x viewed as (outer, len, inner) reduced over the middle axis into out (outer, inner). */
    static void reduce(ReduceOp op, long x, int outer, int len, int inner, long out) {
        if (inner == 1) {
            forBlocks(outer, Math.max(1, CpuElementwise.GRAIN / Math.max(1, len)), (s, e) -> {
                Scratch sc = Scratch.get();
                float[] buf = sc.array(0, CHUNK);
                float[] res = sc.array(1, CHUNK);
                for (int o = s; o < e; o++) {
                    res[o - s] = reduceRun(op, x + 4L * o * len, len, buf);
                }
                OffHeap.put(res, 0, out + 4L * s, e - s);
            }, CHUNK);
        } else if ((op == ReduceOp.SUM || op == ReduceOp.MEAN) && inner <= CHUNK / 8) {
            for (int o = 0; o < outer; o++) {
                columnSums(x + 4L * o * len * inner, len, inner, op == ReduceOp.MEAN, out + 4L * o * inner);
            }
        } else {
            CpuParallel.forRange(outer * ((inner + CHUNK - 1) / CHUNK), 1, (s, e) -> {
                int blocks = (inner + CHUNK - 1) / CHUNK;
                float[] row = Scratch.get().array(0, CHUNK);
                float[] acc = Scratch.get().array(1, CHUNK);
                float[] arg = Scratch.get().array(2, CHUNK);
                for (int t = s; t < e; t++) {
                    int o = t / blocks;
                    int c0 = (t % blocks) * CHUNK;
                    int w = Math.min(CHUNK, inner - c0);
                    reduceColumns(op, x + 4L * ((long) o * len * inner + c0), len, inner, w, row, acc, arg);
                    OffHeap.put(op == ReduceOp.ARGMAX ? arg : acc, 0, out + 4L * ((long) o * inner + c0), w);
                }
            });
        }
    }

    /**
     * Sums of the columns of a (rows, cols) matrix with few columns (a bias gradient over a
     * batch of images). A loop over 32 columns is too short for C2's unrolled vector loop, so
     * whole blocks of rows are added element by element into a block-sized accumulator (one
     * long vectorised loop per block) and folded to column sums once at the end; each core
     * sums its own rows.
     */
    private static void columnSums(long x, int rows, int cols, boolean mean, long out) {
        int parts = Math.max(1, Math.min(CpuParallel.THREADS, (int) ((long) rows * cols / CpuElementwise.GRAIN)));
        int blockRows = Math.max(1, CHUNK / cols);
        float[][] partial = new float[parts][blockRows * cols];
        CpuParallel.forItems(parts, 1, (ps, pe) -> {
            float[] buf = Scratch.get().array(0, blockRows * cols);
            for (int p = ps; p < pe; p++) {
                float[] acc = partial[p];
                int r0 = (int) ((long) rows * p / parts);
                int r1 = (int) ((long) rows * (p + 1) / parts);
                for (int r = r0; r < r1; r += blockRows) {
                    int n = Math.min(blockRows, r1 - r) * cols;
                    OffHeap.get(x + 4L * r * cols, buf, 0, n);
                    for (int k = 0; k < n; k++) {
                        acc[k] += buf[k];
                    }
                }
            }
        });
        float[] total = new float[cols];
        for (float[] acc : partial) {
            for (int k = 0; k < acc.length; k++) {
                total[k % cols] += acc[k];
            }
        }
        if (mean) {
            float inv = 1f / rows;
            for (int c = 0; c < cols; c++) {
                total[c] *= inv;
            }
        }
        OffHeap.put(total, 0, out, cols);
    }

    /** Runs {@code body} over [0, n) in blocks of at most {@code maxBlock} (for fixed scratch). */
    private static void forBlocks(int n, int grain, CpuParallel.Range body, int maxBlock) {
        CpuParallel.forRange(n, grain, (s, e) -> {
            for (int b = s; b < e; b += maxBlock) {
                body.run(b, Math.min(e, b + maxBlock));
            }
        });
    }

    private static float reduceRun(ReduceOp op, long x, int len, float[] buf) {
        double sum = 0;
        float best = op == ReduceOp.MIN ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        int bestIdx = 0;
        for (int c = 0; c < len; c += CHUNK) {
            int w = Math.min(CHUNK, len - c);
            OffHeap.get(x + 4L * c, buf, 0, w);
            switch (op) {
                case SUM, MEAN -> {
                    float part = 0f;
                    for (int i = 0; i < w; i++) {
                        part += buf[i];
                    }
                    sum += part;
                }
                case MAX -> {
                    for (int i = 0; i < w; i++) {
                        best = Math.max(best, buf[i]);
                    }
                }
                case MIN -> {
                    for (int i = 0; i < w; i++) {
                        best = Math.min(best, buf[i]);
                    }
                }
                case ARGMAX -> {
                    for (int i = 0; i < w; i++) {
                        if (buf[i] > best) {
                            best = buf[i];
                            bestIdx = c + i;
                        }
                    }
                }
                default -> throw new UnsupportedOperationException(op.name());
            }
        }
        return switch (op) {
            case SUM -> (float) sum;
            case MEAN -> (float) (sum / len);
            case MAX, MIN -> best;
            case ARGMAX -> bestIdx;
        };
    }

    private static void reduceColumns(ReduceOp op, long x, int len, int inner, int w, float[] row, float[] acc,
                                      float[] arg) {
        float init = switch (op) {
            case SUM, MEAN -> 0f;
            case MAX, ARGMAX -> Float.NEGATIVE_INFINITY;
            case MIN -> Float.POSITIVE_INFINITY;
        };
        Arrays.fill(acc, 0, w, init);
        if (op == ReduceOp.ARGMAX) {
            Arrays.fill(arg, 0, w, 0f);
        }
        for (int j = 0; j < len; j++) {
            OffHeap.get(x + 4L * j * inner, row, 0, w);
            switch (op) {
                case SUM, MEAN -> {
                    for (int i = 0; i < w; i++) {
                        acc[i] += row[i];
                    }
                }
                case MAX -> {
                    for (int i = 0; i < w; i++) {
                        acc[i] = Math.max(acc[i], row[i]);
                    }
                }
                case MIN -> {
                    for (int i = 0; i < w; i++) {
                        acc[i] = Math.min(acc[i], row[i]);
                    }
                }
                case ARGMAX -> {
                    for (int i = 0; i < w; i++) {
                        if (row[i] > acc[i]) {
                            acc[i] = row[i];
                            arg[i] = j;
                        }
                    }
                }
                default -> throw new UnsupportedOperationException(op.name());
            }
        }
        if (op == ReduceOp.MEAN) {
            float inv = 1f / len;
            for (int i = 0; i < w; i++) {
                acc[i] *= inv;
            }
        }
    }

    /** General axis permutation, done in heap memory (used off the hot path). */
    static void transpose(long x, int[] shape, int[] perm, long out) {
        int rank = shape.length;
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] src = new float[n];
        float[] dst = new float[n];
        OffHeap.get(x, src, 0, n);
        int[] inStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = acc;
            acc *= shape[i];
        }
        int[] outShape = new int[rank];
        int[] strideOfOut = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
            strideOfOut[i] = inStrides[perm[i]];
        }
        int[] idx = new int[rank];
        int src0 = 0;
        for (int o = 0; o < n; o++) {
            dst[o] = src[src0];
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                src0 += strideOfOut[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                src0 -= strideOfOut[d] * outShape[d];
                idx[d] = 0;
            }
        }
        OffHeap.put(dst, 0, out, n);
    }

    static void copyAxis(long x, int xLen, int xStart, long out, int outLen, int outStart, int outer, int length,
                         int inner) {
        long run = 4L * length * inner;
        for (int o = 0; o < outer; o++) {
            long from = x + 4L * ((long) o * xLen + xStart) * inner;
            long to = out + 4L * ((long) o * outLen + outStart) * inner;
            OffHeap.copy(from, to, run);
        }
    }

    static void oneHot(long labels, int n, int classes, long out) {
        float[] lab = new float[n];
        OffHeap.get(labels, lab, 0, n);
        float[] row = Scratch.get().array(0, classes);
        for (int i = 0; i < n; i++) {
            Arrays.fill(row, 0, classes, 0f);
            int c = (int) lab[i];
            if (c < 0 || c >= classes || c != lab[i]) {
                throw new IllegalArgumentException("label " + lab[i] + " at index " + i
                        + " is not a class index in [0, " + classes + ")");
            }
            row[c] = 1f;
            OffHeap.put(row, 0, out + 4L * i * classes, classes);
        }
    }

    /** TensorFlow's in_top_k: the target is in the top k when fewer than k classes score strictly higher. */
    static void inTopK(long predictions, long targets, int n, int classes, int k, long out) {
        float[] tgt = new float[n];
        float[] res = new float[n];
        OffHeap.get(targets, tgt, 0, n);
        float[] row = Scratch.get().array(0, classes);
        for (int i = 0; i < n; i++) {
            OffHeap.get(predictions + 4L * i * classes, row, 0, classes);
            int t = (int) tgt[i];
            if (t < 0 || t >= classes) {
                res[i] = 0f;
                continue;
            }
            float v = row[t];
            int higher = 0;
            boolean finite = !Float.isNaN(v) && !Float.isInfinite(v);
            for (int c = 0; c < classes; c++) {
                if (row[c] > v) {
                    higher++;
                }
            }
            res[i] = finite && higher < k ? 1f : 0f;
        }
        OffHeap.put(res, 0, out, n);
    }

    /**
     * Softmax (or log-softmax) over each row of x (rows x cols) into y. A row holding NaN comes out
     * all NaN. exp and log are {@link FloatExp}'s and {@link FloatLog}'s, and the row sum runs in
     * {@link #LANES} interleaved partial sums: native/cpu/softmax.c repeats all three, so the
     * kernel library's softmax gives these bits.
     */
    static void softmax(long x, long y, int rows, int cols, boolean log) {
        int grain = Math.max(1, CpuElementwise.GRAIN / Math.max(1, cols));
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(rows, grain, (s, e) ->
                    NativeSoftmax.softmaxRows(x + 4L * s * cols, y + 4L * s * cols, e - s, cols, log));
            return;
        }
        CpuParallel.forRange(rows, grain, (s, e) -> {
            float[] row = Scratch.get().array(0, cols);
            float[] lanes = Scratch.get().array(1, LANES);
            for (int r = s; r < e; r++) {
                OffHeap.get(x + 4L * r * cols, row, 0, cols);
                softmaxRow(row, cols, log, lanes);
                OffHeap.put(row, 0, y + 4L * r * cols, cols);
            }
        });
    }

    /** {@link #softmax} of row[0, cols) in place; lanes[0, LANES) is scratch. */
    static void softmaxRow(float[] row, int cols, boolean log, float[] lanes) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            max = Math.max(max, row[c]);
        }
        if (max != max) {
            Arrays.fill(row, 0, cols, Float.NaN);
            return;
        }
        Arrays.fill(lanes, 0, LANES, 0f);
        int full = cols - cols % LANES;
        for (int c = 0; c < full; c += LANES) {
            for (int j = 0; j < LANES; j++) {
                float v = FloatExp.exp(row[c + j] - max);
                lanes[j] += v;
                if (!log) {
                    row[c + j] = v;
                }
            }
        }
        for (int c = full; c < cols; c++) {
            float v = FloatExp.exp(row[c] - max);
            lanes[c - full] += v;
            if (!log) {
                row[c] = v;
            }
        }
        for (int width = LANES / 2; width > 0; width /= 2) {
            for (int j = 0; j < width; j++) {
                lanes[j] += lanes[j + width];
            }
        }
        float sum = lanes[0];
        if (log) {
            float lse = max + FloatLog.log(sum);
            for (int c = 0; c < cols; c++) {
                row[c] -= lse;
            }
        } else {
            float inv = 1f / sum;
            for (int c = 0; c < cols; c++) {
                row[c] *= inv;
            }
        }
    }

    /** softmax: dx = y (dy - sum(dy y)); log-softmax: dx = dy - exp(y) sum(dy). */
    static void softmaxBackward(long y, long dy, long dx, int rows, int cols, boolean log) {
        CpuParallel.forRange(rows, Math.max(1, CpuElementwise.GRAIN / cols), (s, e) -> {
            float[] ys = Scratch.get().array(0, cols);
            float[] ds = Scratch.get().array(1, cols);
            for (int r = s; r < e; r++) {
                OffHeap.get(y + 4L * r * cols, ys, 0, cols);
                OffHeap.get(dy + 4L * r * cols, ds, 0, cols);
                float dot = 0f;
                if (log) {
                    for (int c = 0; c < cols; c++) {
                        dot += ds[c];
                    }
                    for (int c = 0; c < cols; c++) {
                        ds[c] -= FloatExp.exp(ys[c]) * dot;
                    }
                } else {
                    for (int c = 0; c < cols; c++) {
                        dot += ds[c] * ys[c];
                    }
                    for (int c = 0; c < cols; c++) {
                        ds[c] = ys[c] * (ds[c] - dot);
                    }
                }
                OffHeap.put(ds, 0, dx + 4L * r * cols, cols);
            }
        });
    }
}
