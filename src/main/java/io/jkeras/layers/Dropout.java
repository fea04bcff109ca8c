package io.jkeras.layers;

import io.jkeras.backend.CounterRng;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.NnOps;
import io.jkeras.ops.RandomSeeds;
import java.util.List;

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
