package io.jkeras.backend;

/**
 * NumPy broadcasting reduced to as few axes as possible: size-1 output axes are dropped and
 * neighbouring axes merged where both operands broadcast (or both do not) along them. A
 * bias add (N,H,W,C) + (C) becomes two axes [N*H*W, C] with strides a = [C, 1], b = [0, 1].
 * Shared by the backends (the CPU walks it row by row, the CUDA kernels take it as a
 * struct), so both read the operands the same way. The arrays are the plan's own: read them,
 * never write them.
 */
public final class BroadcastPlan {
    /** The merged output axes. */
    public final int[] dims;
    /** Stride of the first operand along each merged axis, 0 where it broadcasts. */
    public final int[] aStrides;
    /** Stride of the second operand along each merged axis, 0 where it broadcasts (without one: as if it had the output's shape). */
    public final int[] bStrides;
    /** Elements of the output. */
    public final int size;

    private BroadcastPlan(int[] dims, int[] aStrides, int[] bStrides, int size) {
        this.dims = dims;
        this.aStrides = aStrides;
        this.bStrides = bStrides;
        this.size = size;
    }

    /** {@code b} may be null (a plain broadcast of {@code a}). */
    public static BroadcastPlan of(int[] a, int[] b, int[] out) {
        int r = out.length;
        int[] dims = new int[r];
        boolean[] aBc = new boolean[r];
        boolean[] bBc = new boolean[r];
        int k = 0;
        int size = 1;
        for (int i = 0; i < r; i++) {
            int o = out[i];
            size *= o;
            if (o == 1) {
                continue;
            }
            boolean ab = dimOf(a, i, r) == 1;
            boolean bb = b != null && dimOf(b, i, r) == 1;
            if (k > 0 && aBc[k - 1] == ab && bBc[k - 1] == bb) {
                dims[k - 1] *= o;
            } else {
                dims[k] = o;
                aBc[k] = ab;
                bBc[k] = bb;
                k++;
            }
        }
        int[] d = new int[k];
        int[] sa = new int[k];
        int[] sb = new int[k];
        int accA = 1;
        int accB = 1;
        for (int i = k - 1; i >= 0; i--) {
            d[i] = dims[i];
            sa[i] = aBc[i] ? 0 : accA;
            sb[i] = bBc[i] ? 0 : accB;
            if (!aBc[i]) {
                accA *= dims[i];
            }
            if (!bBc[i]) {
                accB *= dims[i];
            }
        }
        return new BroadcastPlan(d, sa, sb, size);
    }

    private static int dimOf(int[] shape, int i, int rank) {
        int j = i - (rank - shape.length);
        return j >= 0 ? shape[j] : 1;
    }

    public int rank() {
        return dims.length;
    }

    /** Rows of the innermost axis. */
    public int rows() {
        int n = 1;
        for (int i = 0; i < dims.length - 1; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Offset into an operand with {@code strides} of the first element of {@code row}. */
    public int rowOffset(int row, int[] strides) {
        int off = 0;
        for (int i = dims.length - 2; i >= 0; i--) {
            int idx = row % dims[i];
            row /= dims[i];
            off += idx * strides[i];
        }
        return off;
    }
}
