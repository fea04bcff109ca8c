package io.jkeras.backend;

import java.util.Arrays;

/**
 * The argument checks every backend makes before it runs a kernel, in one place so that all
 * backends refuse the same calls with the same messages. Each throws
 * {@link IllegalArgumentException} naming the kernel, the argument, what it expected and
 * what it got.
 */
public final class BackendChecks {
    private BackendChecks() {
    }

    public static void sameSize(Tensor a, Tensor b, String what) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(what + ": tensors of " + a.size() + " and " + b.size()
                    + " elements (" + a + ", " + b + ")");
        }
    }

    public static void checkSize(Tensor t, long expected, String what, String role) {
        if (t.size() != expected) {
            throw new IllegalArgumentException(what + ": the " + role + " " + t + " has " + t.size()
                    + " elements, the geometry needs " + expected);
        }
    }

    /** Checks that a and b broadcast to a shape of out's size; returns that shape. */
    public static int[] binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int[] expected = Shapes.broadcast(a.shape(), b.shape());
        if (expected == null || Shapes.size(expected) != out.size()) {
            throw new IllegalArgumentException(op + ": shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " do not broadcast to " + Arrays.toString(out.shape()));
        }
        return expected;
    }

    public static void broadcastTo(Tensor x, Tensor out) {
        int[] expected = Shapes.broadcast(x.shape(), out.shape());
        if (expected == null || !Arrays.equals(expected, out.shape())) {
            throw new IllegalArgumentException("Cannot broadcast " + Arrays.toString(x.shape()) + " to "
                    + Arrays.toString(out.shape()));
        }
    }

    public static void reduce(Tensor x, int outer, int axisLength, int inner, Tensor out) {
        if ((long) outer * axisLength * inner != x.size() || (long) outer * inner != out.size()) {
            throw new IllegalArgumentException("reduce: (" + outer + ", " + axisLength + ", " + inner
                    + ") does not match input " + x + " and output " + out);
        }
    }

    public static void gemm(Tensor a, Tensor b, Tensor c, int m, int n, int k) {
        if ((long) m * k != a.size() || (long) k * n != b.size() || (long) m * n != c.size()) {
            throw new IllegalArgumentException("gemm (" + m + "x" + k + ")x(" + k + "x" + n + ") does not match "
                    + a + ", " + b + ", " + c);
        }
    }

    /** The operands of {@link Backend#linear}: y is needed (and z-sized) only with an activation. */
    public static void linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation, Tensor z, Tensor y, int m, int n,
                              int k) {
        gemm(x, w, z, m, n, k);
        if (bias != null && bias.size() != n) {
            throw new IllegalArgumentException("linear: the bias " + bias + " must hold " + n + " values");
        }
        if (activation != null && y == null) {
            throw new IllegalArgumentException("linear: an activation needs an output tensor y, got null");
        }
        if (y != null && y.size() != z.size()) {
            throw new IllegalArgumentException("linear: the activation output " + y + " must be the size of " + z);
        }
    }

    /**
     * The operands of {@link Backend#linearBackward}: every (m, n) tensor the size of z, dz
     * being dy itself without an activation; dx, dw and db, where given, the size of x, w and
     * one row of z.
     */
    public static void linearBackward(Tensor x, Tensor w, UnaryOp activation, Tensor z, Tensor y, Tensor dy,
                                      Tensor dz, Tensor dx, Tensor dw, Tensor db, int m, int n, int k) {
        gemm(x, w, z, m, n, k);
        sameSize(z, dy, "linear backward");
        sameSize(z, dz, "linear backward");
        if (activation == null && dz != dy) {
            throw new IllegalArgumentException("linear backward: without an activation dz must be dy itself, got "
                    + dz + " and " + dy);
        }
        if (activation != null) {
            sameSize(z, y, "linear backward");
        }
        if (dx != null) {
            sameSize(x, dx, "linear backward");
        }
        if (dw != null) {
            sameSize(w, dw, "linear backward");
        }
        if (db != null && db.size() != n) {
            throw new IllegalArgumentException("linear backward: the bias gradient " + db + " must hold " + n
                    + " values");
        }
    }

    /** x is the input (batch, inH, inW, inC), y the output (batch, outH, outW, outC) of the geometry. */
    public static void conv(Conv2DGeometry g, Tensor x, Tensor kernel, Tensor y, String what) {
        checkSize(x, (long) g.batch() * g.inH() * g.inW() * g.inChannels(), what, "input");
        checkSize(kernel, (long) g.kernelH() * g.kernelW() * g.inChannels() * g.outChannels(), what, "kernel");
        checkSize(y, (long) g.batch() * g.outH() * g.outW() * g.outChannels(), what, "output");
    }

    public static void pool(Conv2DGeometry g, Tensor x, Tensor y, String what) {
        checkSize(x, (long) g.batch() * g.inH() * g.inW() * g.inChannels(), what, "input");
        checkSize(y, (long) g.batch() * g.outH() * g.outW() * g.inChannels(), what, "output");
    }

    /** Returns the channel count: the last axis of x, the size of every per-channel tensor. */
    public static int batchNorm(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor variance, Tensor y) {
        int channels = x.rank() == 0 ? 1 : x.dim(-1);
        if (channels == 0) {
            throw new IllegalArgumentException("batchnorm: the input " + x + " has no channels");
        }
        sameSize(x, y, "batchnorm");
        for (Tensor t : new Tensor[] {gamma, beta, mean, variance}) {
            checkSize(t, channels, "batchnorm", "per-channel tensor");
        }
        return channels;
    }
}
