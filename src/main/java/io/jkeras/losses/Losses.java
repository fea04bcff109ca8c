package io.jkeras.losses;

import java.util.Locale;

/** Keras's loss names resolved in one place; each name gives a fresh {@link Loss}. */
public final class Losses {
    private static final LossFunctionWrapper.TargetCheck SAME = LossFunctionWrapper.TargetCheck.SAME_AS_OUTPUT;

    private Losses() {
    }

    public static Loss get(String name) {
        if (name == null) {
            throw new IllegalArgumentException("loss must be a name or a Loss, got null");
        }
        return switch (name) {
            case "mean_squared_error", "mse", "MSE" ->
                    new LossFunctionWrapper("mean_squared_error", LossFunctions::meanSquaredError, SAME);
            case "categorical_crossentropy" -> new LossFunctionWrapper("categorical_crossentropy",
                    (t, p) -> LossFunctions.categoricalCrossentropy(t, p, false, 0f), SAME);
            case "sparse_categorical_crossentropy" -> new LossFunctionWrapper("sparse_categorical_crossentropy",
                    (t, p) -> LossFunctions.sparseCategoricalCrossentropy(t, p, false),
                    LossFunctionWrapper.TargetCheck.SPARSE);
            default -> throw new IllegalArgumentException("Unknown loss function:" + name);
        };
    }

    /** True for names of the sparse categorical cross-entropy. */
    public static boolean isSparseCategorical(Loss loss) {
        return loss != null && loss.name().toLowerCase(Locale.ROOT).equals("sparse_categorical_crossentropy");
    }

    /** True for the binary cross-entropy. */
    public static boolean isBinaryCrossentropy(Loss loss) {
        return loss != null && loss.name().toLowerCase(Locale.ROOT).equals("binary_crossentropy");
    }
}
