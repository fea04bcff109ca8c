package io.jkeras.losses;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.NnOps;
import java.util.Arrays;

/**
 * Keras 2.3's loss formulas (keras/losses.py, cross-entropies as in its TensorFlow backend),
 * each reducing only the last axis (except {@link #huberLoss}, which Keras 2.3 leaves
 * elementwise), written with differentiable ops. {@link #EPSILON} is Keras's {@code K.epsilon()}.
 */
public final class LossFunctions {
    public static final float EPSILON = 1e-7f;

    private static final int[] LAST = {-1};
    private static final int[] ALL = {};
    // tf.nn.l2_normalize's floor on the squared norm
    private static final float L2_EPSILON = 1e-12f;
    private static final float LOG_2 = (float) Math.log(2.0);

    private LossFunctions() {
    }

    /** {@code mean(square(yPred - yTrue), axis=-1)}. */
    public static Tensor meanSquaredError(Tensor yTrue, Tensor yPred) {
        Tensor d = MathOps.sub(yPred, yTrue);
        Tensor sq = MathOps.square(d);
        Tensor out = MathOps.mean(sq, LAST, false);
        MathOps.dispose(d, sq);
        return out;
    }

    /** {@code mean(abs(yPred - yTrue), axis=-1)}. */
    public static Tensor meanAbsoluteError(Tensor yTrue, Tensor yPred) {
        Tensor d = MathOps.sub(yPred, yTrue);
        Tensor a = MathOps.abs(d);
        Tensor out = MathOps.mean(a, LAST, false);
        MathOps.dispose(d, a);
        return out;
    }

    /** {@code 100 * mean(abs((yTrue - yPred) / max(abs(yTrue), eps)), axis=-1)}. */
    public static Tensor meanAbsolutePercentageError(Tensor yTrue, Tensor yPred) {
        Tensor d = MathOps.sub(yTrue, yPred);
        Tensor at = MathOps.abs(yTrue);
        Tensor den = MathOps.maximum(at, EPSILON);
        Tensor q = MathOps.div(d, den);
        Tensor aq = MathOps.abs(q);
        Tensor m = MathOps.mean(aq, LAST, false);
        Tensor out = MathOps.mul(m, 100f);
        MathOps.dispose(d, at, den, q, aq, m);
        return out;
    }

    /** {@code mean(square(log(max(yPred, eps) + 1) - log(max(yTrue, eps) + 1)), axis=-1)}. */
    public static Tensor meanSquaredLogarithmicError(Tensor yTrue, Tensor yPred) {
        Tensor first = logOnePlusClipped(yPred);
        Tensor second = logOnePlusClipped(yTrue);
        Tensor d = MathOps.sub(first, second);
        Tensor sq = MathOps.square(d);
        Tensor out = MathOps.mean(sq, LAST, false);
        MathOps.dispose(first, second, d, sq);
        return out;
    }

    private static Tensor logOnePlusClipped(Tensor x) {
        Tensor c = MathOps.maximum(x, EPSILON);
        Tensor c1 = MathOps.add(c, 1f);
        Tensor out = MathOps.log(c1);
        MathOps.dispose(c, c1);
        return out;
    }

    /** {@code mean(max(1 - y * yPred, 0), axis=-1)} with 0/1 labels turned into -1/1 ({@link #convertBinaryLabels}). */
    public static Tensor hinge(Tensor yTrue, Tensor yPred) {
        Tensor margin = hingeMargin(yTrue, yPred);
        Tensor out = MathOps.mean(margin, LAST, false);
        MathOps.dispose(margin);
        return out;
    }

    /** {@code mean(square(max(1 - y * yPred, 0)), axis=-1)}, labels as in {@link #hinge}. */
    public static Tensor squaredHinge(Tensor yTrue, Tensor yPred) {
        Tensor margin = hingeMargin(yTrue, yPred);
        Tensor sq = MathOps.square(margin);
        Tensor out = MathOps.mean(sq, LAST, false);
        MathOps.dispose(margin, sq);
        return out;
    }

    private static Tensor hingeMargin(Tensor yTrue, Tensor yPred) {
        Tensor y = convertBinaryLabels(yTrue);
        Tensor prod = MathOps.mul(y, yPred);
        Tensor m = MathOps.rsub(1f, prod);
        Tensor out = MathOps.maximum(m, 0f);
        MathOps.dispose(prod, m);
        if (y != yTrue) {
            MathOps.dispose(y);
        }
        return out;
    }

    /**
     * Keras's {@code _maybe_convert_labels}: when every label of the batch is 0 or 1 they
     * become {@code 2 * y - 1}, else they are kept. Decided on the device: with b = 1 when all
     * labels are 0 or 1 (else 0), the result is {@code y + b * (y - 1)}.
     */
    public static Tensor convertBinaryLabels(Tensor yTrue) {
        Tensor zeros = MathOps.compare(BinaryOp.EQUAL, yTrue, 0f);
        Tensor ones = MathOps.compare(BinaryOp.EQUAL, yTrue, 1f);
        Tensor either = MathOps.add(zeros, ones);
        Tensor binary = MathOps.min(either, ALL, false);
        Tensor shifted = MathOps.add(yTrue, -1f);
        Tensor delta = MathOps.mul(shifted, binary);
        Tensor out = MathOps.add(yTrue, delta);
        MathOps.dispose(zeros, ones, either, binary, shifted, delta);
        return out;
    }

    /** {@code max(0, max((1 - yTrue) * yPred, axis=-1) - sum(yTrue * yPred, axis=-1) + 1)}. */
    public static Tensor categoricalHinge(Tensor yTrue, Tensor yPred) {
        Tensor tp = MathOps.mul(yTrue, yPred);
        Tensor pos = MathOps.sum(tp, LAST, false);
        Tensor notTrue = MathOps.rsub(1f, yTrue);
        Tensor np = MathOps.mul(notTrue, yPred);
        Tensor neg = MathOps.max(np, LAST, false);
        Tensor d = MathOps.sub(neg, pos);
        Tensor d1 = MathOps.add(d, 1f);
        // relu: at a tie TensorFlow's maximum(0, x) gives x no gradient, as relu does
        Tensor out = NnOps.relu(d1);
        MathOps.dispose(tp, pos, notTrue, np, neg, d, d1);
        return out;
    }

    /** {@code mean(d + softplus(-2d) - log 2, axis=-1)} with {@code d = yPred - yTrue}: log(cosh(d)), stable. */
    public static Tensor logcosh(Tensor yTrue, Tensor yPred) {
        Tensor d = MathOps.sub(yPred, yTrue);
        Tensor m2 = MathOps.mul(d, -2f);
        Tensor sp = NnOps.softplus(m2);
        Tensor s = MathOps.add(d, sp);
        Tensor v = MathOps.add(s, -LOG_2);
        Tensor out = MathOps.mean(v, LAST, false);
        MathOps.dispose(d, m2, sp, s, v);
        return out;
    }

    /**
     * Huber loss, elementwise as in Keras 2.3 (no mean over the last axis): with
     * {@code q = min(|d|, delta)}, {@code 0.5 * q^2 + delta * (|d| - q)}.
     */
    public static Tensor huberLoss(Tensor yTrue, Tensor yPred, float delta) {
        Tensor d = MathOps.sub(yPred, yTrue);
        Tensor a = MathOps.abs(d);
        Tensor q = MathOps.minimum(a, delta);
        Tensor lin = MathOps.sub(a, q);
        Tensor q2 = MathOps.square(q);
        Tensor half = MathOps.mul(q2, 0.5f);
        Tensor dl = MathOps.mul(lin, delta);
        Tensor out = MathOps.add(half, dl);
        MathOps.dispose(d, a, q, lin, q2, half, dl);
        return out;
    }

    /** {@link #huberLoss(Tensor, Tensor, float)} with Keras's default delta 1. */
    public static Tensor huberLoss(Tensor yTrue, Tensor yPred) {
        return huberLoss(yTrue, yPred, 1f);
    }

    /**
     * {@code -sum(yTrue * log(p), axis=-1)}. From probabilities: p normalised to sum 1 and
     * clipped to [eps, 1 - eps]; but when yPred is a softmax output the loss is computed from
     * its logits with log_softmax, as Keras's TensorFlow backend does. Label smoothing s
     * replaces yTrue with {@code yTrue * (1 - s) + s / classes}, classes being the last axis
     * (Keras 2.3 reads axis 1, the same for 2D outputs).
     */
    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, float labelSmoothing) {
        Tensor target = smoothCategorical(yTrue, yPred, labelSmoothing);
        Tensor logits = fromLogits ? yPred : logitsOf(yPred, "softmax");
        if (logits != null) {
            Tensor out = NnOps.softmaxCrossEntropy(logits, target);
            if (target != yTrue) {
                MathOps.dispose(target);
            }
            return out;
        }
        Tensor sum = MathOps.sum(yPred, LAST, true);
        Tensor p = MathOps.div(yPred, sum);
        Tensor clipped = MathOps.clip(p, EPSILON, 1f - EPSILON);
        Tensor logProb = MathOps.log(clipped);
        MathOps.dispose(sum, p, clipped);
        Tensor out = negatedDot(target, logProb);
        MathOps.dispose(logProb);
        if (target != yTrue) {
            MathOps.dispose(target);
        }
        return out;
    }

    /** {@link #categoricalCrossentropy(Tensor, Tensor, boolean, float)} on probabilities, no smoothing. */
    public static Tensor categoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return categoricalCrossentropy(yTrue, yPred, false, 0f);
    }

    private static Tensor smoothCategorical(Tensor yTrue, Tensor yPred, float labelSmoothing) {
        if (labelSmoothing <= 0f) {
            return yTrue;
        }
        return MathOps.affine(yTrue, 1f - labelSmoothing, labelSmoothing / yPred.dim(-1));
    }

    /** {@code -sum(a * b, axis=-1)}. */
    private static Tensor negatedDot(Tensor a, Tensor b) {
        Tensor prod = MathOps.mul(a, b);
        Tensor s = MathOps.sum(prod, LAST, false);
        Tensor out = MathOps.neg(s);
        MathOps.dispose(prod, s);
        return out;
    }

    /**
     * Cross-entropy with integer labels of shape (B) or (B, 1) (any trailing 1 is dropped):
     * {@code -log_softmax(z)[label]}. From probabilities z is {@code log(clip(p, eps, 1 - eps))},
     * so the clipped p are renormalised, as in Keras's TensorFlow backend; a softmax output
     * gives its own logits.
     */
    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits) {
        Tensor labels = flatLabels(yTrue, yPred);
        Tensor oneHot = MathOps.oneHot(labels, yPred.dim(-1));
        Tensor logits = fromLogits ? yPred : logitsOf(yPred, "softmax");
        Tensor clipped = null;
        Tensor logged = null;
        if (logits == null) {
            clipped = MathOps.clip(yPred, EPSILON, 1f - EPSILON);
            logged = MathOps.log(clipped);
            logits = logged;
        }
        Tensor out = NnOps.softmaxCrossEntropy(logits, oneHot);
        MathOps.dispose(labels, oneHot, clipped, logged);
        return out;
    }

    /** {@link #sparseCategoricalCrossentropy(Tensor, Tensor, boolean)} on probabilities. */
    public static Tensor sparseCategoricalCrossentropy(Tensor yTrue, Tensor yPred) {
        return sparseCategoricalCrossentropy(yTrue, yPred, false);
    }

    /**
     * {@code mean(-(y * log(p) + (1 - y) * log(1 - p)), axis=-1)} with p clipped to
     * [eps, 1 - eps]. From logits z (or when yPred is a sigmoid output, from its logits, as
     * Keras's TensorFlow backend does) the stable {@code max(z, 0) - z * y + log(1 + exp(-|z|))}.
     * Label smoothing s replaces y with {@code y * (1 - s) + 0.5 * s}.
     */
    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred, boolean fromLogits, float labelSmoothing) {
        Tensor target = labelSmoothing > 0f ? MathOps.affine(yTrue, 1f - labelSmoothing, 0.5f * labelSmoothing) : yTrue;
        Tensor logits = fromLogits ? yPred : logitsOf(yPred, "sigmoid");
        Tensor elementwise = logits != null ? sigmoidCrossentropyWithLogits(target, logits)
                : binaryCrossentropyOfProbabilities(target, yPred);
        Tensor out = MathOps.mean(elementwise, LAST, false);
        MathOps.dispose(elementwise);
        if (target != yTrue) {
            MathOps.dispose(target);
        }
        return out;
    }

    /** {@link #binaryCrossentropy(Tensor, Tensor, boolean, float)} on probabilities, no smoothing. */
    public static Tensor binaryCrossentropy(Tensor yTrue, Tensor yPred) {
        return binaryCrossentropy(yTrue, yPred, false, 0f);
    }

    private static Tensor sigmoidCrossentropyWithLogits(Tensor y, Tensor z) {
        // max(z, 0) and -|z| = min(-z, z) written so that at z = 0 the gradient is
        // sigmoid(0) - y, as TensorFlow's where-based form gives
        Tensor relu = MathOps.maximum(z, 0f);
        Tensor zy = MathOps.mul(z, y);
        Tensor negZ = MathOps.neg(z);
        Tensor negAbs = MathOps.minimum(negZ, z);
        Tensor e = MathOps.exp(negAbs);
        Tensor softplus = MathOps.log1p(e);
        Tensor diff = MathOps.sub(relu, zy);
        Tensor out = MathOps.add(diff, softplus);
        MathOps.dispose(relu, zy, negZ, negAbs, e, softplus, diff);
        return out;
    }

    private static Tensor binaryCrossentropyOfProbabilities(Tensor y, Tensor p) {
        Tensor c = MathOps.clip(p, EPSILON, 1f - EPSILON);
        Tensor logP = MathOps.log(c);
        Tensor oneMinus = MathOps.rsub(1f, c);
        Tensor logNotP = MathOps.log(oneMinus);
        Tensor a = MathOps.mul(y, logP);
        Tensor notY = MathOps.rsub(1f, y);
        Tensor b = MathOps.mul(notY, logNotP);
        Tensor s = MathOps.add(a, b);
        Tensor out = MathOps.neg(s);
        MathOps.dispose(c, logP, oneMinus, logNotP, a, notY, b, s);
        return out;
    }

    /** {@code sum(t * log(t / p), axis=-1)} with {@code t = clip(yTrue, eps, 1)}, {@code p = clip(yPred, eps, 1)}. */
    public static Tensor kullbackLeiblerDivergence(Tensor yTrue, Tensor yPred) {
        Tensor t = MathOps.clip(yTrue, EPSILON, 1f);
        Tensor p = MathOps.clip(yPred, EPSILON, 1f);
        Tensor ratio = MathOps.div(t, p);
        Tensor log = MathOps.log(ratio);
        Tensor prod = MathOps.mul(t, log);
        Tensor out = MathOps.sum(prod, LAST, false);
        MathOps.dispose(t, p, ratio, log, prod);
        return out;
    }

    /** {@code mean(yPred - yTrue * log(yPred + eps), axis=-1)}. */
    public static Tensor poisson(Tensor yTrue, Tensor yPred) {
        Tensor shifted = MathOps.add(yPred, EPSILON);
        Tensor log = MathOps.log(shifted);
        Tensor tl = MathOps.mul(yTrue, log);
        Tensor d = MathOps.sub(yPred, tl);
        Tensor out = MathOps.mean(d, LAST, false);
        MathOps.dispose(shifted, log, tl, d);
        return out;
    }

    /** The loss: {@code -sum(l2_normalize(yTrue) * l2_normalize(yPred), axis=-1)}, so a perfect match gives -1. */
    public static Tensor cosineProximity(Tensor yTrue, Tensor yPred) {
        Tensor s = cosineSimilarity(yTrue, yPred);
        Tensor out = MathOps.neg(s);
        MathOps.dispose(s);
        return out;
    }

    /** {@code sum(l2_normalize(yTrue) * l2_normalize(yPred), axis=-1)}: the metric's sign. */
    public static Tensor cosineSimilarity(Tensor yTrue, Tensor yPred) {
        Tensor nt = l2Normalize(yTrue);
        Tensor np = l2Normalize(yPred);
        Tensor prod = MathOps.mul(nt, np);
        Tensor out = MathOps.sum(prod, LAST, false);
        MathOps.dispose(nt, np, prod);
        return out;
    }

    /** {@code x / sqrt(max(sum(x^2, axis=-1), 1e-12))}, TensorFlow's l2_normalize. */
    public static Tensor l2Normalize(Tensor x) {
        Tensor sq = MathOps.square(x);
        Tensor ss = MathOps.sum(sq, LAST, true);
        Tensor floor = MathOps.maximum(ss, L2_EPSILON);
        Tensor norm = MathOps.sqrt(floor);
        Tensor out = MathOps.div(x, norm);
        MathOps.dispose(sq, ss, floor, norm);
        return out;
    }

    /** The logits {@code yPred} was computed from by {@code activation}, or null. */
    private static Tensor logitsOf(Tensor yPred, String activation) {
        return activation.equals(yPred.logitsActivation()) ? yPred.logits() : null;
    }

    /**
     * Keras's {@code squeeze_or_expand_dimensions} for targets: when the ranks differ by one
     * and the longer one ends in 1, that axis is dropped. Returns {yTrue, yPred}, each the
     * argument itself when unchanged.
     */
    public static Tensor[] alignRanks(Tensor yTrue, Tensor yPred) {
        int tr = yTrue.rank();
        int pr = yPred.rank();
        if (pr == tr + 1 && yPred.dim(-1) == 1) {
            int[] shape = Arrays.copyOf(yPred.shape(), pr - 1);
            Tensor squeezed = MathOps.reshape(yPred, shape);
            // a sigmoid is elementwise, so its logits squeeze with it (a softmax's would not)
            if ("sigmoid".equals(yPred.logitsActivation())) {
                squeezed.logits(MathOps.reshape(yPred.logits(), shape), "sigmoid");
            }
            return new Tensor[] {yTrue, squeezed};
        }
        if (tr == pr + 1 && yTrue.dim(-1) == 1) {
            return new Tensor[] {MathOps.reshape(yTrue, Arrays.copyOf(yTrue.shape(), tr - 1)), yPred};
        }
        return new Tensor[] {yTrue, yPred};
    }

    /** Labels reshaped to yPred's shape without its last axis. */
    public static Tensor flatLabels(Tensor yTrue, Tensor yPred) {
        int[] target = Arrays.copyOf(yPred.shape(), yPred.rank() - 1);
        if (yTrue.size() != Shapes.size(target)) {
            throw new IllegalArgumentException("sparse labels of shape " + Arrays.toString(yTrue.shape())
                    + " do not match predictions of shape " + Arrays.toString(yPred.shape()));
        }
        return yTrue.reshape(target);
    }
}
