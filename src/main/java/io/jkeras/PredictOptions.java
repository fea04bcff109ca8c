package io.jkeras;

import io.jkeras.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The arguments of Keras's {@code predict}. */
public final class PredictOptions {
    private Integer batchSize;
    private int verbose;
    private final List<Callback> callbacks = new ArrayList<>();

    public PredictOptions batchSize(int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be a positive integer, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    public PredictOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("verbose must be 0, 1 or 2, got " + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    public PredictOptions callbacks(Callback... cbs) {
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

    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }
}
