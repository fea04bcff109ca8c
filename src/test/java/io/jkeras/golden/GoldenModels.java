package io.jkeras.golden;

import io.jkeras.CompileOptions;
import io.jkeras.KerasTensor;
import io.jkeras.Input;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.Adadelta;
import io.jkeras.optimizers.Adagrad;
import io.jkeras.optimizers.Adam;
import io.jkeras.optimizers.Adamax;
import io.jkeras.optimizers.BaseOptimizer;
import io.jkeras.optimizers.Nadam;
import io.jkeras.optimizers.Optimizer;
import io.jkeras.optimizers.RMSprop;
import io.jkeras.optimizers.SGD;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The models and optimizers the golden optimizer and training cases name: each model here
 * has a twin of the same name in make_golden.py's MODELS, and the case's weights replace the
 * random initial ones.
 */
final class GoldenModels {
    private static final Set<String> HYPERPARAMETERS = Set.of("learning_rate", "decay", "clipnorm", "clipvalue",
            "momentum", "nesterov", "rho", "epsilon", "beta_1", "beta_2", "amsgrad", "schedule_decay");

    private GoldenModels() {
    }

    /** The named model with the case's initial weights {@code w0, w1, ...} (Keras order and layout). */
    static Model model(GoldenCase c) {
        Model m = switch (c.text("model")) {
            case "probe" -> mlp(4, 5, "tanh", 2, "linear");
            case "mlp_classifier" -> mlp(20, 16, "relu", 3, "softmax");
            case "mlp_regressor" -> mlp(6, 8, "tanh", 2, "linear");
            case "two_heads" -> twoHeads();
            case "small_cnn" -> smallCnn();
            default -> throw new IllegalArgumentException("case " + c + ": unknown model " + c.text("model"));
        };
        m.setWeights(c.indexed("w").stream().map(GoldenArray::toNDArray).toList());
        return m;
    }

    private static Model mlp(int in, int hidden, String hiddenActivation, int out, String outActivation) {
        KerasTensor x = Input.of(in);
        KerasTensor h = new Dense(hidden).activation(hiddenActivation).apply(x);
        return new Model(x, new Dense(out).activation(outActivation).apply(h));
    }

    private static Model twoHeads() {
        KerasTensor x = Input.of(5);
        KerasTensor h = new Dense(6).activation("tanh").apply(x);
        KerasTensor a = new Dense(3).activation("softmax").name("head_a").apply(h);
        KerasTensor b = new Dense(1).name("head_b").apply(h);
        return new Model(x, List.of(a, b));
    }

    private static Model smallCnn() {
        KerasTensor x = Input.of(8, 8, 1);
        KerasTensor h = new Conv2D(4, 3).activation("relu").apply(x);
        h = new MaxPooling2D(2).apply(h);
        h = new Flatten().apply(h);
        return new Model(x, new Dense(3).activation("softmax").apply(h));
    }

    /** The model's weights in Keras order, compared with the case's {@code final_w0, final_w1, ...}. */
    static void assertFinalWeights(GoldenCase c, Model m) {
        List<NDArray> actual = m.getWeights();
        List<GoldenArray> expected = c.indexed("final_w");
        if (expected.size() != actual.size()) {
            throw new AssertionError(c + ": " + expected.size() + " final weights expected, model has " + actual.size());
        }
        for (int i = 0; i < actual.size(); i++) {
            GoldenAssert.assertClose(c + " final weight " + i, expected.get(i), actual.get(i).toFloatArray(),
                    actual.get(i).shape());
        }
    }
    /** The compile arguments a case names: loss or losses, loss weights, metrics, optimizer. */
    static CompileOptions compileOptions(GoldenCase c) {
        // evaluate never updates the weights, so its cases name no optimizer
        CompileOptions o = new CompileOptions().optimizer(c.has("optimizer") ? optimizer(c) : new SGD());
        List<String> losses = c.list("loss");
        if (losses.size() == 1) {
            o.loss(losses.get(0));
        } else {
            o.loss(losses);
        }
        if (c.has("loss_weights")) {
            o.lossWeights(c.list("loss_weights").stream().map(Double::valueOf).toList());
        }
        if (c.has("metrics")) {
            o.metrics(c.list("metrics"));
        }
        return o;
    }


    /**
     * The case's optimizer: {@code text optimizer KIND} and one text per hyperparameter that
     * differs from Keras's default (the rest stay at jkeras's defaults, so they are checked too).
     */
    static Optimizer optimizer(GoldenCase c) {
        BaseOptimizer<?> o = switch (c.text("optimizer")) {
            case "sgd" -> new SGD();
            case "rmsprop" -> new RMSprop();
            case "adagrad" -> new Adagrad();
            case "adadelta" -> new Adadelta();
            case "adam" -> new Adam();
            case "adamax" -> new Adamax();
            case "nadam" -> new Nadam();
            default -> throw new IllegalArgumentException("case " + c + ": unknown optimizer " + c.text("optimizer"));
        };
        for (String key : c.textKeys()) {
            if (HYPERPARAMETERS.contains(key)) {
                set(c, o, key, c.text(key));
            }
        }
        return o;
    }

    private static void set(GoldenCase c, BaseOptimizer<?> o, String key, String text) {
        double v = text.equals("true") || text.equals("false") ? Double.NaN : Double.parseDouble(text);
        boolean flag = text.equals("true");
        boolean applied = switch (key) {
            case "learning_rate" -> {
                o.learningRate(v);
                yield true;
            }
            case "decay" -> {
                o.decay(v);
                yield true;
            }
            case "clipnorm" -> {
                o.clipnorm(v);
                yield true;
            }
            case "clipvalue" -> {
                o.clipvalue(v);
                yield true;
            }
            case "momentum" -> with(o, SGD.class, x -> x.momentum(v));
            case "nesterov" -> with(o, SGD.class, x -> x.nesterov(flag));
            case "amsgrad" -> with(o, Adam.class, x -> x.amsgrad(flag));
            case "schedule_decay" -> with(o, Nadam.class, x -> x.scheduleDecay(v));
            case "rho" -> with(o, RMSprop.class, x -> x.rho(v)) || with(o, Adadelta.class, x -> x.rho(v));
            case "epsilon" -> with(o, RMSprop.class, x -> x.epsilon(v)) || with(o, Adagrad.class, x -> x.epsilon(v))
                    || with(o, Adadelta.class, x -> x.epsilon(v)) || with(o, Adam.class, x -> x.epsilon(v))
                    || with(o, Adamax.class, x -> x.epsilon(v)) || with(o, Nadam.class, x -> x.epsilon(v));
            case "beta_1" -> with(o, Adam.class, x -> x.beta1(v)) || with(o, Adamax.class, x -> x.beta1(v))
                    || with(o, Nadam.class, x -> x.beta1(v));
            case "beta_2" -> with(o, Adam.class, x -> x.beta2(v)) || with(o, Adamax.class, x -> x.beta2(v))
                    || with(o, Nadam.class, x -> x.beta2(v));
            default -> false;
        };
        if (!applied) {
            throw new IllegalArgumentException("case " + c + ": " + key + " does not apply to " + o);
        }
    }

    /** Applies {@code setter} when {@code o} is a {@code type}; says whether it was. */
    private static <T> boolean with(Optimizer o, Class<T> type, Consumer<T> setter) {
        if (!type.isInstance(o)) {
            return false;
        }
        setter.accept(type.cast(o));
        return true;
    }
}
