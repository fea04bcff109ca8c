package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * RMSprop as Keras 2.3: {@code a = rho * a + (1 - rho) * g^2}, {@code p -= lr * g / (sqrt(a) + epsilon)}.
 * Defaults lr 0.001, rho 0.9, epsilon 1e-7. Slot: the accumulator a, starting at zero.
 */
public class RMSprop extends BaseOptimizer<RMSprop> {
    private float rho = 0.9f;
    private float epsilon = 1e-7f;

    public RMSprop() {
        super("RMSprop", 0.001);
    }

    public RMSprop rho(double r) {
        this.rho = checkFraction("rho", r);
        return this;
    }

    public RMSprop epsilon(double e) {
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
        return 1;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        param.backend().rmspropUpdate(param, grad, slots[0], lr, rho, epsilon);
    }
}
