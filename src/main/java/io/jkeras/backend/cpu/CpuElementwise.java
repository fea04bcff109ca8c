package io.jkeras.backend.cpu;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.BroadcastPlan;
import io.jkeras.backend.UnaryOp;
import java.util.Arrays;

/**
 * Elementwise kernels over native memory, long loops split over the cores: in the CPU kernel
 * library where it loaded and has the function ({@link NativeElementwise}, the same bits), else
 * chunks are copied into per-thread heap arrays, computed by {@link ElementwiseMath}, and
 * copied back.
 */
final class CpuElementwise {
    /** Below this many elements a kernel stays on the calling thread. */
    static final int GRAIN = 32 * 1024;
    private static final int CHUNK = Scratch.CHUNK;

    private CpuElementwise() {
    }

    static void unary(UnaryOp op, float p, long x, long y, int n) {
        int code = NativeKernels.enabled() ? NativeElementwise.unaryCode(op) : -1;
        if (code >= 0) {
            CpuParallel.forRange(n, GRAIN, (s, e) -> NativeElementwise.check(
                    NativeElementwise.unary(code, p, x + 4L * s, y + 4L * s, e - s), "unary", code));
            return;
        }
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] a = sc.array(0, CHUNK);
            float[] b = sc.array(1, CHUNK);
            for (int c = s; c < e; c += CHUNK) {
                int len = Math.min(CHUNK, e - c);
                OffHeap.get(x + 4L * c, a, 0, len);
                ElementwiseMath.unary(op, p, a, b, len);
                OffHeap.put(b, 0, y + 4L * c, len);
            }
        });
    }

    /** {@link #unary} on the calling thread, for callers that already split their work over the cores. */
    static void unaryHere(UnaryOp op, float p, long x, long y, int n) {
        int code = NativeKernels.enabled() ? NativeElementwise.unaryCode(op) : -1;
        if (code >= 0) {
            NativeElementwise.check(NativeElementwise.unary(code, p, x, y, n), "unary", code);
            return;
        }
        Scratch sc = Scratch.get();
        float[] a = sc.array(0, CHUNK);
        float[] b = sc.array(1, CHUNK);
        for (int c = 0; c < n; c += CHUNK) {
            int len = Math.min(CHUNK, n - c);
            OffHeap.get(x + 4L * c, a, 0, len);
            ElementwiseMath.unary(op, p, a, b, len);
            OffHeap.put(b, 0, y + 4L * c, len);
        }
    }

    static void unaryBackward(UnaryOp op, float p, long x, long y, long dy, long dx, int n) {
        boolean readX = ElementwiseMath.backwardReadsX(op);
        boolean readY = ElementwiseMath.backwardReadsY(op);
        int code = NativeKernels.enabled() ? NativeElementwise.unaryBackwardCode(op) : -1;
        if (code >= 0) {
            long xs = readX ? x : dy;
            long ys = readY ? y : dy;
            CpuParallel.forRange(n, GRAIN, (s, e) -> NativeElementwise.check(NativeElementwise.unaryBackward(code, p,
                    xs + 4L * s, ys + 4L * s, dy + 4L * s, dx + 4L * s, e - s), "unary gradient", code));
            return;
        }
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] xs = sc.array(0, CHUNK);
            float[] ys = sc.array(1, CHUNK);
            float[] dys = sc.array(2, CHUNK);
            float[] dxs = sc.array(3, CHUNK);
            for (int c = s; c < e; c += CHUNK) {
                int len = Math.min(CHUNK, e - c);
                if (readX) {
                    OffHeap.get(x + 4L * c, xs, 0, len);
                }
                if (readY) {
                    OffHeap.get(y + 4L * c, ys, 0, len);
                }
                OffHeap.get(dy + 4L * c, dys, 0, len);
                ElementwiseMath.unaryBackward(op, p, xs, ys, dys, dxs, len);
                OffHeap.put(dxs, 0, dx + 4L * c, len);
            }
        });
    }

    static void binaryScalar(BinaryOp op, long x, float c, boolean scalarFirst, long out, int n) {
        int code = NativeKernels.enabled() ? NativeElementwise.binaryCode(op) : -1;
        if (code >= 0) {
            CpuParallel.forRange(n, GRAIN, (s, e) -> NativeElementwise.check(NativeElementwise.binaryScalar(code,
                    x + 4L * s, c, scalarFirst, out + 4L * s, e - s), "binary", code));
            return;
        }
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] v = sc.array(0, CHUNK);
            float[] k = sc.array(1, CHUNK);
            float[] o = sc.array(2, CHUNK);
            Arrays.fill(k, 0, CHUNK, c);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                OffHeap.get(x + 4L * i, v, 0, len);
                if (scalarFirst) {
                    ElementwiseMath.binary(op, k, v, o, len);
                } else {
                    ElementwiseMath.binary(op, v, k, o, len);
                }
                OffHeap.put(o, 0, out + 4L * i, len);
            }
        });
    }

    static void clip(long x, float lo, float hi, long out, int n) {
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            float[] v = Scratch.get().array(0, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                OffHeap.get(x + 4L * i, v, 0, len);
                for (int j = 0; j < len; j++) {
                    v[j] = Math.min(Math.max(v[j], lo), hi);
                }
                OffHeap.put(v, 0, out + 4L * i, len);
            }
        });
    }

    static void affine(long x, float a, float b, long out, int n) {
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            float[] v = Scratch.get().array(0, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                OffHeap.get(x + 4L * i, v, 0, len);
                for (int j = 0; j < len; j++) {
                    v[j] = a * v[j] + b;
                }
                OffHeap.put(v, 0, out + 4L * i, len);
            }
        });
    }

    static void where(long cond, long a, long b, long out, int n) {
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] cs = sc.array(0, CHUNK);
            float[] as = sc.array(1, CHUNK);
            float[] bs = sc.array(2, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                OffHeap.get(cond + 4L * i, cs, 0, len);
                OffHeap.get(a + 4L * i, as, 0, len);
                OffHeap.get(b + 4L * i, bs, 0, len);
                for (int j = 0; j < len; j++) {
                    as[j] = cs[j] != 0f ? as[j] : bs[j];
                }
                OffHeap.put(as, 0, out + 4L * i, len);
            }
        });
    }

    static void fill(long dst, float value, int n) {
        CpuParallel.forRange(n, GRAIN * 4, (s, e) -> {
            float[] v = Scratch.get().array(0, CHUNK);
            Arrays.fill(v, 0, CHUNK, value);
            for (int i = s; i < e; i += CHUNK) {
                OffHeap.put(v, 0, dst + 4L * i, Math.min(CHUNK, e - i));
            }
        });
    }

    /** {@link #fill} on the calling thread. */
    static void fillHere(long dst, float value, int n) {
        float[] v = Scratch.get().array(0, CHUNK);
        Arrays.fill(v, 0, Math.min(CHUNK, n), value);
        for (int i = 0; i < n; i += CHUNK) {
            OffHeap.put(v, 0, dst + 4L * i, Math.min(CHUNK, n - i));
        }
    }

    /**
     * {@code out = a op b} with broadcasting ({@code op == null}: {@code out = broadcast(a)},
     * {@code b} unused).
     */
    static void binary(BinaryOp op, long a, int[] aShape, long b, int[] bShape, long out, int[] outShape) {
        BroadcastPlan plan = BroadcastPlan.of(aShape, bShape, outShape);
        if (plan.size == 0) {
            return;
        }
        int k = plan.rank();
        if (k <= 1) {
            flat(op, a, plan.aStrides.length == 0 || plan.aStrides[0] == 0,
                    b, plan.bStrides.length == 0 || plan.bStrides[0] == 0, out, plan.size);
        } else if (k == 2 && plan.aStrides[1] == 1 && plan.bStrides[1] == 1
                && (plan.aStrides[0] == 0) != (op != null && plan.bStrides[0] == 0)) {
            tiled(op, a, plan.aStrides[0] == 0, b, out, plan.dims[0], plan.dims[1]);
        } else {
            rows(op, a, b, out, plan);
        }
    }

    private static void flat(BinaryOp op, long a, boolean aScalar, long b, boolean bScalar, long out, int n) {
        boolean nativeCase = op != null && NativeKernels.enabled() && !(aScalar && bScalar);
        int code = nativeCase ? NativeElementwise.binaryCode(op) : -1;
        if (code >= 0) {
            if (aScalar || bScalar) {
                binaryScalar(op, aScalar ? b : a, OffHeap.getFloat(aScalar ? a : b), aScalar, out, n);
                return;
            }
            CpuParallel.forRange(n, GRAIN, (s, e) -> NativeElementwise.check(NativeElementwise.binary(code,
                    a + 4L * s, b + 4L * s, out + 4L * s, e - s), "binary", code));
            return;
        }
        CpuParallel.forRange(n, GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] as = sc.array(0, CHUNK);
            float[] bs = sc.array(1, CHUNK);
            float[] os = sc.array(2, CHUNK);
            if (aScalar) {
                Arrays.fill(as, 0, CHUNK, OffHeap.getFloat(a));
            }
            if (op != null && bScalar) {
                Arrays.fill(bs, 0, CHUNK, OffHeap.getFloat(b));
            }
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                if (!aScalar) {
                    OffHeap.get(a + 4L * i, as, 0, len);
                }
                if (op == null) {
                    OffHeap.put(as, 0, out + 4L * i, len);
                    continue;
                }
                if (!bScalar) {
                    OffHeap.get(b + 4L * i, bs, 0, len);
                }
                ElementwiseMath.binary(op, as, bs, os, len);
                OffHeap.put(os, 0, out + 4L * i, len);
            }
        });
    }

    /**
     * Two axes [rows, cols] where one operand repeats one row: that row is tiled once into a
     * scratch array so whole chunks of many rows run as a flat vector loop.
     */
    private static void tiled(BinaryOp op, long a, boolean aRepeats, long b, long out, int rows, int cols) {
        int code = op != null && NativeKernels.enabled() ? NativeElementwise.binaryCode(op) : -1;
        if (code >= 0) {
            long row = aRepeats ? a : b;
            long big = aRepeats ? b : a;
            CpuParallel.forRange(rows, Math.max(1, GRAIN / cols), (s, e) -> NativeElementwise.check(
                    NativeElementwise.binaryTiled(code, row, aRepeats, big, out, s, e, cols), "binary", code));
            return;
        }
        int rowsPerChunk = Math.max(1, CHUNK / cols);
        CpuParallel.forRange(rows, Math.max(1, GRAIN / cols), (s, e) -> {
            Scratch sc = Scratch.get();
            int cap = rowsPerChunk * cols;
            float[] tile = sc.array(0, cap);
            float[] full = sc.array(1, cap);
            float[] os = sc.array(2, cap);
            long small = aRepeats ? a : b;
            long big = aRepeats ? b : a;
            OffHeap.get(small, tile, 0, cols);
            for (int r = 1; r < rowsPerChunk; r++) {
                System.arraycopy(tile, 0, tile, r * cols, cols);
            }
            for (int r = s; r < e; r += rowsPerChunk) {
                int len = Math.min(rowsPerChunk, e - r) * cols;
                long off = 4L * r * cols;
                if (op == null) {
                    OffHeap.put(tile, 0, out + off, len);
                    continue;
                }
                OffHeap.get(big + off, full, 0, len);
                if (aRepeats) {
                    ElementwiseMath.binary(op, tile, full, os, len);
                } else {
                    ElementwiseMath.binary(op, full, tile, os, len);
                }
                OffHeap.put(os, 0, out + off, len);
            }
        });
    }

    /** The general case: one pass per row of the innermost axis. */
    private static void rows(BinaryOp op, long a, long b, long out, BroadcastPlan plan) {
        int k = plan.rank();
        int cols = plan.dims[k - 1];
        boolean aInnerScalar = plan.aStrides[k - 1] == 0;
        boolean bInnerScalar = op == null || plan.bStrides[k - 1] == 0;
        int rows = plan.rows();
        CpuParallel.forRange(rows, Math.max(1, GRAIN / cols), (s, e) -> {
            Scratch sc = Scratch.get();
            float[] as = sc.array(0, CHUNK);
            float[] bs = sc.array(1, CHUNK);
            float[] os = sc.array(2, CHUNK);
            for (int r = s; r < e; r++) {
                long aRow = a + 4L * plan.rowOffset(r, plan.aStrides);
                long bRow = op == null ? 0 : b + 4L * plan.rowOffset(r, plan.bStrides);
                long oRow = out + 4L * (long) r * cols;
                if (aInnerScalar) {
                    Arrays.fill(as, 0, Math.min(CHUNK, cols), OffHeap.getFloat(aRow));
                }
                if (op != null && bInnerScalar) {
                    Arrays.fill(bs, 0, Math.min(CHUNK, cols), OffHeap.getFloat(bRow));
                }
                for (int c = 0; c < cols; c += CHUNK) {
                    int len = Math.min(CHUNK, cols - c);
                    if (!aInnerScalar) {
                        OffHeap.get(aRow + 4L * c, as, 0, len);
                    }
                    if (op == null) {
                        OffHeap.put(as, 0, oRow + 4L * c, len);
                        continue;
                    }
                    if (!bInnerScalar) {
                        OffHeap.get(bRow + 4L * c, bs, 0, len);
                    }
                    ElementwiseMath.binary(op, as, bs, os, len);
                    OffHeap.put(os, 0, oRow + 4L * c, len);
                }
            }
        });
    }
}
