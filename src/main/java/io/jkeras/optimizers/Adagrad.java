package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Adagrad as Keras 2.3: {@code a += g^2}, {@code p -= lr * g / (sqrt(a) + epsilon)}, with the
 * accumulator starting at 0 (Keras 2.3; tf.keras starts it at 0.1). Defaults lr 0.01, epsilon 1e-7.
 */
public class Adagrad extends BaseOptimizer<Adagrad> {
    private float epsilon = 1e-7f;

    public Adagrad() {
        super("Adagrad", 0.01);
    }

    public Adagrad epsilon(double e) {
        this.epsilon = checkNonNegative("epsilon", e);
        return this;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("epsilon", epsilon);
        return c;
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        param.backend().adagradUpdate(param, grad, slots[0], lr, epsilon);
    }
}
