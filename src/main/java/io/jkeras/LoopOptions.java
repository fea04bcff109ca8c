package io.jkeras;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The arguments that {@code fit}, {@code evaluate} and {@code predict} share in Keras: batch
 * size, verbosity, callbacks and how generator or Sequence batches are fed. Setters return
 * the concrete options type so chains keep their methods.
 */
public abstract sealed class LoopOptions<T extends LoopOptions<T>>
        permits FitOptions, EvaluateOptions, PredictOptions {
    private Integer batchSize;
    private int verbose;
    private final List<Callback> callbacks = new ArrayList<>();
    private int maxQueueSize = 10;
    private int workers = 1;
    private boolean useMultiprocessing;

    LoopOptions(int defaultVerbose) {
        this.verbose = defaultVerbose;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Samples per batch; default 32 for array data. */
    public T batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be a positive integer, got " + batchSize);
        }
        this.batchSize = batchSize;
        return self();
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public T verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return self();
    }

    public T callbacks(Callback... callbacks) {
        return callbacks(Arrays.asList(callbacks));
    }

    public T callbacks(List<? extends Callback> callbacks) {
        List<Callback> checked = new ArrayList<>(callbacks.size());
        for (Callback c : callbacks) {
            if (c == null) {
                throw new IllegalArgumentException("callbacks must not contain null");
            }
            checked.add(c);
        }
        this.callbacks.clear();
        this.callbacks.addAll(checked);
        return self();
    }

    /** For generators and Sequences: how many batches the workers may prepare ahead (default 10). */
    public T maxQueueSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1, got " + n);
        }
        this.maxQueueSize = n;
        return self();
    }

    /** Threads preparing batches of a generator or Sequence; 0 reads them on the calling thread (default 1). */
    public T workers(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + n);
        }
        this.workers = n;
        return self();
    }

    /**
     * Keras's use_multiprocessing. Java has no fork of the running program, so workers are
     * threads either way; the flag is accepted for compatibility and changes nothing.
     */
    public T useMultiprocessing(boolean b) {
        this.useMultiprocessing = b;
        return self();
    }

    public Integer batchSize() {
        return batchSize;
    }

    public int verbose() {
        return verbose;
    }

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
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

    /** Keras's steps arguments: a positive count, or null for "all of the data". */
    static Integer checkSteps(String name, Integer steps) {
        if (steps != null && steps < 1) {
            throw new IllegalArgumentException(name + " must be >= 1 or null, got " + steps);
        }
        return steps;
    }
}
