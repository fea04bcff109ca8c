package io.jkeras.peers.tfjava;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One benchmark model as a TensorFlow graph and the session that runs it: placeholders for a
 * batch of inputs and integer labels, Glorot-uniform weights and zero biases, logits, softmax
 * probabilities, the mean sparse softmax cross-entropy and the framework's Adam minimising it.
 *
 * <p>One graph per model: the framework's optimizer differentiates with respect to every
 * variable of its graph, so two models in one graph would train each other's weights.
 */
final class Net implements AutoCloseable {

    /** Adam as the protocol sets it; epsilon 1e-7 is Keras's, not TF Java's default 1e-8. */
    static final float LEARNING_RATE = 1e-3f;
    static final float BETA_1 = 0.9f;
    static final float BETA_2 = 0.999f;
    static final float EPSILON = 1e-7f;

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TInt32> y;
    private final Operand<TFloat32> probabilities;
    private final Operand<TFloat32> loss;
    private final Op minimize;

    private Net(Graph graph, ConfigProto config, Placeholder<TFloat32> x, Placeholder<TInt32> y,
                Operand<TFloat32> logits, Ops tf) {
        this.graph = graph;
        this.x = x;
        this.y = y;
        this.probabilities = tf.nn.softmax(logits);
        // The fused op takes logits: TF's form of "Dense softmax + cross-entropy". On one-hot
        // labels made in the graph, because TF's C++ gradient registry (the one Graph.addGradients
        // uses) has a gradient for SoftmaxCrossEntropyWithLogits but none for the sparse op.
        int classes = (int) logits.shape().get(1);
        Operand<TFloat32> oneHot = tf.oneHot(y, tf.constant(classes), tf.constant(1f), tf.constant(0f));
        this.loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
        this.minimize = new Adam(graph, LEARNING_RATE, BETA_1, BETA_2, EPSILON).minimize(loss);
        this.session = new Session(graph, config);
        session.initialize();
    }

    /** An MLP: Dense(widths[i]) relu for the hidden widths, a linear last layer under the softmax. */
    static Net mlp(ConfigProto config, long seed, int... widths) {
        Graph graph = new Graph();
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, widths[0])));
        Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Layers layers = new Layers(tf, seed);
        Operand<TFloat32> h = x;
        for (int i = 1; i < widths.length; i++) {
            h = layers.dense(h, widths[i - 1], widths[i], i < widths.length - 1);
        }
        return new Net(graph, config, x, y, h, tf);
    }

    /**
     * The W2 CNN on NHWC 28x28x1 inputs: Conv2D 32 3x3 relu, MaxPool 2, Conv2D 64 3x3 relu,
     * MaxPool 2, Flatten (5*5*64), Dense 128 relu, Dense 10.
     */
    static Net cnn(ConfigProto config, long seed) {
        Graph graph = new Graph();
        Ops tf = Ops.create(graph);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Layers layers = new Layers(tf, seed);
        Operand<TFloat32> h = layers.maxPool(layers.conv(x, 1, 32));
        h = layers.maxPool(layers.conv(h, 32, 64));
        h = tf.reshape(h, tf.constant(new int[] {-1, 5 * 5 * 64}));
        h = layers.dense(h, 5 * 5 * 64, 128, true);
        h = layers.dense(h, 128, 10, false);
        return new Net(graph, config, x, y, h, tf);
    }

    /** One training step on a batch; reads the loss back only when asked (a scalar fetch). */
    float train(TFloat32 xb, TInt32 yb, boolean readLoss) {
        Session.Runner run = session.runner().feed(x, xb).feed(y, yb).addTarget(minimize);
        if (readLoss) {
            run.fetch(loss);
        }
        try (Result r = run.run()) {
            return readLoss ? ((TFloat32) r.get(0)).getFloat() : Float.NaN;
        }
    }

    /** The softmax probabilities of a batch; the caller closes the returned tensor's result. */
    Result predict(TFloat32 xb) {
        return session.runner().feed(x, xb).fetch(probabilities).run();
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }

    /** Builds layers' weights (Glorot uniform, zero biases) and ops in one graph. */
    private static final class Layers {
        private final Ops tf;
        private final Ops init;
        private long seed;

        Layers(Ops tf, long seed) {
            this.tf = tf;
            this.init = tf.withInitScope();
            this.seed = seed;
        }

        Operand<TFloat32> dense(Operand<TFloat32> in, int inputs, int units, boolean relu) {
            Variable<TFloat32> kernel = tf.variable(glorotUniform(inputs, units, inputs, units));
            Variable<TFloat32> bias = tf.variable(init.constant(new float[units]));
            Operand<TFloat32> out = tf.nn.biasAdd(tf.linalg.matMul(in, kernel), bias);
            return relu ? tf.nn.relu(out) : out;
        }

        /** Conv2D 3x3, stride 1, valid padding, relu; the kernel in TF's HWIO layout. */
        Operand<TFloat32> conv(Operand<TFloat32> in, int channelsIn, int filters) {
            Variable<TFloat32> kernel = tf.variable(glorotUniform(9 * channelsIn, 9 * filters, 3, 3, channelsIn, filters));
            Variable<TFloat32> bias = tf.variable(init.constant(new float[filters]));
            Operand<TFloat32> out = tf.nn.conv2d(in, kernel, List.of(1L, 1L, 1L, 1L), "VALID");
            return tf.nn.relu(tf.nn.biasAdd(out, bias));
        }

        Operand<TFloat32> maxPool(Operand<TFloat32> in) {
            return tf.nn.maxPool(in, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
        }

        /**
         * Keras's glorot_uniform: U(-limit, limit), limit = sqrt(6 / (fanIn + fanOut)). Written
         * here because tensorflow-framework 1.1.0's Glorot(UNIFORM) scales U[0, 1) without
         * centring it (all weights positive) and counts a conv kernel's input channels twice in
         * its fans.
         */
        private Operand<TFloat32> glorotUniform(long fanIn, long fanOut, long... shape) {
            float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
            Operand<TFloat32> u = init.random.randomUniform(init.constant(Arrays.stream(shape).mapToInt(d -> (int) d).toArray()),
                    TFloat32.class, RandomUniform.seed(seed), RandomUniform.seed2(seed + 1));
            seed += 2;
            return init.math.sub(init.math.mul(u, init.constant(2 * limit)), init.constant(limit));
        }
    }
}
