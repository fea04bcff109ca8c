package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Adam as Keras 2.3 computes it: {@code lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)} and
 * {@code p -= lr_t * m / (sqrt(v) + epsilon)}; AMSGrad keeps the running maximum of v.
 * Defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7. Slots: m, v (and vhat with AMSGrad).
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
        this.beta1 = checkFraction("beta1", b);
        return this;
    }

    public Adam beta2(double b) {
        this.beta2 = checkFraction("beta2", b);
        return this;
    }

    public Adam epsilon(double e) {
        this.epsilon = checkNonNegative("epsilon", e);
        return this;
    }

    public Adam amsgrad(boolean a) {
        this.amsgrad = a;
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

    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }

    @Override
    protected int slotCount() {
        return amsgrad ? 3 : 2;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        param.backend().adamUpdate(param, grad, slots[0], slots[1], amsgrad ? slots[2] : null, (float) lrT, beta1,
                beta2, epsilon);
    }
}
