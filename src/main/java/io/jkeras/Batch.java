package io.jkeras;

/**
 * One batch from a generator or {@link Sequence}: inputs, targets and sample weights, each an
 * array, a list or a map as Keras accepts them. Targets and weights may be null (prediction,
 * or no weights).
 */
public final class Batch {
    private final Data x;
    private final Data y;
    private final Data sampleWeight;

    public Batch(Data x, Data y, Data sampleWeight) {
        if (x == null) {
            throw new IllegalArgumentException("A batch needs inputs x, got null");
        }
        this.x = x;
        this.y = y;
        this.sampleWeight = sampleWeight;
    }

    public static Batch of(NDArray x) {
        return new Batch(Data.of(x), null, null);
    }

    public static Batch of(NDArray x, NDArray y) {
        return new Batch(Data.of(x), y == null ? null : Data.of(y), null);
    }

    public static Batch of(NDArray x, NDArray y, NDArray sampleWeight) {
        return new Batch(Data.of(x), y == null ? null : Data.of(y), sampleWeight == null ? null : Data.of(sampleWeight));
    }

    public static Batch of(Data x, Data y) {
        return new Batch(x, y, null);
    }

    public Data x() {
        return x;
    }

    public Data y() {
        return y;
    }

    public Data sampleWeight() {
        return sampleWeight;
    }

    /** Samples in the batch: the first dimension of its first input. */
    public int size() {
        NDArray first = x.isMap() ? x.map().values().iterator().next() : x.list().get(0);
        return first.length();
    }

    @Override
    public String toString() {
        return "Batch(x=" + x + ", y=" + y + ", sampleWeight=" + sampleWeight + ")";
    }
}
