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
    private Integer steps;
    private int maxQueueSize = 10;
    private int workers = 1;
    private boolean useMultiprocessing;

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

    /** Batches to evaluate before stopping (default: all of the data, or len of a Sequence). */
    public EvaluateOptions steps(Integer steps) {
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1 or null, got " + steps);
        }
        this.steps = steps;
        return this;
    }

    /** For generators and Sequences: how many batches the workers may prepare ahead (default 10). */
    public EvaluateOptions maxQueueSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1, got " + n);
        }
        this.maxQueueSize = n;
        return this;
    }

    /** Threads preparing batches of a generator or Sequence; 0 reads them on the calling thread (default 1). */
    public EvaluateOptions workers(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + n);
        }
        this.workers = n;
        return this;
    }

    /**
     * Keras's use_multiprocessing. Java has no fork of the running program, so workers are
     * threads either way; the flag is accepted for compatibility and changes nothing.
     */
    public EvaluateOptions useMultiprocessing(boolean b) {
        this.useMultiprocessing = b;
        return this;
    }

    public Integer steps() {
        return steps;
    }

    public int maxQueueSize() {
        return maxQueueSize;
    }

    public int workers() {
        return workers;
    }

    public boolean useMultiprocessing() {
        return useMultiprocessing;
    }
}
