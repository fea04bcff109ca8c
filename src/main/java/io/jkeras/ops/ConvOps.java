package io.jkeras.ops;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.Tensor;
import java.util.Arrays;

/**
 * Differentiable 2D convolution, pooling and batch normalisation over channels_last (NHWC)
 * tensors. Padding follows TensorFlow ({@link Conv2DGeometry#of}); kernels are laid out as
 * Keras stores them, (kernelH, kernelW, inChannels, outChannels).
 */
public final class ConvOps {
    private ConvOps() {
    }

    /** The outputs of a training-mode batch normalisation: the normalised tensor and the batch statistics. */
    public record BatchNormOutput(Tensor output, Tensor mean, Tensor variance) {
    }

    /**
     * Convolution of x (batch, h, w, inC) with kernel (kh, kw, inC, outC); "same" padding when
     * {@code samePadding}, else "valid".
     */
    public static Tensor conv2d(Tensor x, Tensor kernel, int strideH, int strideW, boolean samePadding,
                                int dilationH, int dilationW) {
        if (x.rank() != 4 || kernel.rank() != 4 || kernel.dim(2) != x.dim(3)) {
            throw new IllegalArgumentException("conv2d needs an input (batch, rows, cols, channels) and a kernel"
                    + " (rows, cols, in_channels, out_channels) with in_channels == channels, got input "
                    + Arrays.toString(x.shape()) + " and kernel " + Arrays.toString(kernel.shape()));
        }
        checkPositive("strides", strideH, strideW);
        checkPositive("dilation", dilationH, dilationW);
        Conv2DGeometry g = Conv2DGeometry.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), kernel.dim(3),
                kernel.dim(0), kernel.dim(1), strideH, strideW, samePadding, dilationH, dilationW);
        checkOutput("conv2d", g, x);
        Backend be = x.backend();
        Tensor y = be.allocate(g.batch(), g.outH(), g.outW(), g.outChannels());
        be.conv2d(g, x, kernel, y);
        if (Tape.recording(x, kernel)) {
            Tape.record(y, new Tensor[] {x, kernel}, dy -> {
                Tensor dx = null;
                Tensor dk = null;
                if (MathOps.needsGrad(x)) {
                    dx = be.allocate(x.shape());
                    be.conv2dBackwardInput(g, dy, kernel, dx);
                }
                if (MathOps.needsGrad(kernel)) {
                    dk = be.allocate(kernel.shape());
                    be.conv2dBackwardKernel(g, x, dy, dk);
                }
                return new Tensor[] {dx, dk};
            });
        }
        return y;
    }

    public static Tensor conv2d(Tensor x, Tensor kernel, int stride, boolean samePadding) {
        return conv2d(x, kernel, stride, stride, samePadding, 1, 1);
    }

    /**
     * Max or average pooling of x (batch, h, w, channels) over (poolH, poolW) windows; with
     * "same" padding, padded cells are ignored (never the maximum, not counted in the average).
     */
    public static Tensor pool2d(PoolMode mode, Tensor x, int poolH, int poolW, int strideH, int strideW,
                                boolean samePadding) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("pool2d needs an input (batch, rows, cols, channels), got "
                    + Arrays.toString(x.shape()));
        }
        checkPositive("pool size", poolH, poolW);
        checkPositive("strides", strideH, strideW);
        Conv2DGeometry g = Conv2DGeometry.of(x.dim(0), x.dim(1), x.dim(2), x.dim(3), x.dim(3), poolH, poolW,
                strideH, strideW, samePadding, 1, 1);
        checkOutput("pool2d", g, x);
        Backend be = x.backend();
        Tensor y = be.allocate(g.batch(), g.outH(), g.outW(), g.outChannels());
        be.pool2d(mode, g, x, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = be.allocate(x.shape());
                be.pool2dBackward(mode, g, x, y, dy, dx);
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /**
     * Training-mode batch normalisation over the last axis: every other axis is reduced, the
     * output is {@code (x - mean) / sqrt(var + epsilon) * gamma + beta} with the batch mean and
     * biased variance, which are returned beside it (not differentiable). A null gamma means
     * 1 (no scale), a null beta 0 (no centre).
     */
    public static BatchNormOutput batchNorm(Tensor x, Tensor gamma, Tensor beta, float epsilon) {
        if (x.rank() == 0) {
            throw new IllegalArgumentException("batchNorm needs an input with a channel axis, got a scalar");
        }
        Backend be = x.backend();
        int channels = x.dim(-1);
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null && p.size() != channels) {
                throw new IllegalArgumentException("batchNorm: gamma and beta need " + channels
                        + " values (the last axis of the input " + Arrays.toString(x.shape()) + "), got "
                        + Arrays.toString(p.shape()));
            }
        }
        Tensor g = gamma != null ? gamma : MathOps.full(be, 1f, channels);
        Tensor b = beta != null ? beta : MathOps.zeros(be, channels);
        Tensor y = be.allocate(x.shape());
        Tensor mean = be.allocate(channels);
        Tensor variance = be.allocate(channels);
        be.batchNormTraining(x, g, b, epsilon, y, mean, variance);
        if (Tape.recording(x, gamma, beta)) {
            Tape.record(y, new Tensor[] {x, gamma, beta}, dy -> {
                Tensor dx = be.allocate(x.shape());
                Tensor dGamma = be.allocate(channels);
                Tensor dBeta = be.allocate(channels);
                be.batchNormBackward(x, g, mean, variance, epsilon, dy, dx, dGamma, dBeta);
                if (gamma == null) {
                    dGamma.close();
                    dGamma = null;
                }
                if (beta == null) {
                    dBeta.close();
                    dBeta = null;
                }
                return new Tensor[] {dx, dGamma, dBeta};
            });
        } else {
            // the stand-ins for gamma and beta are read by the gradient rule only
            if (gamma == null) {
                g.close();
            }
            if (beta == null) {
                b.close();
            }
        }
        return new BatchNormOutput(y, mean, variance);
    }

    private static void checkPositive(String what, int a, int b) {
        if (a <= 0 || b <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got (" + a + ", " + b + ")");
        }
    }

    private static void checkOutput(String op, Conv2DGeometry g, Tensor x) {
        if (g.outH() <= 0 || g.outW() <= 0) {
            throw new IllegalArgumentException(op + ": a (" + g.kernelH() + ", " + g.kernelW() + ") window with"
                    + " dilation (" + g.dilationH() + ", " + g.dilationW() + ") does not fit the input "
                    + Arrays.toString(x.shape()) + " without padding");
        }
    }
}
