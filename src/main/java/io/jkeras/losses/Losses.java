package io.jkeras.losses;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keras 2.3's loss names resolved in one place (keras/losses.py {@code get}): each name gives
 * a fresh {@link LossFunctionWrapper} named after the Keras function, so "mse" is reported as
 * {@code mean_squared_error}, with the target-shape check Keras applies to its own losses.
 */
public final class Losses {
    private static final LossFunctionWrapper.TargetCheck SAME = LossFunctionWrapper.TargetCheck.SAME_AS_OUTPUT;

    // The canonical functions: a wrapper holding one of these is that Keras loss (as Keras
    // compares loss_fn.fn with its module functions).
    private static final LossFunction MSE = LossFunctions::meanSquaredError;
    private static final LossFunction MAE = LossFunctions::meanAbsoluteError;
    private static final LossFunction MAPE = LossFunctions::meanAbsolutePercentageError;
    private static final LossFunction MSLE = LossFunctions::meanSquaredLogarithmicError;
    private static final LossFunction SQUARED_HINGE = LossFunctions::squaredHinge;
    private static final LossFunction HINGE = LossFunctions::hinge;
    private static final LossFunction CATEGORICAL_HINGE = LossFunctions::categoricalHinge;
    private static final LossFunction LOGCOSH = LossFunctions::logcosh;
    private static final LossFunction HUBER = LossFunctions::huberLoss;
    private static final LossFunction CATEGORICAL_CE = LossFunctions::categoricalCrossentropy;
    private static final LossFunction SPARSE_CE = LossFunctions::sparseCategoricalCrossentropy;
    private static final LossFunction BINARY_CE = LossFunctions::binaryCrossentropy;
    private static final LossFunction KLD = LossFunctions::kullbackLeiblerDivergence;
    private static final LossFunction POISSON = LossFunctions::poisson;
    private static final LossFunction COSINE = LossFunctions::cosineProximity;

    private record Entry(String name, LossFunction fn) {
    }

    private static final Map<String, Entry> BY_NAME = new HashMap<>();

    static {
        alias(MSE, "mean_squared_error", "mse", "MSE");
        alias(MAE, "mean_absolute_error", "mae", "MAE");
        alias(MAPE, "mean_absolute_percentage_error", "mape", "MAPE");
        alias(MSLE, "mean_squared_logarithmic_error", "msle", "MSLE");
        alias(SQUARED_HINGE, "squared_hinge");
        alias(HINGE, "hinge");
        alias(CATEGORICAL_HINGE, "categorical_hinge");
        alias(LOGCOSH, "logcosh");
        alias(HUBER, "huber_loss");
        alias(CATEGORICAL_CE, "categorical_crossentropy");
        alias(SPARSE_CE, "sparse_categorical_crossentropy");
        alias(BINARY_CE, "binary_crossentropy");
        alias(KLD, "kullback_leibler_divergence", "kld", "KLD");
        alias(POISSON, "poisson");
        alias(COSINE, "cosine_proximity", "cosine", "cosine_similarity");
    }

    private Losses() {
    }

    /** Registers {@code fn} under its Keras function name (the first) and that name's aliases. */
    private static void alias(LossFunction fn, String... names) {
        Entry e = new Entry(names[0], fn);
        for (String n : names) {
            BY_NAME.put(n, e);
        }
    }

    /** A new loss for a Keras name; unknown names fail with Keras's message. */
    public static Loss get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("loss must be a name or a Loss, got null");
        }
        Entry e = BY_NAME.get(name);
        if (e == null) {
            throw new IllegalArgumentException("Unknown loss function:" + name);
        }
        LossFunctionWrapper.TargetCheck check = e.fn == SPARSE_CE ? LossFunctionWrapper.TargetCheck.SPARSE : SAME;
        return new LossFunctionWrapper(e.name, e.fn, check);
    }

    /** The Keras names {@link #get} accepts. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** True for the sparse categorical cross-entropy: its class, or the wrapped Keras function. */
    public static boolean isSparseCategorical(Loss loss) {
        return loss instanceof SparseCategoricalCrossentropy || wraps(loss, SPARSE_CE);
    }

    /** True for the binary cross-entropy: its class, or the wrapped Keras function. */
    public static boolean isBinaryCrossentropy(Loss loss) {
        return loss instanceof BinaryCrossentropy || wraps(loss, BINARY_CE);
    }

    /** True for the categorical cross-entropy: its class, or the wrapped Keras function. */
    public static boolean isCategoricalCrossentropy(Loss loss) {
        return loss instanceof CategoricalCrossentropy || wraps(loss, CATEGORICAL_CE);
    }

    private static boolean wraps(Loss loss, LossFunction fn) {
        return loss instanceof LossFunctionWrapper w && w.function() == fn;
    }
}
