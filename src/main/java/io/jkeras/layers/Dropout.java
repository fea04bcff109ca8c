package io.jkeras.layers;

import io.jkeras.backend.CounterRng;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.NnOps;
import io.jkeras.ops.RandomSeeds;
import java.util.List;
import java.util.Map;

/**
 * Sets a fraction {@code rate} of inputs to 0 during training and scales the rest by
 * {@code 1 / (1 - rate)}; passes inputs through at inference. Each training call draws a
 * new mask from the layer's seed and a call counter.
 */
public class Dropout extends BaseLayer<Dropout> {
    private final float rate;
    private long seed = RandomSeeds.next();
    private long calls;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("rate must be a float in the range [0, 1), got rate=" + rate);
        }
        this.rate = (float) rate;
    }

    /** A fixed seed for this layer's masks (Keras's {@code seed} argument). */
    public Dropout seed(long seed) {
        this.seed = seed;
        return this;
    }

    public double rate() {
        return rate;
    }

    /** The seed of this layer's masks: the one given, or the one drawn from the global seed at construction. */
    public long seed() {
        return seed;
    }

    /**
     * Training calls made so far; the n-th call's mask is drawn from (seed, n). It is state, not
     * configuration: a saved model keeps it so a resumed fit draws the masks the uninterrupted
     * one would have.
     */
    public long calls() {
        return calls;
    }

    /** Restores {@link #calls()}. */
    public Dropout calls(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("calls must be >= 0, got " + n);
        }
        this.calls = n;
        return this;
    }

    /** Keras's config: rate, and the seed actually used (so a rebuilt layer draws the same masks). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", seed);
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        return inputShapes.get(0).clone();
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        if (!training || rate == 0f) {
            return MathOps.reshape(x, x.shape());
        }
        return NnOps.dropout(x, rate, CounterRng.bits(seed, calls++));
    }
}
