package io.jkeras.optimizers;

/**
 * Fluent setters for the options every optimizer shares, returning the concrete type so
 * {@code new SGD().learningRate(0.1).momentum(0.9)} chains.
 *
 * @param <O> the concrete optimizer class
 */
public abstract class BaseOptimizer<O extends BaseOptimizer<O>> extends Optimizer {

    protected BaseOptimizer(String name, double learningRate) {
        super(name, learningRate);
    }

    @SuppressWarnings("unchecked")
    protected final O self() {
        return (O) this;
    }

    /** Sets the learning rate (Keras's {@code learning_rate}, alias {@code lr}); may change during training. */
    @Override
    public O learningRate(double lr) {
        setLearningRate(lr);
        return self();
    }

    /** Keras's {@code decay}: the rate becomes {@code lr / (1 + decay * iterations)}. */
    public O decay(double d) {
        setDecay(d);
        return self();
    }

    /** Rescales all gradients together when their global norm exceeds {@code c}. */
    public O clipnorm(double c) {
        setClipnorm(c);
        return self();
    }

    /** Clips every gradient element to {@code [-c, c]}. */
    public O clipvalue(double c) {
        setClipvalue(c);
        return self();
    }

    /** A finite hyper-parameter {@code >= 0}. */
    protected static float checkNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
        return (float) v;
    }

    /** A decay factor of a moving average (beta, rho): in {@code [0, 1)}. */
    protected static float checkFraction(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
        return (float) v;
    }
}
