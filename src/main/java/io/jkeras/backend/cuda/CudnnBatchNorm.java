package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.Cudnn.check;
import static org.bytedeco.cuda.global.cudnn.CUDNN_BATCHNORM_SPATIAL;
import static org.bytedeco.cuda.global.cudnn.CUDNN_BN_MIN_EPSILON;
import static org.bytedeco.cuda.global.cudnn.cudnnBatchNormalizationBackward;
import static org.bytedeco.cuda.global.cudnn.cudnnBatchNormalizationForwardTraining;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.MemoryPool;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.UnaryOp;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;

/**
 * Training-mode batch normalisation and its gradient on cuDNN ({@code CUDNN_BATCHNORM_SPATIAL}:
 * one mean and variance per channel over every other axis), mapped onto the Backend
 * contract, which is not cuDNN's:
 * <ul>
 *   <li>The contract returns the batch mean and the <em>biased</em> batch variance (divided
 *       by the row count n). cuDNN returns the mean (resultSaveMean) and
 *       1 / sqrt(var + epsilon) (resultSaveInvVariance), and updates a running variance
 *       with the <em>unbiased</em> variance (times n / (n - 1)). Going back from the inverse
 *       standard deviation, var = 1 / s^2 - epsilon, cancels badly when var is much smaller
 *       than epsilon (a dead channel could come out negative); so the running variance is
 *       used with an averaging factor of 1 (running = batch), starting from 0, and scaled
 *       by (n - 1) / n, which costs two roundings.</li>
 *   <li>So n = 1 (no unbiased variance) stays on our kernels, as does an epsilon below
 *       {@link #MIN_EPSILON}.</li>
 *   <li>The gradient takes the saved mean and variance, as the contract says (not cuDNN's
 *       recomputation from x): the inverse standard deviation is made from the variance
 *       first, with the CPU's roundings (var + eps, sqrt, reciprocal).</li>
 *   <li>Keras's moving statistics are the layer's business (its update uses
 *       n / (n - (1 + epsilon)), not cuDNN's n / (n - 1)), and inference mode is a few
 *       elementwise ops in the layer, so neither goes through here: cuDNN's inference call
 *       would need a Backend method of its own.</li>
 * </ul>
 * Inputs of rank 4 are described as NHWC (n, h, w, c), everything else as (rows, c, 1, 1):
 * the same bytes either way.
 *
 * <p>Why cuDNN here: our statistics kernels give each channel one block reading a strided
 * column, which for NHWC feature maps (few channels, many rows) leaves most of the GPU idle
 * and reads memory uncoalesced; cuDNN's kernels are written for exactly this layout. That is
 * reasoning, not a measurement: no GPU has timed the two yet.
 */
final class CudnnBatchNorm extends CudnnOp<CudnnBatchNorm.Shape, CudnnBatchNorm.Plan> {
    record Shape(int n, int c, int h, int w) {
    }

    static final class Plan implements CudnnPlans.Plan {
        cudnnTensorStruct x;
        cudnnTensorStruct params;

        @Override
        public void close() {
            Cudnn.destroy(x);
            Cudnn.destroy(params);
        }
    }

    /**
     * The smallest epsilon sent to cuDNN: the bindings' {@code CUDNN_BN_MIN_EPSILON} is 0 (the
     * 9.19 header), but cuDNN releases before it documented 1e-5, and the runtime library may
     * be older than the header; Keras's default is 1e-3.
     */
    static final double MIN_EPSILON = Math.max(CUDNN_BN_MIN_EPSILON, 1e-5);

    private final CudaBackend be;

    CudnnBatchNorm(CudaBackend be, Cudnn dnn) {
        super(dnn, "batch normalisation");
        this.be = be;
    }

    /** Whether cuDNN runs a batch of {@code rows} rows with this epsilon (see above). */
    static boolean fits(int rows, float epsilon) {
        return rows >= 2 && epsilon >= MIN_EPSILON;
    }

    /** The contract of {@code Backend.batchNormTraining}; false (nothing done) where cuDNN does not fit. */
    boolean training(Tensor x, Tensor gamma, Tensor beta, float epsilon, Tensor y, Tensor mean, Tensor variance,
                     int channels) {
        int rows = x.size() / channels;
        if (!fits(rows, epsilon)) {
            return false;
        }
        synchronized (dnn) {
            Plan p = plan(x, channels);
            MemoryPool.Block scratch = dnn.pool().allocate(8L * channels, CudaBackend.STREAM);
            try {
                // the running variance starts at 0, so with an averaging factor of 1 it ends as the batch's
                be.fill(variance, 0f);
                long runningMean = scratch.address();
                long invStd = scratch.address() + 4L * channels;
                check(cudnnBatchNormalizationForwardTraining(dnn.handle(), CUDNN_BATCHNORM_SPATIAL, dnn.one(),
                        dnn.zero(), p.x, ptr(x.address()), p.x, ptr(y.address()), p.params, ptr(gamma.address()),
                        ptr(beta.address()), 1.0, ptr(runningMean), ptr(variance.address()), epsilon,
                        ptr(mean.address()), ptr(invStd)), "cudnnBatchNormalizationForwardTraining");
                be.affine(variance, (float) ((rows - 1.0) / rows), 0f, variance);
            } finally {
                dnn.pool().free(scratch);
            }
            ran();
            return true;
        }
    }

    /** The contract of {@code Backend.batchNormBackward}; false (nothing done) where cuDNN does not fit. */
    boolean backward(Tensor x, Tensor gamma, Tensor mean, Tensor variance, float epsilon, Tensor dy, Tensor dx,
                     Tensor dGamma, Tensor dBeta, int channels) {
        int rows = x.size() / channels;
        if (!fits(rows, epsilon)) {
            return false;
        }
        synchronized (dnn) {
            Plan p = plan(x, channels);
            Tensor invStd = be.allocate(channels);
            try {
                be.affine(variance, 1f, epsilon, invStd);
                be.unary(UnaryOp.SQRT, 0f, invStd, invStd);
                be.binaryScalar(BinaryOp.DIV, invStd, 1f, true, invStd);
                check(cudnnBatchNormalizationBackward(dnn.handle(), CUDNN_BATCHNORM_SPATIAL, dnn.one(), dnn.zero(),
                        dnn.one(), dnn.zero(), p.x, ptr(x.address()), p.x, ptr(dy.address()), p.x, ptr(dx.address()),
                        p.params, ptr(gamma.address()), ptr(dGamma.address()), ptr(dBeta.address()), epsilon,
                        ptr(mean.address()), ptr(invStd.address())), "cudnnBatchNormalizationBackward");
            } finally {
                invStd.close();
            }
            ran();
            return true;
        }
    }

    private Plan plan(Tensor x, int channels) {
        Shape s = x.rank() == 4 && x.dim(3) == channels
                ? new Shape(x.dim(0), channels, x.dim(1), x.dim(2))
                : new Shape(x.size() / channels, channels, 1, 1);
        return plan(s, CudnnBatchNorm::newPlan);
    }

    private static Plan newPlan(Shape s) {
        Plan p = new Plan();
        try {
            p.x = Cudnn.tensorNhwc(s.n, s.c, s.h, s.w);
            p.params = Cudnn.tensorNchw(1, s.c, 1, 1);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static DevicePointer ptr(long address) {
        return new DevicePointer(address);
    }

}
