package io.jkeras;

/** The arguments of Keras's {@code evaluate}. */
public final class EvaluateOptions extends LoopOptions<EvaluateOptions> {
    private Data sampleWeight;
    private Integer steps;

    public EvaluateOptions() {
        super(1);
    }

    public EvaluateOptions sampleWeight(NDArray w) {
        this.sampleWeight = w == null ? null : Data.of(w);
        return this;
    }

    public EvaluateOptions sampleWeight(Data w) {
        this.sampleWeight = w;
        return this;
    }

    public Data sampleWeight() {
        return sampleWeight;
    }

    /** Batches to evaluate before stopping (default: all of the data, or len of a Sequence). */
    public EvaluateOptions steps(Integer steps) {
        this.steps = checkSteps("steps", steps);
        return this;
    }

    public Integer steps() {
        return steps;
    }
}
