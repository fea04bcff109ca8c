package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.Cudnn.check;
import static org.bytedeco.cuda.global.cudnn.CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING;
import static org.bytedeco.cuda.global.cudnn.CUDNN_POOLING_MAX_DETERMINISTIC;
import static org.bytedeco.cuda.global.cudnn.CUDNN_PROPAGATE_NAN;
import static org.bytedeco.cuda.global.cudnn.cudnnCreatePoolingDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyPoolingDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnPoolingBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnPoolingForward;
import static org.bytedeco.cuda.global.cudnn.cudnnSetPooling2dDescriptor;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.Tensor;
import org.bytedeco.cuda.cudnn.cudnnPoolingStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * MaxPooling2D and AveragePooling2D, forward and backward, on cuDNN over NHWC tensors, with
 * Keras's semantics: a padded cell is never the maximum ({@code CUDNN_POOLING_MAX_DETERMINISTIC},
 * NaN propagated as Java's Math.max does) and is not counted in an average
 * ({@code CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING}). Descriptors are made once per
 * (mode, geometry) and kept.
 *
 * <p>As for convolutions, cuDNN pads both sides of an axis alike, so a "same" geometry with
 * its odd padding pixel at the bottom or right returns false and stays on our kernels.
 *
 * <p>The max-pooling gradient stays on our kernel: the Backend contract sends a window's
 * gradient to the first cell, in row-major order, that holds its maximum (as the CPU and
 * TensorFlow do), and ties are common (the zeros after a ReLU), while cuDNN does not say
 * which tied cell it picks. The forward maximum is a selection, the same on both. Global
 * average pooling is a mean over the image axes ({@code reduce}), not a pooling call, and
 * stays on our reduction kernel.
 */
final class CudnnPool extends CudnnOp<CudnnPool.Key, CudnnPool.Plan> {
    record Key(PoolMode mode, Conv2DGeometry g) {
    }

    static final class Plan implements CudnnPlans.Plan {
        final cudnnPoolingStruct pooling = new cudnnPoolingStruct();
        cudnnTensorStruct x;
        cudnnTensorStruct y;

        @Override
        public void close() {
            Cudnn.destroy(x);
            Cudnn.destroy(y);
            if (!pooling.isNull()) {
                cudnnDestroyPoolingDescriptor(pooling);
                pooling.setNull();
            }
        }
    }

    CudnnPool(Cudnn dnn) {
        super(dnn, "pooling");
    }

    /** Whether cuDNN's symmetric padding gives the output size of {@code g}. */
    static boolean expressible(Conv2DGeometry g) {
        return g.batch() > 0 && g.inChannels() > 0 && g.outH() > 0 && g.outW() > 0
                && g.padTop() < g.kernelH() && g.padLeft() < g.kernelW()
                && CudnnConvPlan.cudnnOutput(g.inH(), g.padTop(), g.kernelH(), g.strideH()) == g.outH()
                && CudnnConvPlan.cudnnOutput(g.inW(), g.padLeft(), g.kernelW(), g.strideW()) == g.outW();
    }

    boolean forward(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y) {
        synchronized (dnn) {
            Plan p = plan(mode, g);
            if (p == null) {
                return false;
            }
            check(cudnnPoolingForward(dnn.handle(), p.pooling, dnn.one(), p.x, new DevicePointer(x.address()),
                    dnn.zero(), p.y, new DevicePointer(y.address())), "cudnnPoolingForward");
            ran();
            return true;
        }
    }

    /** The average-pooling gradient; false for max pooling (see above) and geometries cuDNN does not run. */
    boolean backward(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        if (mode == PoolMode.MAX) {
            return false;
        }
        synchronized (dnn) {
            Plan p = plan(mode, g);
            if (p == null) {
                return false;
            }
            check(cudnnPoolingBackward(dnn.handle(), p.pooling, dnn.one(), p.y, new DevicePointer(y.address()), p.y,
                    new DevicePointer(dy.address()), p.x, new DevicePointer(x.address()), dnn.zero(), p.x,
                    new DevicePointer(dx.address())), "cudnnPoolingBackward");
            ran();
            return true;
        }
    }

    private Plan plan(PoolMode mode, Conv2DGeometry g) {
        return plan(new Key(mode, g), k -> expressible(g) ? newPlan(mode, g) : null);
    }

    private static Plan newPlan(PoolMode mode, Conv2DGeometry g) {
        Plan p = new Plan();
        try {
            check(cudnnCreatePoolingDescriptor(p.pooling), "cudnnCreatePoolingDescriptor");
            int m = mode == PoolMode.MAX ? CUDNN_POOLING_MAX_DETERMINISTIC : CUDNN_POOLING_AVERAGE_COUNT_EXCLUDE_PADDING;
            check(cudnnSetPooling2dDescriptor(p.pooling, m, CUDNN_PROPAGATE_NAN, g.kernelH(), g.kernelW(),
                    g.padTop(), g.padLeft(), g.strideH(), g.strideW()), "cudnnSetPooling2dDescriptor");
            p.x = Cudnn.tensorNhwc(g.batch(), g.inChannels(), g.inH(), g.inW());
            p.y = Cudnn.tensorNhwc(g.batch(), g.inChannels(), g.outH(), g.outW());
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

}
