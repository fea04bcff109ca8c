package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import java.util.Map;

/**
 * Nesterov Adam as Keras 2.3, with Dozat's warming momentum schedule
 * {@code mu_t = beta1 * (1 - 0.5 * 0.96^(t * scheduleDecay))}. The running product
 * {@code m_schedule = mu_1 * ... * mu_t} is host state shared by all weights, advanced once per
 * step; it must be saved and restored with the slots ({@link #mSchedule()}). Defaults lr 0.002,
 * beta1 0.9, beta2 0.999, epsilon 1e-7, scheduleDecay 0.004. Keras's Nadam takes no {@code decay}.
 * Slots: m, then v.
 */
public class Nadam extends BaseOptimizer<Nadam> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;
    private double scheduleDecay = 0.004;
    private double mSchedule = 1.0;

    // This step's schedule terms, computed once in beginStep and used for every weight.
    private float muT;
    private float muNext;
    private float mScheduleNew;
    private float mScheduleNext;
    private float beta2PowT;

    public Nadam() {
        super("Nadam", 0.002);
    }

    public Nadam beta1(double b) {
        this.beta1 = checkFraction("beta1", b);
        return this;
    }

    public Nadam beta2(double b) {
        this.beta2 = checkFraction("beta2", b);
        return this;
    }

    public Nadam epsilon(double e) {
        this.epsilon = checkNonNegative("epsilon", e);
        return this;
    }

    public Nadam scheduleDecay(double d) {
        this.scheduleDecay = checkNonNegative("scheduleDecay", d);
        return this;
    }

    /** Always fails: Keras 2.3's Nadam rejects {@code decay} (its momentum schedule replaces it). */
    @Override
    public Nadam decay(double d) {
        throw new IllegalArgumentException("Nadam takes no decay argument (use scheduleDecay, default 0.004), got decay="
                + d);
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

    public double scheduleDecay() {
        return scheduleDecay;
    }

    /** Keras's {@code m_schedule}: the product of the momentum schedule over the steps taken (1 before any). */
    public double mSchedule() {
        return mSchedule;
    }

    /** Restores {@code m_schedule} saved with {@link #iterations()} and the slots. */
    public Nadam mSchedule(double s) {
        if (!(s > 0 && s <= 1)) {
            throw new IllegalArgumentException("mSchedule must be in (0, 1], got " + s);
        }
        this.mSchedule = s;
        return this;
    }

    /** Keras's config; {@link #mSchedule()} is state and is saved beside it, not in it. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("schedule_decay", scheduleDecay);
        return c;
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void beginStep(long t) {
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * scheduleDecay));
        double next = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * scheduleDecay));
        double sNew = mSchedule * mu;
        muT = (float) mu;
        muNext = (float) next;
        mScheduleNew = (float) sNew;
        mScheduleNext = (float) (sNew * next);
        beta2PowT = (float) Math.pow(beta2, t);
        mSchedule = sNew;
    }

    @Override
    protected void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t) {
        param.backend().nadamUpdate(param, grad, slots[0], slots[1], lr, beta1, beta2, epsilon, muT, muNext,
                mScheduleNew, mScheduleNext, beta2PowT);
    }
}
