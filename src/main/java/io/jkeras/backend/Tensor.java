package io.jkeras.backend;

import java.util.Arrays;

/**
 * A float32 array in a device's memory: contiguous, row-major, taken from the device's
 * {@link MemoryPool}. Reshapes and row slices are views sharing the same block; the block
 * returns to the pool when the tensor and all its views are closed. A tensor made while a
 * {@link TensorScope} is open belongs to that scope and is closed with it.
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final Storage storage;
    private final long byteOffset;
    private final int[] shape;
    private final int size;
    private boolean closed;

    // Bookkeeping of io.jkeras.ops: the tensor's entry on the active tape (-1: none), and,
    // for softmax and sigmoid outputs, the logits they came from and which of the two made
    // them (cross-entropies use the logits directly).
    private int tapeIndex = -1;
    private Tensor logits;
    private String logitsActivation;

    Tensor(Backend backend, Storage storage, long byteOffset, int[] shape) {
        this.backend = backend;
        this.storage = storage;
        this.byteOffset = byteOffset;
        this.shape = shape;
        this.size = Shapes.size(shape);
        TensorScope.register(this);
    }

    /** Takes a fresh block of {@code shape} from the backend's pool (contents undefined). */
    static Tensor allocate(Backend backend, int[] shape) {
        long bytes = 4L * Shapes.size(shape);
        MemoryPool.Block block = backend.pool().allocate(bytes, backend.currentStream());
        return new Tensor(backend, new Storage(backend.pool(), block), 0, shape.clone());
    }

    public Backend backend() {
        return backend;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** The device address of the first element (a host pointer on the CPU). */
    public long address() {
        checkOpen();
        return storage.block.address() + byteOffset;
    }

    /** The pool block holding this tensor (shared with its views). */
    public MemoryPool.Block block() {
        return storage.block;
    }

    /** A view with another shape of the same number of elements. */
    public Tensor reshape(int... newShape) {
        checkOpen();
        int[] resolved = Shapes.resolveReshape(shape, newShape);
        storage.retain();
        return new Tensor(backend, storage, byteOffset, resolved);
    }

    /** A view of rows {@code [start, end)} along axis 0. */
    public Tensor rows(int start, int end) {
        checkOpen();
        if (shape.length == 0 || start < 0 || end > shape[0] || start > end) {
            throw new IllegalArgumentException("rows [" + start + ", " + end + ") out of range for shape "
                    + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[0] = end - start;
        long rowBytes = shape[0] == 0 ? 0 : 4L * (size / shape[0]);
        storage.retain();
        return new Tensor(backend, storage, byteOffset + rowBytes * start, s);
    }

    /** Copies the values to the host. */
    public float[] toFloatArray() {
        checkOpen();
        float[] out = new float[size];
        backend.download(this, out, 0);
        return out;
    }

    /** The single value of a one-element tensor, copied to the host. */
    public float item() {
        if (size != 1) {
            throw new IllegalStateException("item() needs a tensor of one element, shape is " + Arrays.toString(shape));
        }
        return toFloatArray()[0];
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            storage.release();
            if (logits != null) {
                logits.close();
                logits = null;
            }
        }
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Tensor of shape " + Arrays.toString(shape) + " is closed");
        }
    }

    /** Used by {@code io.jkeras.ops}: this tensor's entry on the active tape, -1 if none. */
    public int tapeIndex() {
        return tapeIndex;
    }

    public void tapeIndex(int index) {
        this.tapeIndex = index;
    }

    /**
     * Used by {@code io.jkeras.ops}: the logits a softmax or sigmoid output was computed from,
     * or null. The tensor owns that view and closes it with itself.
     */
    public Tensor logits() {
        return logits;
    }

    /** Records softmax logits (see {@link #logits(Tensor, String)}). */
    public void logits(Tensor source) {
        logits(source, "softmax");
    }

    /** Records the logits this tensor was computed from by {@code activation} ("softmax" or "sigmoid"). */
    public void logits(Tensor source, String activation) {
        this.logits = source;
        this.logitsActivation = activation;
    }

    /** The activation that turned {@link #logits()} into this tensor, or null when there are none. */
    public String logitsActivation() {
        return logits == null ? null : logitsActivation;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + "@" + backend.device();
    }
}
