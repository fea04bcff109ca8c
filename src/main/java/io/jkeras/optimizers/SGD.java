package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;

/** Stochastic gradient descent with optional (Nesterov) momentum; Keras 2.3 defaults lr 0.01, momentum 0. */
public class SGD extends BaseOptimizer<SGD> {
    private float momentum;
    private boolean nesterov;

    public SGD() {
        super("SGD", 0.01);
    }

    public SGD momentum(double m) {
        if (!(m >= 0)) {
            throw new IllegalArgumentException("momentum must be >= 0, got " + m);
        }
        this.momentum = (float) m;
        return this;
    }

    public SGD nesterov(boolean n) {
        this.nesterov = n;
        return this;
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected int slotCount(boolean trainable) {
        return momentum > 0 ? 1 : 0;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        param.backend().sgdUpdate(param, grad, slots.length > 0 ? slots[0] : null, lr, momentum, nesterov);
    }
}
