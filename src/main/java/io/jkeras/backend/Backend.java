package io.jkeras.backend;

/**
 * The kernels one device provides. Everything above {@code io.jkeras.backend} computes
 * through this interface and never learns which device it runs on.
 *
 * <p>Conventions (after llm.c): outputs come after inputs in the argument list and are
 * allocated by the caller with the right shape; sizes are read from the tensors. Kernels
 * may run asynchronously; {@link #download} waits for the work before it. An output may
 * alias an input only in the elementwise kernels ({@code unary}, {@code binary} where the
 * aliased input has the output's shape, {@code binaryScalar}, optimizer updates): each
 * reads an element's inputs before it writes that element, and no other.
 */
public interface Backend extends AutoCloseable {

    Device device();

    /** The pool every tensor of this backend comes from. */
    MemoryPool pool();

    /** The stream new work and new blocks belong to (0 on the CPU). */
    default int currentStream() {
        return 0;
    }

    /** A tensor of {@code shape} from the pool, contents undefined. */
    default Tensor allocate(int... shape) {
        return Tensor.allocate(this, shape);
    }

    /** Host to device: {@code dst.size()} floats from {@code src[srcOffset..]}. */
    void upload(float[] src, int srcOffset, Tensor dst);

    /**
     * Host to device: rows {@code order[from..to)} of {@code src} (row-major, {@code rowSize}
     * floats a row) into {@code dst}, in that order; one transfer. A device gathers them into
     * {@code staging} (at least {@code (to - from) * rowSize} floats) and uploads that; a host
     * backend writes them straight into dst.
     */
    default void uploadRows(float[] src, int rowSize, int[] order, int from, int to, float[] staging, Tensor dst) {
        for (int i = from; i < to; i++) {
            System.arraycopy(src, order[i] * rowSize, staging, (i - from) * rowSize, rowSize);
        }
        upload(staging, 0, dst);
    }

    /** Device to host: all of {@code src} into {@code dst[dstOffset..]}. Waits for pending work. */
    void download(Tensor src, float[] dst, int dstOffset);

    /** Bytes and calls of host-to-device and device-to-host copies so far. */
    TransferStats transferStats();

    void fill(Tensor dst, float value);

    /** Copies {@code src} into {@code dst} of the same size (shapes may differ). */
    void copy(Tensor src, Tensor dst);

    // ---- elementwise -------------------------------------------------------------------

    void unary(UnaryOp op, float param, Tensor x, Tensor y);

    /** {@code dx = dy * f'(x)}; {@code x} and {@code y = f(x)} are both given so kernels can use either. */
    void unaryBackward(UnaryOp op, float param, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /** {@code out = a op b} with NumPy broadcasting; {@code out} has the broadcast shape. */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor out);

    /** {@code out = x op c}, or {@code c op x} when {@code scalarFirst}. */
    void binaryScalar(BinaryOp op, Tensor x, float c, boolean scalarFirst, Tensor out);

    /** {@code out = min(max(x, lo), hi)}. */
    void clip(Tensor x, float lo, float hi, Tensor out);

    /** {@code out = a * x + b}, elementwise with scalar a and b. */
    void affine(Tensor x, float a, float b, Tensor out);

    /** Broadcasts {@code x} to the shape of {@code out} (NumPy rules). */
    void broadcastTo(Tensor x, Tensor out);

    /** {@code out = condition != 0 ? a : b}, all of one shape. */
    void where(Tensor condition, Tensor a, Tensor b, Tensor out);

    // ---- reductions and layout ---------------------------------------------------------

    /**
     * Reduces the middle axis of {@code x} viewed as (outer, axisLength, inner); {@code out}
     * has outer * inner elements.
     */
    void reduce(ReduceOp op, Tensor x, int outer, int axisLength, int inner, Tensor out);

    /** {@code out = x} with axes permuted: {@code out.shape[i] == x.shape[perm[i]]}. */
    void transpose(Tensor x, int[] perm, Tensor out);

    /**
     * Copies a block along one axis: {@code x} and {@code out} are viewed as (outer, length,
     * inner); {@code length} elements of the axis are copied from position {@code xStart}
     * of {@code x} to position {@code outStart} of {@code out}.
     */
    void copyAxis(Tensor x, int xAxisLength, int xStart, Tensor out, int outAxisLength, int outStart,
                  int outer, int length, int inner);

    /** {@code out[i, labels[i]] = 1}, all else 0; labels hold class indices as floats. */
    void oneHot(Tensor labels, int classes, Tensor out);

    /** {@code out[i] = 1} if the score of class {@code targets[i]} is among the {@code k} largest of row i. */
    void inTopK(Tensor predictions, Tensor targets, int k, Tensor out);

    // ---- linear algebra and networks ---------------------------------------------------

    /**
     * {@code c = alpha * op(a) * op(b) + beta * c} on row-major matrices, where op transposes
     * when asked. a is (M, K) or (K, M) when transposed, b (K, N) or (N, K); c is (M, N).
     * Leading axes are flattened into rows.
     */
    void gemm(Tensor a, boolean transA, Tensor b, boolean transB, float alpha, float beta, Tensor c,
              int m, int n, int k);

    /**
     * A dense layer's forward pass: {@code z = x w + bias} for x viewed as (m, k), w (k, n) and
     * bias (n) or null, then {@code y = activation(z)} (with {@code param}, as {@link #unary})
     * when {@code activation} is not null; y may be z itself (inference keeps no z). Backends
     * fuse what they can (the bias into the GEMM's accumulator, the activation into its output
     * while it is still in cache); this default is the unfused sequence.
     */
    default void linear(Tensor x, Tensor w, Tensor bias, UnaryOp activation, float param, Tensor z, Tensor y,
                        int m, int n, int k) {
        if (bias != null) {
            broadcastTo(bias, z);
        }
        gemm(x, false, w, false, 1f, bias != null ? 1f : 0f, z, m, n, k);
        if (activation != null) {
            unary(activation, param, z, y);
        }
    }

    /**
     * The gradients of {@link #linear} from {@code dy}, the gradient of its output: with an
     * activation first {@code dz = dy * activation'(z)} (reading z and y as
     * {@link #unaryBackward}), without one dz must be dy itself and is only read; then
     * {@code dx = dz w^T} (m, k), {@code dw = x^T dz} (k, n) and {@code db} (n), the column
     * sums of dz. Any of dx, dw, db may be null: it is not computed. Backends fuse what they
     * can (the bias gradient into the weight gradient's GEMM); this default is the unfused
     * sequence.
     */
    default void linearBackward(Tensor x, Tensor w, UnaryOp activation, float param, Tensor z, Tensor y,
                                Tensor dy, Tensor dz, Tensor dx, Tensor dw, Tensor db, int m, int n, int k) {
        BackendChecks.linearBackward(x, w, activation, z, y, dy, dz, dx, dw, db, m, n, k);
        if (activation != null) {
            unaryBackward(activation, param, z, y, dy, dz);
        }
        if (dx != null) {
            gemm(dz, false, w, true, 1f, 0f, dx, m, k, n);
        }
        if (dw != null) {
            gemm(x, true, dz, false, 1f, 0f, dw, k, n, m);
        }
        if (db != null) {
            reduce(ReduceOp.SUM, dz, 1, m, n, db);
        }
    }

    /** Softmax over the last axis. */
    void softmax(Tensor x, Tensor y);

    /** {@code dx = y * (dy - sum(dy * y))} over the last axis. */
    void softmaxBackward(Tensor y, Tensor dy, Tensor dx);

    /** Log-softmax over the last axis. */
    void logSoftmax(Tensor x, Tensor y);

    /** {@code dx = dy - exp(y) * sum(dy)} over the last axis, with y the log-softmax. */
    void logSoftmaxBackward(Tensor y, Tensor dy, Tensor dx);

    void conv2d(Conv2DGeometry g, Tensor x, Tensor kernel, Tensor y);

    void conv2dBackwardInput(Conv2DGeometry g, Tensor dy, Tensor kernel, Tensor dx);

    void conv2dBackwardKernel(Conv2DGeometry g, Tensor x, Tensor dy, Tensor dKernel);

    void pool2d(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y);

    void pool2dBackward(PoolMode mode, Conv2DGeometry g, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /**
     * Batch normalisation in training mode over x viewed as (rows, channels): writes y, and
     * the batch mean and biased variance per channel.
     */
    void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, float epsilon, Tensor y, Tensor mean,
                           Tensor variance);

    /** Gradients of {@link #batchNormTraining}; reads the saved batch mean and variance. */
    void batchNormBackward(Tensor x, Tensor gamma, Tensor mean, Tensor variance, float epsilon, Tensor dy,
                           Tensor dx, Tensor dGamma, Tensor dBeta);

    /**
     * Inverted dropout with a counter-based generator: element i is kept when
     * {@code uniform(seed, i) >= rate} and scaled by {@code 1 / (1 - rate)}. The same seed
     * gives the same mask on every backend, so the backward pass recomputes it.
     */
    void dropout(Tensor x, float rate, long seed, Tensor y);

    // ---- optimizer updates (one fused kernel each; state tensors updated in place) ------

    void sgdUpdate(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, boolean nesterov);

    void rmspropUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float rho, float epsilon);

    void adagradUpdate(Tensor param, Tensor grad, Tensor accumulator, float lr, float epsilon);

    void adadeltaUpdate(Tensor param, Tensor grad, Tensor accumulator, Tensor deltaAccumulator, float lr,
                        float rho, float epsilon);

    /**
     * Adam as Keras 2.3: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lrT m / (sqrt(vHat or v) + eps)}; {@code vHat} (AMSGrad) may be null.
     */
    void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, Tensor vHat, float lrT, float beta1,
                    float beta2, float epsilon);

    void adamaxUpdate(Tensor param, Tensor grad, Tensor m, Tensor u, float lrT, float beta1, float beta2,
                      float epsilon);

    /**
     * Nadam as Keras 2.3 with host-computed schedule terms: {@code gPrime = g / (1 - mScheduleNew)},
     * {@code mHat = m / (1 - mScheduleNext)}, {@code vHat = v / (1 - beta2^t)},
     * {@code p -= lr * ((1 - muT) gPrime + muNext mHat) / (sqrt(vHat) + eps)}.
     */
    void nadamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2,
                     float epsilon, float muT, float muNext, float mScheduleNew, float mScheduleNext,
                     float beta2PowT);

    /** Waits until all queued work is done. */
    void synchronize();

    @Override
    void close();
}
