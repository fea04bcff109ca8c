package io.jkeras.layers;

import io.jkeras.KerasTensor;
import io.jkeras.backend.Tensor;
import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.ops.ConvOps;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import io.jkeras.regularizers.Regularizer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Batch normalisation as Keras 2.3 does it, along one feature axis (default the last).
 *
 * <p>Training: {@code (x - mean) / sqrt(var + epsilon) * gamma + beta} with the batch mean and
 * biased batch variance over every other axis; the moving statistics then move towards the
 * batch's: {@code moving = moving * momentum + batch * (1 - momentum)}, where the variance
 * folded in is Keras 2.3's unbiased estimate {@code var * n / (n - (1 + epsilon))}, n the
 * number of values per feature. Inference: the same formula with the moving statistics.
 *
 * <p>Weights in Keras order: gamma and beta (trainable, when scale and center are on), then
 * moving_mean and moving_variance (never trainable). Input and output shapes are equal.
 */
public class BatchNormalization extends BaseLayer<BatchNormalization> {
    private int axis = -1;
    private float momentum = 0.99f;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.zeros();
    private Initializer gammaInitializer = Initializers.ones();
    private Initializer movingMeanInitializer = Initializers.zeros();
    private Initializer movingVarianceInitializer = Initializers.ones();
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;
    /** The resolved (non-negative) axis, set by build. */
    private int featureAxis = -1;

    /** The feature axis to normalise along (not the batch axis 0); negative counts from the end. */
    public BatchNormalization axis(int axis) {
        checkNotBuilt("axis");
        if (axis == 0) {
            throw new IllegalArgumentException("axis must not be the batch axis 0, got axis=0");
        }
        this.axis = axis;
        return this;
    }

    /** Weight of the old value in the moving statistics; in [0, 1], default 0.99. */
    public BatchNormalization momentum(double momentum) {
        checkNotBuilt("momentum");
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], got momentum=" + momentum);
        }
        this.momentum = (float) momentum;
        return this;
    }

    /** Added to the variance before the square root; positive, default 1e-3. */
    public BatchNormalization epsilon(double epsilon) {
        checkNotBuilt("epsilon");
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be a positive number, got epsilon=" + epsilon);
        }
        this.epsilon = (float) epsilon;
        return this;
    }

    /** Whether to add the learned offset beta (default true). */
    public BatchNormalization center(boolean center) {
        checkNotBuilt("center");
        this.center = center;
        return this;
    }

    /** Whether to multiply by the learned gamma (default true). */
    public BatchNormalization scale(boolean scale) {
        checkNotBuilt("scale");
        this.scale = scale;
        return this;
    }

    public BatchNormalization betaInitializer(String name) {
        return betaInitializer(Initializers.get(name));
    }

    public BatchNormalization betaInitializer(Initializer init) {
        checkNotBuilt("betaInitializer");
        this.betaInitializer = init;
        return this;
    }

    public BatchNormalization gammaInitializer(String name) {
        return gammaInitializer(Initializers.get(name));
    }

    public BatchNormalization gammaInitializer(Initializer init) {
        checkNotBuilt("gammaInitializer");
        this.gammaInitializer = init;
        return this;
    }

    public BatchNormalization movingMeanInitializer(String name) {
        return movingMeanInitializer(Initializers.get(name));
    }

    public BatchNormalization movingMeanInitializer(Initializer init) {
        checkNotBuilt("movingMeanInitializer");
        this.movingMeanInitializer = init;
        return this;
    }

    public BatchNormalization movingVarianceInitializer(String name) {
        return movingVarianceInitializer(Initializers.get(name));
    }

    public BatchNormalization movingVarianceInitializer(Initializer init) {
        checkNotBuilt("movingVarianceInitializer");
        this.movingVarianceInitializer = init;
        return this;
    }

    public BatchNormalization betaRegularizer(Regularizer r) {
        checkNotBuilt("betaRegularizer");
        this.betaRegularizer = r;
        return this;
    }

    public BatchNormalization gammaRegularizer(Regularizer r) {
        checkNotBuilt("gammaRegularizer");
        this.gammaRegularizer = r;
        return this;
    }

    public int axis() {
        return axis;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("beta_initializer", ConfigValues.initializer("beta_initializer", betaInitializer));
        c.put("gamma_initializer", ConfigValues.initializer("gamma_initializer", gammaInitializer));
        c.put("moving_mean_initializer", ConfigValues.initializer("moving_mean_initializer", movingMeanInitializer));
        c.put("moving_variance_initializer",
                ConfigValues.initializer("moving_variance_initializer", movingVarianceInitializer));
        c.put("beta_regularizer", ConfigValues.regularizer("beta_regularizer", betaRegularizer));
        c.put("gamma_regularizer", ConfigValues.regularizer("gamma_regularizer", gammaRegularizer));
        return c;
    }

    @Override
    public int[] computeOutputShape(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        int a = resolveAxis(s);
        if (s[a] < 0) {
            throw new IllegalArgumentException("Axis " + axis + " of the input to layer " + name() + " should have a"
                    + " defined dimension, but the layer received an input with shape " + KerasTensor.formatShape(s));
        }
        return s.clone();
    }

    private int resolveAxis(int[] shape) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a <= 0 || a >= shape.length) {
            throw new IllegalArgumentException("Invalid axis " + axis + " for layer " + name() + ": the input has shape "
                    + KerasTensor.formatShape(shape) + " (ndim=" + shape.length + "), and the axis must name one of"
                    + " its non-batch axes");
        }
        return a;
    }

    @Override
    protected void build(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        featureAxis = resolveAxis(s);
        int[] paramShape = {s[featureAxis]};
        if (scale) {
            gamma = addWeight("gamma", paramShape, gammaInitializer, gammaRegularizer, true);
        }
        if (center) {
            beta = addWeight("beta", paramShape, betaInitializer, betaRegularizer, true);
        }
        movingMean = addWeight("moving_mean", paramShape, movingMeanInitializer, null, false);
        movingVariance = addWeight("moving_variance", paramShape, movingVarianceInitializer, null, false);
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        return training ? normaliseBatch(x) : normaliseMoving(x);
    }

    /** Training mode: batch statistics, then the moving statistics are updated in place. */
    private Tensor normaliseBatch(Tensor x) {
        int rank = x.rank();
        boolean last = featureAxis == rank - 1;
        int[] perm = swapWithLast(rank);
        Tensor xl = last ? x : MathOps.transpose(x, perm);
        ConvOps.BatchNormOutput out = ConvOps.batchNorm(xl, gamma == null ? null : gamma.value(),
                beta == null ? null : beta.value(), epsilon);
        Tensor y = last ? out.output() : MathOps.transpose(out.output(), perm);
        if (!last) {
            MathOps.dispose(xl, out.output());
        }
        float n = (float) (x.size() / Math.max(1, x.dim(featureAxis)));
        Tape.paused(() -> {
            updateMoving(movingMean, out.mean(), 1f);
            updateMoving(movingVariance, out.variance(), n / (n - (1f + epsilon)));
            return null;
        });
        MathOps.dispose(out.mean(), out.variance());
        return y;
    }

    /**
     * {@code moving -= (moving - batch * factor) * (1 - momentum)}, TensorFlow's
     * assign_moving_average, which is {@code moving * momentum + batch * factor * (1 - momentum)}.
     */
    private void updateMoving(Variable moving, Tensor batch, float factor) {
        Tensor value = factor == 1f ? batch : MathOps.mul(batch, factor);
        Tensor diff = MathOps.sub(moving.value(), value);
        Tensor delta = MathOps.mul(diff, 1f - momentum);
        Tensor next = MathOps.sub(moving.value(), delta);
        moving.assign(next);
        if (value != batch) {
            value.close();
        }
        diff.close();
        delta.close();
        next.close();
    }

    /** Inference mode: {@code x * s + (beta - movingMean * s)} with {@code s = gamma / sqrt(movingVariance + eps)}. */
    private Tensor normaliseMoving(Tensor x) {
        Tensor shifted = MathOps.add(movingVariance.value(), epsilon);
        Tensor root = MathOps.sqrt(shifted);
        Tensor s = MathOps.rdiv(1f, root);
        MathOps.dispose(shifted, root);
        if (gamma != null) {
            Tensor gs = MathOps.mul(s, gamma.value());
            MathOps.dispose(s);
            s = gs;
        }
        Tensor meanScaled = MathOps.mul(movingMean.value(), s);
        Tensor offset = beta != null ? MathOps.sub(beta.value(), meanScaled) : MathOps.neg(meanScaled);
        MathOps.dispose(meanScaled);
        int[] broadcast = new int[x.rank() - featureAxis];
        Arrays.fill(broadcast, 1);
        broadcast[0] = x.dim(featureAxis);
        Tensor sb = MathOps.reshape(s, broadcast);
        Tensor ob = MathOps.reshape(offset, broadcast);
        Tensor scaled = MathOps.mul(x, sb);
        Tensor y = MathOps.add(scaled, ob);
        MathOps.dispose(scaled, sb, ob, s, offset);
        return y;
    }

    private int[] swapWithLast(int rank) {
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[featureAxis] = rank - 1;
        perm[rank - 1] = featureAxis;
        return perm;
    }

    public Variable gamma() {
        return gamma;
    }

    public Variable beta() {
        return beta;
    }

    public Variable movingMean() {
        return movingMean;
    }

    public Variable movingVariance() {
        return movingVariance;
    }
}
