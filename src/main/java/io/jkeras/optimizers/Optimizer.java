package io.jkeras.optimizers;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras 2.3 optimizer. {@link #applyGradients} clips the gradients ({@code clipnorm} over
 * all of them together, as Keras 2.3 does, or {@code clipvalue} per element), then runs one
 * fused update kernel per weight. Slots (moments, accumulators) are made on the weight's
 * device at the first update and stay there; the learning rate and the iteration counter
 * live on the host, since every kernel takes them as arguments.
 */
public abstract class Optimizer implements AutoCloseable {
    private final String name;
    private double learningRate;
    private double decay;
    private Double clipnorm;
    private Double clipvalue;
    private long iterations;
    private final Map<Variable, Tensor[]> slots = new IdentityHashMap<>();

    protected Optimizer(String name, double learningRate) {
        this.name = name;
        this.learningRate = learningRate;
    }

    public String name() {
        return name;
    }

    /** The base learning rate (before decay); may be read and changed between any two steps. */
    public double learningRate() {
        return learningRate;
    }

    /** Sets the base learning rate; callbacks such as ReduceLROnPlateau use it during training. */
    public Optimizer learningRate(double lr) {
        setLearningRate(lr);
        return this;
    }

    protected void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learningRate must be a finite number >= 0, got " + lr);
        }
        this.learningRate = lr;
    }

    public double decay() {
        return decay;
    }

    protected void setDecay(double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException("decay must be >= 0, got " + d);
        }
        this.decay = d;
    }

    public Double clipnorm() {
        return clipnorm;
    }

    protected void setClipnorm(Double c) {
        if (c != null && !(c > 0)) {
            throw new IllegalArgumentException("clipnorm must be > 0, got " + c);
        }
        this.clipnorm = c;
    }

    public Double clipvalue() {
        return clipvalue;
    }

    protected void setClipvalue(Double c) {
        if (c != null && !(c >= 0)) {
            throw new IllegalArgumentException("clipvalue must be >= 0, got " + c);
        }
        this.clipvalue = c;
    }

    /**
     * Keras's {@code get_config}: the hyper-parameters under their Keras names (the base adds
     * learning_rate, decay, clipnorm and clipvalue, null when unset; subclasses add theirs).
     * State (iterations, slots) is not configuration.
     */
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", learningRate);
        c.put("decay", decay);
        c.put("clipnorm", clipnorm);
        c.put("clipvalue", clipvalue);
        return c;
    }

    /** Updates applied so far (Keras's {@code iterations}). */
    public long iterations() {
        return iterations;
    }

    public void iterations(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("iterations must be >= 0, got " + n);
        }
        this.iterations = n;
    }

    /**
     * Number of slot tensors this optimizer keeps per weight with its current settings. It may
     * grow between steps (momentum or AMSGrad turned on later); new slots then start at zero.
     */
    protected abstract int slotCount();

    /**
     * Called once per step before the per-weight updates, with the 1-based step number; for
     * host state shared by all weights (Nadam's momentum schedule).
     */
    protected void beginStep(long t) {
    }

    /**
     * One fused update of {@code param} with {@code grad}. {@code lr} already includes decay;
     * {@code t} is the 1-based number of this update.
     */
    protected abstract void update(Tensor param, Tensor grad, Tensor[] slots, float lr, long t);

    /** Applies one update step to every variable whose gradient is not null. */
    public void applyGradients(List<Variable> variables, List<Tensor> gradients) {
        if (variables.size() != gradients.size()) {
            throw new IllegalArgumentException(variables.size() + " variables but " + gradients.size() + " gradients");
        }
        Tape.paused(() -> {
            List<Tensor> grads = clip(gradients);
            long t = iterations + 1;
            float lr = (float) (learningRate / (1.0 + decay * iterations));
            beginStep(t);
            for (int i = 0; i < variables.size(); i++) {
                Tensor g = grads.get(i);
                if (g == null) {
                    continue;
                }
                Variable v = variables.get(i);
                update(v.value(), g, slotsOf(v), lr, t);
            }
            for (int i = 0; i < grads.size(); i++) {
                if (grads.get(i) != gradients.get(i) && grads.get(i) != null) {
                    grads.get(i).close();
                }
            }
            iterations = t;
            return null;
        });
    }

    private Tensor[] slotsOf(Variable v) {
        Tensor[] s = slots.get(v);
        int count = slotCount();
        if (s == null || s.length < count) {
            Tensor[] old = s == null ? new Tensor[0] : s;
            Tensor[] made = Arrays.copyOf(old, count);
            TensorScope.outside(() -> {
                for (int i = old.length; i < made.length; i++) {
                    made[i] = MathOps.zeros(v.value().backend(), v.shape());
                }
                return null;
            });
            s = made;
            slots.put(v, s);
        }
        return s;
    }

    private List<Tensor> clip(List<Tensor> gradients) {
        List<Tensor> out = new ArrayList<>(gradients);
        if (clipnorm != null) {
            Tensor total = null;
            for (Tensor g : gradients) {
                if (g == null) {
                    continue;
                }
                Tensor sq = MathOps.square(g);
                Tensor s = MathOps.sum(sq);
                sq.close();
                if (total == null) {
                    total = s;
                } else {
                    Tensor sum = MathOps.add(total, s);
                    total.close();
                    s.close();
                    total = sum;
                }
            }
            if (total != null) {
                // factor = c / max(norm, c): 1 below the threshold, computed on the device.
                Tensor norm = MathOps.sqrt(total);
                Tensor denom = MathOps.maximum(norm, clipnorm.floatValue());
                Tensor factor = MathOps.rdiv(clipnorm.floatValue(), denom);
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i) != null) {
                        out.set(i, MathOps.mul(out.get(i), factor));
                    }
                }
                total.close();
                norm.close();
                denom.close();
                factor.close();
            }
        }
        if (clipvalue != null) {
            float c = clipvalue.floatValue();
            for (int i = 0; i < out.size(); i++) {
                Tensor g = out.get(i);
                if (g != null) {
                    Tensor clipped = MathOps.clip(g, -c, c);
                    if (g != gradients.get(i)) {
                        g.close();
                    }
                    out.set(i, clipped);
                }
            }
        }
        return out;
    }

    /** Forgets all slots (Keras re-creates them when the training function is rebuilt). */
    public void resetSlots() {
        for (Tensor[] s : slots.values()) {
            for (Tensor t : s) {
                t.close();
            }
        }
        slots.clear();
    }

    /** The slots of {@code v}, or null before its first update. */
    public Tensor[] slots(Variable v) {
        return slots.get(v);
    }

    /**
     * The slot values for {@code variables}, in Keras's order for {@code get_weights()} after
     * the host state: all first slots (e.g. Adam's m) in variable order, then all second slots
     * (v), and so on. Slots not made yet read as zeros. {@link #iterations()} and any
     * optimizer-specific host state (Nadam's m_schedule) are read separately.
     */
    public List<float[]> slotValues(List<Variable> variables) {
        int count = slotCount();
        List<float[]> out = new ArrayList<>(count * variables.size());
        for (int k = 0; k < count; k++) {
            for (Variable v : variables) {
                Tensor[] s = slots.get(v);
                out.add(s != null && k < s.length ? s[k].toFloatArray() : new float[v.size()]);
            }
        }
        return out;
    }

    /** Restores what {@link #slotValues} returned for the same variables, in the same order. */
    public void setSlotValues(List<Variable> variables, List<float[]> values) {
        int count = slotCount();
        if (values.size() != count * variables.size()) {
            throw new IllegalArgumentException(name + " keeps " + count + " slots for each of " + variables.size()
                    + " variables, so expected " + count * variables.size() + " slot arrays, got " + values.size());
        }
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                float[] data = values.get(k * variables.size() + i);
                if (data.length != v.size()) {
                    throw new IllegalArgumentException("slot " + k + " of " + v.name() + " must have " + v.size()
                            + " values (shape " + Arrays.toString(v.shape()) + "), got " + data.length);
                }
            }
        }
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < variables.size(); i++) {
                Variable v = variables.get(i);
                Tensor slot = slotsOf(v)[k];
                slot.backend().upload(values.get(k * variables.size() + i), 0, slot);
            }
        }
    }

    @Override
    public void close() {
        resetSlots();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(lr=" + learningRate + ")";
    }
}
