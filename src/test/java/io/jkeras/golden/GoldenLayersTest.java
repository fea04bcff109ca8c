package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.KerasTensor;
import io.jkeras.Input;
import io.jkeras.NDArray;
import io.jkeras.activations.Activations;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Subtract;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Layers against PyTorch (golden/layers.txt): the forward value and, for the file's fixed
 * upstream gradient dy, the gradients with respect to every input and weight, taken with
 * the tape as training takes them.
 */
class GoldenLayersTest {
    private static final List<GoldenCase> CASES = GoldenFile.read("layers.txt");

    /** How each {@code text layer KIND} is built; a new layer kind is one entry here. */
    private static final Map<String, Function<GoldenCase, Layer>> BUILDERS = Map.ofEntries(
            Map.entry("dense", c -> new Dense(c.array("w0").shape()[1]).activation(c.text("activation"))
                    .useBias(c.flag("use_bias", true))),
            Map.entry("add", c -> new Add()),
            Map.entry("subtract", c -> new Subtract()),
            Map.entry("multiply", c -> new Multiply()),
            Map.entry("average", c -> new Average()),
            Map.entry("maximum", c -> new Maximum()),
            Map.entry("minimum", c -> new Minimum()),
            Map.entry("concatenate", c -> new Concatenate()),
            Map.entry("conv2d", c -> new Conv2D(c.array("w0").shape()[3], c.array("w0").shape()[0],
                    c.array("w0").shape()[1]).strides(pair(c, "strides")).padding(c.text("padding"))
                    .dilationRate(pair(c, "dilation_rate")).activation(c.text("activation"))
                    .useBias(c.flag("use_bias", true))),
            Map.entry("max_pooling2d", c -> new MaxPooling2D(pair(c, "pool_size")).strides(pair(c, "strides"))
                    .padding(c.text("padding"))),
            Map.entry("average_pooling2d", c -> new AveragePooling2D(pair(c, "pool_size"))
                    .strides(pair(c, "strides")).padding(c.text("padding"))),
            Map.entry("global_average_pooling2d", c -> new GlobalAveragePooling2D()),
            Map.entry("global_max_pooling2d", c -> new GlobalMaxPooling2D()),
            Map.entry("batch_normalization", c -> new BatchNormalization()));

    /** A text such as {@code 2,1}: (rows, cols). */
    private static int[] pair(GoldenCase c, String key) {
        return c.list(key).stream().mapToInt(Integer::parseInt).toArray();
    }

    @TestFactory
    Stream<DynamicTest> layers() {
        return CASES.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    @SuppressWarnings("try") // the scope frees what the body allocates
    private static void check(GoldenCase c) {
        Function<GoldenCase, Layer> builder = BUILDERS.get(c.text("layer"));
        assertNotNull(builder, c + ": no builder for layer " + c.text("layer"));
        Layer layer = builder.apply(c);
        List<GoldenArray> xs = c.indexed("x");
        List<KerasTensor> symbolic = new ArrayList<>();
        for (GoldenArray x : xs) {
            symbolic.add(Input.of(x.sampleShape()));
        }
        layer.apply(symbolic);
        try {
            layer.setWeights(c.indexed("w").stream().map(GoldenArray::toNDArray).toList());
            Backend backend = Device.current().backend();
            try (TensorScope scope = TensorScope.open(); Tape tape = Tape.start()) {
                List<Tensor> sources = new ArrayList<>();
                List<Tensor> inputs = new ArrayList<>();
                for (GoldenArray x : xs) {
                    inputs.add(x.toTensor(backend));
                }
                sources.addAll(inputs);
                for (Variable v : layer.weights()) {
                    sources.add(v.value());
                }
                sources.forEach(tape::watch);
                Tensor y = layer.call(inputs, c.flag("training", false));
                GoldenAssert.assertClose(c + " y", c.array("y"), y.toFloatArray(), y.shape());
                Tensor[] grads = tape.gradient(y, c.array("dy").toTensor(backend), sources);
                for (int i = 0; i < inputs.size(); i++) {
                    assertNotNull(grads[i], c + ": no gradient for input " + i);
                    GoldenAssert.assertClose(c + " dx" + i, c.array("dx" + i), grads[i].toFloatArray(),
                            grads[i].shape());
                }
                List<Variable> weights = layer.weights();
                for (int i = 0; i < weights.size(); i++) {
                    Tensor g = grads[inputs.size() + i];
                    String key = "dw" + i;
                    if (!c.has(key)) {
                        // the oracle gives no gradient for a non-trainable weight
                        assertFalse(weights.get(i).trainable(), c + ": no golden gradient for trainable weight " + i);
                        continue;
                    }
                    assertNotNull(g, c + ": no gradient for weight " + i);
                    GoldenAssert.assertClose(c + " " + key, c.array(key), g.toFloatArray(), g.shape());
                }
                // every weight after the call: a training call moves BatchNormalization's moving statistics
                List<GoldenArray> updated = c.indexed("updated_w");
                if (!updated.isEmpty()) {
                    List<NDArray> after = layer.getWeights();
                    assertEquals(updated.size(), after.size(), c + ": weights after the call");
                    for (int i = 0; i < after.size(); i++) {
                        GoldenAssert.assertClose(c + " updated_w" + i, updated.get(i), after.get(i).toFloatArray(),
                                after.get(i).shape());
                    }
                }
            }
        } finally {
            layer.close();
        }
    }

    @Test
    void everyActivationHasADenseCase() {
        for (String activation : Activations.NAMES) {
            assertTrue(CASES.stream().anyMatch(c -> c.name().equals("dense_" + activation)),
                    "no golden case dense_" + activation);
        }
    }
}
