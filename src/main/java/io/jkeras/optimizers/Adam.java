package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;

/**
 * Adam as Keras 2.3 computes it: {@code lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)} and
 * {@code p -= lr_t * m / (sqrt(v) + epsilon)}; AMSGrad keeps the running maximum of v.
 * Defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public class Adam extends BaseOptimizer<Adam> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;
    private boolean amsgrad;

    public Adam() {
        super("Adam", 0.001);
    }

    public Adam beta1(double b) {
        this.beta1 = checkBeta("beta1", b);
        return this;
    }

    public Adam beta2(double b) {
        this.beta2 = checkBeta("beta2", b);
        return this;
    }

    public Adam epsilon(double e) {
        if (!(e >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0, got " + e);
        }
        this.epsilon = (float) e;
        return this;
    }

    public Adam amsgrad(boolean a) {
        this.amsgrad = a;
        return this;
    }

    static float checkBeta(String name, double b) {
        if (!(b >= 0 && b < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + b);
        }
        return (float) b;
    }

    @Override
    protected int slotCount(boolean trainable) {
        return amsgrad ? 3 : 2;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        param.backend().adamUpdate(param, grad, slots[0], slots[1], amsgrad ? slots[2] : null, (float) lrT, beta1,
                beta2, epsilon);
    }
}
