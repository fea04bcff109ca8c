package io.jkeras.ops;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.UnaryOp;

/** Differentiable network ops: activations, softmax, dropout. */
public final class NnOps {
    private NnOps() {
    }

    public static Tensor relu(Tensor x) {
        return MathOps.unary(UnaryOp.RELU, 0f, x);
    }

    public static Tensor leakyRelu(Tensor x, float alpha) {
        return MathOps.unary(UnaryOp.LEAKY_RELU, alpha, x);
    }

    /**
     * The logistic function. Like {@link #softmax(Tensor)}, the output remembers its logits, so
     * that a binary cross-entropy on it can work from them as tf.keras does.
     */
    public static Tensor sigmoid(Tensor x) {
        Tensor y = MathOps.unary(UnaryOp.SIGMOID, 0f, x);
        y.logits(MathOps.reshape(x, x.shape()), "sigmoid");
        return y;
    }

    public static Tensor tanh(Tensor x) {
        return MathOps.unary(UnaryOp.TANH, 0f, x);
    }

    public static Tensor elu(Tensor x, float alpha) {
        return MathOps.unary(UnaryOp.ELU, alpha, x);
    }

    public static Tensor selu(Tensor x) {
        return MathOps.unary(UnaryOp.SELU, 0f, x);
    }

    public static Tensor softplus(Tensor x) {
        return MathOps.unary(UnaryOp.SOFTPLUS, 0f, x);
    }

    public static Tensor softsign(Tensor x) {
        return MathOps.unary(UnaryOp.SOFTSIGN, 0f, x);
    }

    public static Tensor hardSigmoid(Tensor x) {
        return MathOps.unary(UnaryOp.HARD_SIGMOID, 0f, x);
    }

    public static Tensor swish(Tensor x) {
        return MathOps.unary(UnaryOp.SWISH, 0f, x);
    }

    /** The exact GELU, {@code x * Phi(x)} (tf.keras's default, approximate=False). */
    public static Tensor gelu(Tensor x) {
        return MathOps.unary(UnaryOp.GELU, 0f, x);
    }

    /**
     * Softmax over the last axis. The output remembers its logits, so that a cross-entropy on
     * it can work from the logits as tf.keras does (exact and stable for saturated outputs).
     */
    public static Tensor softmax(Tensor x) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().softmax(x, y);
        // a view of the logits, recorded on the tape so gradients taken through it reach x;
        // owned by y, so disposing x after the activation does not invalidate it
        y.logits(MathOps.reshape(x, x.shape()), "softmax");
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = x.backend().allocate(x.shape());
                x.backend().softmaxBackward(y, dy, dx);
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /** Softmax over {@code axis}: other axes are moved last and back. */
    public static Tensor softmax(Tensor x, int axis) {
        int rank = x.rank();
        int ax = axis < 0 ? axis + rank : axis;
        if (ax == rank - 1) {
            return softmax(x);
        }
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[ax] = rank - 1;
        perm[rank - 1] = ax;
        Tensor t = MathOps.transpose(x, perm);
        Tensor s = softmax(t);
        Tensor out = MathOps.transpose(s, perm);
        MathOps.dispose(t, s);
        return out;
    }

    public static Tensor logSoftmax(Tensor x) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().logSoftmax(x, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = x.backend().allocate(x.shape());
                x.backend().logSoftmaxBackward(y, dy, dx);
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /**
     * {@code -sum(targets * log_softmax(logits))} over the last axis, as one op whose gradient
     * is {@code softmax(logits) * sum(targets) - targets} (TensorFlow's
     * softmax_cross_entropy_with_logits). Computing the gradient from the softmax itself, rather
     * than through log-softmax's rule, keeps it exact where it should be: for equal logits the
     * probabilities are exactly 1/n and the gradient's rows sum to exactly 0, which optimizers
     * that normalise by gradient size (RMSprop, Adam) would otherwise amplify.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, Tensor targets) {
        if (!java.util.Arrays.equals(logits.shape(), targets.shape())) {
            throw new IllegalArgumentException("softmaxCrossEntropy: logits " + java.util.Arrays.toString(logits.shape())
                    + " and targets " + java.util.Arrays.toString(targets.shape()) + " must have the same shape");
        }
        io.jkeras.backend.Backend be = logits.backend();
        int cols = logits.dim(-1);
        int rows = logits.size() / Math.max(1, cols);
        int[] rowShape = java.util.Arrays.copyOf(logits.shape(), logits.rank() - 1);
        Tensor logProb = be.allocate(logits.shape());
        be.logSoftmax(logits, logProb);
        Tensor prod = be.allocate(logits.shape());
        be.binary(io.jkeras.backend.BinaryOp.MUL, targets, logProb, prod);
        Tensor loss = be.allocate(rowShape);
        be.reduce(io.jkeras.backend.ReduceOp.SUM, prod, rows, cols, 1, loss);
        be.affine(loss, -1f, 0f, loss);
        prod.close();
        if (Tape.recording(logits, targets)) {
            Tape.record(loss, new Tensor[] {logits, targets}, dy -> {
                Tensor dyCol = dy.reshape(rows, 1);
                Tensor dLogits = null;
                Tensor dTargets = null;
                if (MathOps.needsGrad(logits)) {
                    Tensor p = be.allocate(logits.shape());
                    be.softmax(logits, p);
                    Tensor mass = be.allocate(rows, 1);
                    be.reduce(io.jkeras.backend.ReduceOp.SUM, targets, rows, cols, 1, mass);
                    Tensor scaled = be.allocate(logits.shape());
                    be.binary(io.jkeras.backend.BinaryOp.MUL, p.reshape(rows, cols), mass, scaled);
                    be.binary(io.jkeras.backend.BinaryOp.SUB, scaled, targets, scaled);
                    dLogits = be.allocate(logits.shape());
                    be.binary(io.jkeras.backend.BinaryOp.MUL, scaled.reshape(rows, cols), dyCol, dLogits);
                    p.close();
                    mass.close();
                    scaled.close();
                }
                if (MathOps.needsGrad(targets)) {
                    dTargets = be.allocate(targets.shape());
                    be.binary(io.jkeras.backend.BinaryOp.MUL, logProb.reshape(rows, cols), dyCol, dTargets);
                    be.affine(dTargets, -1f, 0f, dTargets);
                }
                dyCol.close();
                return new Tensor[] {dLogits, dTargets};
            });
        } else {
            logProb.close();
        }
        return loss;
    }

    /**
     * Inverted dropout with a counter-based mask: the backward pass redraws the same mask
     * from {@code seed} rather than storing it.
     */
    public static Tensor dropout(Tensor x, float rate, long seed) {
        if (rate <= 0f) {
            return MathOps.reshape(x, x.shape());
        }
        Tensor y = x.backend().allocate(x.shape());
        x.backend().dropout(x, rate, seed, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = dy.backend().allocate(dy.shape());
                dy.backend().dropout(dy, rate, seed, dx);
                return new Tensor[] {dx};
            });
        }
        return y;
    }
}
