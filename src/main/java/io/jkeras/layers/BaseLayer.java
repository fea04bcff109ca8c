package io.jkeras.layers;

/**
 * Gives the options every layer shares setters that return the concrete layer type, so
 * {@code new Dense(64).name("hidden").activation("relu")} chains in any order.
 *
 * @param <L> the concrete layer class
 */
public abstract class BaseLayer<L extends BaseLayer<L>> extends Layer {

    @SuppressWarnings("unchecked")
    protected final L self() {
        return (L) this;
    }

    /** The layer's name; must be unique within a model. */
    public L name(String name) {
        setName(name);
        return self();
    }

    /** Whether training updates this layer's weights. */
    public L trainable(boolean trainable) {
        setTrainable(trainable);
        return self();
    }
}
