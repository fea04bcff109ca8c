package io.jkeras.losses;

import io.jkeras.backend.Tensor;

/**
 * Keras's {@code Huber} loss ({@code huber_loss}): quadratic for errors up to {@link #delta()},
 * linear beyond. Elementwise, as Keras 2.3 computes it; with the default reduction this is
 * the mean over every element. See {@link LossFunctions#huberLoss(Tensor, Tensor, float)}.
 */
public class Huber extends LossFunctionWrapper {
    private float delta = 1f;

    public Huber() {
        this("huber_loss");
    }

    public Huber(String name) {
        super(name, TargetCheck.SAME_AS_OUTPUT);
    }

    public float delta() {
        return delta;
    }

    /** Where the loss turns from quadratic to linear (Keras's default 1). */
    public Huber delta(float delta) {
        if (!(delta > 0f) || Float.isInfinite(delta)) {
            throw new IllegalArgumentException("delta must be a positive finite number, got " + delta);
        }
        this.delta = delta;
        return this;
    }

    @Override
    public Huber reduction(Reduction r) {
        super.reduction(r);
        return this;
    }

    @Override
    protected Tensor values(Tensor yTrue, Tensor yPred) {
        return LossFunctions.huberLoss(yTrue, yPred, delta);
    }
}
