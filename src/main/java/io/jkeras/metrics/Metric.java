package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/**
 * A stateful Keras metric: {@link #updateState} folds one batch into accumulators that stay on
 * the device; {@link #result} copies the current value to the host only when asked.
 */
public abstract class Metric implements AutoCloseable {
    private final String name;

    protected Metric(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Accumulates one batch; {@code sampleWeight} may be null. */
    public abstract void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight);

    /** The value over everything accumulated since the last reset. */
    public abstract double result();

    public abstract void resetState();

    /** A fresh, unaccumulated copy with the same configuration and the given name. */
    public abstract Metric copy(String newName);

    /** Frees the device accumulators. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + name + ")";
    }
}
