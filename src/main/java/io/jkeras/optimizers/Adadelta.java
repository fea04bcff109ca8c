package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Adadelta as Keras 2.3: {@code a = rho * a + (1 - rho) * g^2},
 * {@code u = g * sqrt(d + epsilon) / sqrt(a + epsilon)}, {@code p -= lr * u},
 * {@code d = rho * d + (1 - rho) * u^2}. Defaults lr 1.0, rho 0.95, epsilon 1e-7.
 * Slots: the accumulators a, then the delta accumulators d.
 */
public class Adadelta extends BaseOptimizer<Adadelta> {
    private float rho = 0.95f;
    private float epsilon = 1e-7f;

    public Adadelta() {
        super("Adadelta", 1.0);
    }

    public Adadelta rho(double r) {
        this.rho = checkFraction("rho", r);
        return this;
    }

    public Adadelta epsilon(double e) {
        this.epsilon = checkNonNegative("epsilon", e);
        return this;
    }

    public double rho() {
        return rho;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        return c;
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        param.backend().adadeltaUpdate(param, grad, slots[0], slots[1], lr, rho, epsilon);
    }
}
