package io.jkeras.losses;

import static io.jkeras.losses.Arrays2.t;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.GradientCheck;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.NnOps;
import io.jkeras.ops.Tape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every loss's gradient with respect to yPred against central differences, at points away
 * from its kinks (targets are constants of the checked function).
 */
class LossGradientTest {
    private static final int[] SHAPE = {3, 4};
    private final Random r = new Random(5);

    private static void check(String name, LossFunction f, float[] yTrue, float[] yPred) {
        GradientCheck.check(name, in -> f.apply(t(yTrue, SHAPE), in.get(0)), List.of(yPred), List.of(SHAPE));
    }

    private float[] uniform(float lo, float hi) {
        return GradientCheck.uniform(r, 12, lo, hi);
    }

    /** Moves values off the points where {@code |x - at| < gap}. */
    private static float[] awayFrom(float[] x, float at, float gap) {
        float[] out = x.clone();
        for (int i = 0; i < out.length; i++) {
            if (Math.abs(out[i] - at) < gap) {
                out[i] = at + (out[i] >= at ? gap : -gap);
            }
        }
        return out;
    }

    @Test
    void regressionLosses() {
        float[] yt = uniform(-1, 1);
        float[] d = awayFrom(uniform(-1, 1), 0f, 0.05f);
        float[] yp = new float[12];
        for (int i = 0; i < 12; i++) {
            yp[i] = yt[i] + d[i]; // no zero errors: mae and mape have kinks there
        }
        check("mse", LossFunctions::meanSquaredError, yt, yp);
        check("mae", LossFunctions::meanAbsoluteError, yt, yp);
        check("mape", LossFunctions::meanAbsolutePercentageError, awayFrom(yt, 0f, 0.3f), yp);
        check("logcosh", LossFunctions::logcosh, yt, yp);
        check("huber", LossFunctions::huberLoss, yt, yp);
        check("huber delta 0.3", (a, b) -> LossFunctions.huberLoss(a, b, 0.3f), yt, yp);
        check("cosine", LossFunctions::cosineProximity, yt, yp);
        check("msle", LossFunctions::meanSquaredLogarithmicError, uniform(0.1f, 2), uniform(0.1f, 2));
        check("poisson", LossFunctions::poisson, uniform(0, 3), uniform(0.5f, 2));
        check("kld", LossFunctions::kullbackLeiblerDivergence, uniform(0.1f, 0.9f), uniform(0.1f, 0.9f));
    }

    @Test
    void hinges() {
        float[] labels = new float[12];
        for (int i = 0; i < 12; i++) {
            labels[i] = i % 3 == 0 ? 1f : 0f;
        }
        // margins 1 - y * p are kept away from 0
        float[] yp = {0.3f, -1.4f, 0.6f, 1.5f, -0.2f, 0.4f, -0.5f, 0.7f, -1.6f, 0.2f, 1.3f, -0.8f};
        check("hinge", LossFunctions::hinge, labels, yp);
        check("squared_hinge", LossFunctions::squaredHinge, labels, yp);
        float[] oneHot = new float[12];
        oneHot[1] = 1f;
        oneHot[4] = 1f;
        oneHot[11] = 1f;
        check("categorical_hinge", LossFunctions::categoricalHinge, oneHot, yp);
    }

    @Test
    void crossentropies() {
        float[] oneHot = new float[12];
        oneHot[2] = 1f;
        oneHot[4] = 1f;
        oneHot[9] = 1f;
        float[] probs = uniform(0.1f, 0.9f);
        float[] logits = uniform(-2, 2);
        logits[5] = 0f; // the logits formula has a removable kink at 0
        check("cce", LossFunctions::categoricalCrossentropy, oneHot, probs);
        check("cce logits smoothing",
                (a, b) -> LossFunctions.categoricalCrossentropy(a, b, true, 0.1f), oneHot, logits);
        float[] labels = {2, 0, 1};
        GradientCheck.check("scce", in -> LossFunctions.sparseCategoricalCrossentropy(t(labels, 3, 1), in.get(0)),
                List.of(probs), List.of(SHAPE));
        GradientCheck.check("scce logits",
                in -> LossFunctions.sparseCategoricalCrossentropy(t(labels, 3), in.get(0), true),
                List.of(logits), List.of(SHAPE));
        float[] soft = uniform(0, 1);
        check("bce", LossFunctions::binaryCrossentropy, soft, probs);
        check("bce logits smoothing", (a, b) -> LossFunctions.binaryCrossentropy(a, b, true, 0.2f), soft, logits);
        // through the activations, the gradient reaches the logits via the logits hint
        check("cce of softmax", (a, b) -> LossFunctions.categoricalCrossentropy(a, NnOps.softmax(b)), oneHot, logits);
        check("bce of sigmoid", (a, b) -> LossFunctions.binaryCrossentropy(a, NnOps.sigmoid(b)), soft, logits);
    }

    @Test
    void weightedReductions() {
        float[] yt = uniform(-1, 1);
        float[] yp = uniform(-1, 1);
        float[] w = {0.5f, 2f, 0f};
        for (Loss.Reduction red : Loss.Reduction.values()) {
            GradientCheck.check("mse " + red,
                    in -> new MeanSquaredError().reduction(red).apply(t(yt, SHAPE), in.get(0), t(w, 3)),
                    List.of(yp), List.of(SHAPE));
        }
    }

    @Test
    void everyRegisteredLossReachesYPred() {
        float[] yt = {0.2f, 0.3f, 0.1f, 0.4f, 0, 1, 0, 0, 0.25f, 0.25f, 0.25f, 0.25f};
        float[] yp = {0.3f, 0.1f, 0.4f, 0.2f, 0.6f, 0.1f, 0.2f, 0.1f, 0.7f, 0.1f, 0.1f, 0.1f};
        for (String name : Losses.names()) {
            boolean sparse = name.equals("sparse_categorical_crossentropy");
            try (TensorScope s = TensorScope.open(); Tape tape = Tape.start()) {
                Tensor p = t(yp, SHAPE);
                tape.watch(p);
                Tensor target = sparse ? t(new float[] {1, 0, 3}, 3, 1) : t(yt, SHAPE);
                Tensor loss = Losses.get(name).apply(target, p, null);
                Tensor[] g = tape.gradient(loss, null, List.of(p));
                assertNotNull(g[0], name);
                float[] v = g[0].toFloatArray();
                double norm = 0;
                for (float x : v) {
                    norm += Math.abs(x);
                }
                if (!(norm > 0) || Double.isInfinite(norm)) {
                    throw new AssertionError(name + ": gradient " + java.util.Arrays.toString(v));
                }
                MathOps.dispose(loss);
            }
        }
    }
}
