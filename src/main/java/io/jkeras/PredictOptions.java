package io.jkeras;

/** The arguments of Keras's {@code predict}. */
public final class PredictOptions extends LoopOptions<PredictOptions> {
    private Integer steps;

    public PredictOptions() {
        super(0);
    }

    /** Batches to predict before stopping (default: all of the data, or len of a Sequence). */
    public PredictOptions steps(Integer steps) {
        this.steps = checkSteps("steps", steps);
        return this;
    }

    public Integer steps() {
        return steps;
    }
}
