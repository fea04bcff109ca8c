package io.jkeras;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The arguments of Keras's {@code evaluate}. */
public final class EvaluateOptions {
    private Integer batchSize;
    private int verbose = 1;
    private Data sampleWeight;
    private final List<Callback> callbacks = new ArrayList<>();

    public EvaluateOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be a positive integer, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** 0 silent, 1 progress bar. */
    public EvaluateOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    public EvaluateOptions sampleWeight(NDArray w) {
        this.sampleWeight = w == null ? null : Data.of(w);
        return this;
    }

    public EvaluateOptions sampleWeight(Data w) {
        this.sampleWeight = w;
        return this;
    }

    public EvaluateOptions callbacks(Callback... cbs) {
        callbacks.clear();
        callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    public Integer batchSize() {
        return batchSize;
    }

    public int verbose() {
        return verbose;
    }

    public Data sampleWeight() {
        return sampleWeight;
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}
