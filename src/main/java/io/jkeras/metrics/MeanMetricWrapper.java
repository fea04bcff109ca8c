package io.jkeras.metrics;

import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;
import io.jkeras.ops.Tape;

/**
 * Averages a per-sample {@link MetricFunction} over every batch seen (Keras's
 * MeanMetricWrapper). Before the function, yTrue and yPred are aligned by dropping a trailing
 * 1 when their ranks differ by one.
 */
public class MeanMetricWrapper extends Mean {
    private final MetricFunction fn;

    public MeanMetricWrapper(String name, MetricFunction fn) {
        super(name);
        if (fn == null) {
            throw new IllegalArgumentException("fn must be a metric function, got null");
        }
        this.fn = fn;
    }

    /** For subclasses whose options are read on every update: they override {@link #values}. */
    protected MeanMetricWrapper(String name) {
        super(name);
        this.fn = null;
    }

    /** The wrapped function (for a subclass with options, its {@link #values} with the current ones). */
    public MetricFunction function() {
        return fn != null ? fn : this::values;
    }

    /** The per-sample values of one batch, on aligned arguments; subclasses with options override it. */
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return fn.apply(yTrue, yPred);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor v = Tape.paused(() -> {
            Tensor[] aligned = LossFunctions.alignRanks(yTrue, yPred);
            Tensor out = values(aligned[0], aligned[1]);
            if (aligned[0] != yTrue) {
                aligned[0].close();
            }
            if (aligned[1] != yPred) {
                aligned[1].close();
            }
            return out;
        });
        update(v, sampleWeight);
        v.close();
    }

    @Override
    public Metric copy(String newName) {
        return new MeanMetricWrapper(newName, function());
    }
}
