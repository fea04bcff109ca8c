package io.jkeras;

import java.util.Arrays;

/**
 * A host array of float32 values, row-major: what users give to and get from a model.
 * Device tensors never appear in the user API; an NDArray is copied to the device a batch
 * at a time. Instances do not change after construction.
 */
public final class NDArray {
    private final float[] data;
    private final int[] shape;

    private NDArray(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** Copies {@code data} into an array of {@code shape}. */
    public static NDArray of(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new NDArray(data.clone(), shape.clone());
    }

    /** A (rows, cols) array; every row must have the same length. */
    public static NDArray of(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("rows must have equal lengths: row 0 has " + cols
                        + " values, row " + i + " has " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new NDArray(d, new int[] {rows.length, cols});
    }

    public static NDArray zeros(int... shape) {
        checkShape(shape);
        return new NDArray(new float[(int) count(shape)], shape.clone());
    }

    /** Integer class labels as a (n,) array. */
    public static NDArray ofInts(int[] labels) {
        float[] d = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            d[i] = labels[i];
        }
        return new NDArray(d, new int[] {labels.length});
    }

    /**
     * Unsigned bytes (0 to 255, as image files and Keras's {@code load_data} keep pixels) as
     * floats of the same values, in one allocation: decoding into a float[] and passing it to
     * {@link #of(float[], int...)} held the data twice.
     */
    public static NDArray ofUnsignedBytes(byte[] data, int... shape) {
        checkLength(data.length, shape);
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] & 0xFF;
        }
        return new NDArray(d, shape.clone());
    }

    /**
     * A new array of every value divided by {@code divisor}, the shape kept: Keras's
     * {@code x / 255.0}, in one allocation ({@link #toFloatArray} and {@link #of(float[], int...)}
     * made two, the first garbage at once).
     */
    public NDArray divide(float divisor) {
        if (divisor == 0f || !Float.isFinite(divisor)) {
            throw new IllegalArgumentException("divisor: expected a finite non-zero number, got " + divisor);
        }
        float[] d = new float[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i] / divisor;
        }
        return new NDArray(d, shape.clone());
    }

    /** Wraps without copying; for arrays the library made itself and hands over. */
    static NDArray wrap(float[] data, int... shape) {
        return new NDArray(data, shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of axis 0 (the samples), or 1 for a scalar. */
    public int length() {
        return shape.length == 0 ? 1 : shape[0];
    }

    public int size() {
        return data.length;
    }

    public float get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " axes, the array has " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** A copy of all values, row-major. */
    public float[] toFloatArray() {
        return data.clone();
    }

    /** The backing values, for the library's own copying loops; never modified. */
    float[] data() {
        return data;
    }

    /** Rows {@code [start, end)} of axis 0, copied. */
    public NDArray slice(int start, int end) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("slice needs an array with at least one axis");
        }
        if (start < 0 || end > shape[0] || start > end) {
            throw new IllegalArgumentException("slice [" + start + ", " + end + ") is out of range for "
                    + shape[0] + " rows");
        }
        int row = rowSize();
        int[] s = shape.clone();
        s[0] = end - start;
        return new NDArray(Arrays.copyOfRange(data, start * row, end * row), s);
    }

    /** Values per row of axis 0. */
    public int rowSize() {
        int n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** A view of the same values with another shape of the same size (one axis may be -1). */
    public NDArray reshape(int... newShape) {
        int[] s = newShape.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1 && unknown < 0) {
                unknown = i;
            } else {
                known *= s[i];
            }
        }
        if (unknown >= 0 && known > 0) {
            s[unknown] = (int) (data.length / known);
        }
        if (count(s) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        return new NDArray(data, s);
    }

    /** Copies rows {@code [start, end)} into a device tensor of (end - start) rows of this array's row shape. */
    public void copyRowsTo(int start, int end, io.jkeras.backend.Tensor dst) {
        int row = rowSize();
        if (dst.size() != (end - start) * row) {
            throw new IllegalArgumentException("rows [" + start + ", " + end + ") do not fill a tensor of shape "
                    + Arrays.toString(dst.shape()));
        }
        dst.backend().upload(data, start * row, dst);
    }

    /**
     * Copies the rows {@code order[from..to)} into a device tensor, in one transfer: a device
     * backend gathers them into {@code staging} first (at least {@code (to - from) * rowSize()}
     * floats, which the caller reuses), a host backend writes them in place.
     */
    public void gatherRowsTo(int[] order, int from, int to, float[] staging, io.jkeras.backend.Tensor dst) {
        dst.backend().uploadRows(data, rowSize(), order, from, to, staging, dst);
    }

    /** {@code shape} has no negative dimension and holds exactly {@code length} values. */
    private static void checkLength(int length, int[] shape) {
        checkShape(shape);
        long n = count(shape);
        if (n != length) {
            throw new IllegalArgumentException("data has " + length + " values but shape "
                    + Arrays.toString(shape) + " needs " + n);
        }
    }

    private static void checkShape(int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
        }
    }

    private static long count(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large for one array");
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NDArray a && Arrays.equals(a.shape, shape) && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NDArray").append(Arrays.toString(shape)).append(' ');
        int n = Math.min(data.length, 8);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(data[i]);
        }
        return sb.append(data.length > n ? ", ...]" : "]").toString();
    }
}
