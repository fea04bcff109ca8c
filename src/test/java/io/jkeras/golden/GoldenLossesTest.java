package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.losses.BinaryCrossentropy;
import io.jkeras.losses.CategoricalCrossentropy;
import io.jkeras.losses.Loss;
import io.jkeras.losses.Losses;
import io.jkeras.losses.SparseCategoricalCrossentropy;
import io.jkeras.ops.Tape;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Losses against Keras 2.3's formulas evaluated in PyTorch (golden/losses.txt): per-sample
 * values, the loss reduced with sample weights ({@code sum(w * l) / size(l)}) and its
 * gradient with respect to y_pred.
 */
class GoldenLossesTest {
    private static final List<GoldenCase> CASES = GoldenFile.read("losses.txt");

    @TestFactory
    Stream<DynamicTest> losses() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    /** Losses.get for the plain cases, the loss classes for from_logits and label_smoothing. */
    private static Loss loss(GoldenCase c) {
        String name = c.text("loss");
        boolean logits = c.flag("from_logits", false);
        float smoothing = c.has("label_smoothing") ? (float) c.number("label_smoothing") : 0f;
        if (!logits && smoothing == 0f) {
            return Losses.get(name);
        }
        return switch (name) {
            case "categorical_crossentropy" -> new CategoricalCrossentropy().fromLogits(logits)
                    .labelSmoothing(smoothing);
            case "binary_crossentropy" -> new BinaryCrossentropy().fromLogits(logits).labelSmoothing(smoothing);
            case "sparse_categorical_crossentropy" -> {
                if (smoothing != 0f) {
                    throw new IllegalArgumentException(c + ": sparse categorical cross-entropy has no label smoothing");
                }
                yield new SparseCategoricalCrossentropy().fromLogits(logits);
            }
            default -> throw new IllegalArgumentException(c + ": " + name + " takes no options");
        };
    }

    @SuppressWarnings("try") // the scope frees what the body allocates
    private static void check(GoldenCase c) {
        Loss loss = loss(c);
        Backend backend = Device.current().backend();
        try (TensorScope scope = TensorScope.open(); Tape tape = Tape.start()) {
            Tensor yTrue = c.array("y_true").toTensor(backend);
            Tensor yPred = c.array("y_pred").toTensor(backend);
            Tensor weights = c.array("sample_weight").toTensor(backend);
            tape.watch(yPred);
            Tensor values = loss.call(yTrue, yPred);
            GoldenAssert.assertClose(c + " values", c.array("values"), values.toFloatArray(), values.shape());
            Tensor total = loss.apply(yTrue, yPred, weights);
            GoldenAssert.assertClose(c + " loss", c.array("loss_value"), total.toFloatArray(), total.shape());
            Tensor grad = tape.gradient(total, null, List.of(yPred))[0];
            GoldenAssert.assertClose(c + " gradient", c.array("grad_y_pred"), grad.toFloatArray(), grad.shape());
        }
    }

    @Test
    void everyRegisteredLossHasACase() {
        Set<String> covered = CASES.stream().map(c -> c.text("loss")).collect(Collectors.toSet());
        for (String name : Losses.names()) {
            String canonical = Losses.get(name).name();
            assertTrue(covered.contains(canonical), "no golden case for loss " + name + " (" + canonical + ")");
        }
    }
}
