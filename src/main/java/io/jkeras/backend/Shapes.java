package io.jkeras.backend;

import java.util.Arrays;

/** Shape arithmetic shared by every layer of the house. */
public final class Shapes {
    private Shapes() {
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
        }
        return (int) n;
    }

    /** Product of {@code shape[from..to)}. */
    public static int size(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Resolves one -1 in {@code target} and checks the element count. */
    public static int[] resolveReshape(int[] source, int[] target) {
        int total = size(source);
        int known = 1;
        int unknown = -1;
        int[] out = target.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException("Only one dimension may be -1 in " + Arrays.toString(target));
                }
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("Cannot reshape " + Arrays.toString(source) + " to "
                        + Arrays.toString(target));
            }
            out[unknown] = total / known;
        }
        if (size(out) != total) {
            throw new IllegalArgumentException("Cannot reshape an array of shape " + Arrays.toString(source)
                    + " (" + total + " elements) to " + Arrays.toString(target));
        }
        return out;
    }

    /** NumPy broadcasting of two shapes; null if they do not broadcast. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    public static int normalizeAxis(int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
