package io.jkeras;

import java.util.LinkedHashMap;
import java.util.Map;

/** The optional arguments of {@code trainOnBatch} / {@code testOnBatch}. */
public final class OnBatchOptions {
    private Data sampleWeight;
    private Map<?, ?> classWeight;
    private boolean resetMetrics = true;

    public OnBatchOptions sampleWeight(NDArray w) {
        this.sampleWeight = w == null ? null : Data.of(w);
        return this;
    }

    public OnBatchOptions sampleWeight(Data w) {
        this.sampleWeight = w;
        return this;
    }

    /** Training only. */
    public OnBatchOptions classWeight(Map<?, ?> cw) {
        this.classWeight = cw == null ? null : new LinkedHashMap<>(cw);
        return this;
    }

    /** true: the returned metrics cover this batch only; false: they accumulate across calls. */
    public OnBatchOptions resetMetrics(boolean reset) {
        this.resetMetrics = reset;
        return this;
    }

    public Data sampleWeight() {
        return sampleWeight;
    }

    public Map<?, ?> classWeight() {
        return classWeight;
    }

    public boolean resetMetrics() {
        return resetMetrics;
    }
}
