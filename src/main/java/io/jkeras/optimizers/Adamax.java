package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Adamax (Adam with the infinity norm) as Keras 2.3: {@code m = beta1 * m + (1 - beta1) * g},
 * {@code u = max(beta2 * u, |g|)}, {@code p -= lr / (1 - beta1^t) * m / (u + epsilon)}.
 * Defaults lr 0.002, beta1 0.9, beta2 0.999, epsilon 1e-7. Slots: m, then u.
 */
public class Adamax extends BaseOptimizer<Adamax> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;

    public Adamax() {
        super("Adamax", 0.002);
    }

    public Adamax beta1(double b) {
        this.beta1 = checkFraction("beta1", b);
        return this;
    }

    public Adamax beta2(double b) {
        this.beta2 = checkFraction("beta2", b);
        return this;
    }

    public Adamax epsilon(double e) {
        this.epsilon = checkNonNegative("epsilon", e);
        return this;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        double lrT = lr / (1 - Math.pow(beta1, t));
        param.backend().adamaxUpdate(param, grad, slots[0], slots[1], (float) lrT, beta1, beta2, epsilon);
    }
}
