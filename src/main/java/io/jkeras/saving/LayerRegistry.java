package io.jkeras.saving;

import io.jkeras.layers.Activation;
import io.jkeras.layers.Add;
import io.jkeras.layers.Average;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BaseLayer;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Concatenate;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Dropout;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.GlobalMaxPooling2D;
import io.jkeras.layers.InputLayer;
import io.jkeras.layers.KernelLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.layers.Maximum;
import io.jkeras.layers.Minimum;
import io.jkeras.layers.Multiply;
import io.jkeras.layers.Pooling2D;
import io.jkeras.layers.Reshape;
import io.jkeras.layers.Subtract;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one place that maps a saved layer's class name to the code that rebuilds it from its
 * {@link Layer#getConfig() config}. A saved layer is named by its class's simple name; a
 * model can be saved only when every layer's exact class is registered here.
 *
 * <p>Users' own layers register a factory and override {@code getConfig()} to add their
 * options:
 * <pre>{@code
 * LayerRegistry.register(Scale.class, c -> new Scale(c.number("factor")));
 * }</pre>
 * The factory builds an unbuilt layer from its options; the loader then gives it the saved
 * {@code name} and {@code trainable} (through {@link BaseLayer}'s setters, so user layers
 * should extend BaseLayer) and builds it by applying it in the saved graph.
 */
public final class LayerRegistry {
    private record Entry(Class<? extends Layer> type, Function<Config, ? extends Layer> factory) {
    }

    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();

    static {
        register(InputLayer.class, c -> {
            int[] batchShape = c.ints("batch_input_shape");
            return new InputLayer(c.string("name"), Arrays.copyOfRange(batchShape, 1, batchShape.length));
        });
        register(Dense.class, c -> kernelOptions(new Dense(c.integer("units")), c));
        register(Conv2D.class, c -> kernelOptions(new Conv2D(c.integer("filters"), c.ints("kernel_size"))
                .strides(c.ints("strides")).padding(c.string("padding")).dilationRate(c.ints("dilation_rate"))
                .dataFormat(c.string("data_format")), c));
        register(Activation.class, c -> new Activation(c.string("activation")));
        register(Dropout.class, c -> new Dropout(c.number("rate")).seed(c.longValue("seed")));
        register(Flatten.class, c -> new Flatten());
        register(Reshape.class, c -> new Reshape(c.ints("target_shape")));
        register(Concatenate.class, c -> new Concatenate(c.integer("axis")));
        register(Add.class, c -> new Add());
        register(Subtract.class, c -> new Subtract());
        register(Multiply.class, c -> new Multiply());
        register(Average.class, c -> new Average());
        register(Maximum.class, c -> new Maximum());
        register(Minimum.class, c -> new Minimum());
        register(MaxPooling2D.class, c -> poolOptions(new MaxPooling2D(c.ints("pool_size")), c));
        register(AveragePooling2D.class, c -> poolOptions(new AveragePooling2D(c.ints("pool_size")), c));
        register(GlobalAveragePooling2D.class, c -> new GlobalAveragePooling2D().dataFormat(c.string("data_format")));
        register(GlobalMaxPooling2D.class, c -> new GlobalMaxPooling2D().dataFormat(c.string("data_format")));
        register(BatchNormalization.class, c -> new BatchNormalization().axis(c.integer("axis"))
                .momentum(c.number("momentum")).epsilon(c.number("epsilon")).center(c.bool("center"))
                .scale(c.bool("scale")).betaInitializer(c.initializer("beta_initializer"))
                .gammaInitializer(c.initializer("gamma_initializer"))
                .movingMeanInitializer(c.initializer("moving_mean_initializer"))
                .movingVarianceInitializer(c.initializer("moving_variance_initializer"))
                .betaRegularizer(c.regularizer("beta_regularizer"))
                .gammaRegularizer(c.regularizer("gamma_regularizer")));
    }

    private LayerRegistry() {
    }

    private static <L extends KernelLayer<L>> L kernelOptions(L layer, Config c) {
        return layer.activation(c.string("activation")).useBias(c.bool("use_bias"))
                .kernelInitializer(c.initializer("kernel_initializer"))
                .biasInitializer(c.initializer("bias_initializer"))
                .kernelRegularizer(c.regularizer("kernel_regularizer"))
                .biasRegularizer(c.regularizer("bias_regularizer"));
    }

    private static <L extends Pooling2D<L>> L poolOptions(L layer, Config c) {
        return layer.strides(c.ints("strides")).padding(c.string("padding")).dataFormat(c.string("data_format"));
    }

    /**
     * Registers (or replaces) the factory of {@code type}, saved under its simple class name.
     * Two registered classes may not share a simple name.
     */
    public static <L extends Layer> void register(Class<L> type, Function<Config, L> factory) {
        if (type == null || factory == null) {
            throw new IllegalArgumentException("register needs a layer class and a factory, got " + type + " and "
                    + factory);
        }
        String name = type.getSimpleName();
        Entry old = ENTRIES.get(name);
        if (old != null && old.type() != type) {
            throw new IllegalArgumentException("Cannot register " + type.getName() + " under \"" + name + "\": "
                    + old.type().getName() + " is already registered under that name");
        }
        ENTRIES.put(name, new Entry(type, factory));
    }

    /** The name {@code layer} is saved under; fails when its class is not registered. */
    public static String className(Layer layer) {
        Entry e = ENTRIES.get(layer.getClass().getSimpleName());
        if (e == null || e.type() != layer.getClass()) {
            throw new IllegalArgumentException("Layer " + layer.name() + " is a " + layer.getClass().getName()
                    + ", which cannot be saved: register it with LayerRegistry.register("
                    + layer.getClass().getSimpleName() + ".class, config -> ...) and let its getConfig() add its"
                    + " options");
        }
        return layer.getClass().getSimpleName();
    }

    /** A new, unbuilt layer of the registered class {@code className}, made from {@code config}. */
    public static Layer create(String className, Config config) {
        Entry e = ENTRIES.get(className);
        if (e == null) {
            throw new IllegalArgumentException("Unknown layer class \"" + className + "\" for " + config.owner()
                    + "; register its factory with LayerRegistry.register before loading");
        }
        Layer layer = e.factory().apply(config);
        if (layer.getClass() != e.type()) {
            throw new IllegalArgumentException("The factory registered for " + className + " made a "
                    + layer.getClass().getName());
        }
        return layer;
    }
}
