package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, as Keras 2.3: {@code v = momentum * v - lr * g},
 * {@code p += v}, or with Nesterov {@code p += momentum * v - lr * g}. Defaults lr 0.01,
 * momentum 0 (no velocity slot is kept then; Keras keeps one of zeros).
 */
public class SGD extends BaseOptimizer<SGD> {
    private float momentum;
    private boolean nesterov;

    public SGD() {
        super("SGD", 0.01);
    }

    public SGD momentum(double m) {
        this.momentum = checkNonNegative("momentum", m);
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
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }

    @Override
    protected int slotCount() {
        return momentum > 0 ? 1 : 0;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        // slots may hold a velocity from an earlier momentum > 0; a momentum of 0 ignores it.
        Tensor velocity = momentum > 0 ? slots[0] : null;
        param.backend().sgdUpdate(param, grad, velocity, lr, momentum, nesterov);
    }
}
