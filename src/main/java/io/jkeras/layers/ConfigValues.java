package io.jkeras.layers;

import io.jkeras.initializers.Initializer;
import io.jkeras.initializers.Initializers;
import io.jkeras.regularizers.Regularizer;
import io.jkeras.regularizers.Regularizers;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Config values of layer options: lists for int arrays, saved forms of initializers and regularizers. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** An int array option (a kernel size, a shape) as the list Keras writes. */
    static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    static Map<String, Object> initializer(String option, Initializer init) {
        try {
            return Initializers.serialize(init);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> regularizer(String option, Regularizer r) {
        try {
            return Regularizers.serialize(r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }
}
