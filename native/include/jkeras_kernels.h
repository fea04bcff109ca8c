/*
 * jkeras_kernels.h - the contract between the CUDA kernels in native/kernels/ and the Java
 * CUDA backend (io.jkeras.backend.cuda), which launches them by name through the driver API
 * (cuModuleGetFunction + cuLaunchKernel with a packed argument block).
 *
 * This file is the single source of truth for every kernel's name, argument order and
 * argument types; the Java side mirrors it in CudaKernels, and CudaKernelsAbiTest parses this
 * file to check that the two agree. Change both, or neither.
 *
 * Conventions
 * - Every kernel is extern "C" (plain names for cuModuleGetFunction) and named
 *   <op>_<direction>_kernel, after the Backend SPI method it serves.
 * - Tensors are float32, contiguous, row-major device pointers. Outputs come after inputs,
 *   scalars after tensors, sizes last (llm.c's order).
 * - Element counts are long long (8 bytes); other sizes int (4 bytes). Struct arguments are
 *   passed by value with natural C alignment (all members int).
 * - Launch configuration, unless a kernel says otherwise: blockDim.x = 256 and a grid-stride
 *   loop over the kernel's work items, gridDim.x = min(ceil(items / 256), 4096).
 *   "Per-row" kernels (REDUCE, SOFTMAX, BATCHNORM_STATS) are launched with one block of 256
 *   threads per output row/column, as each says.
 * - Results must match the CPU backend (io.jkeras.backend.cpu) within float32 tolerance;
 *   the CPU kernels are the reference.
 */
#ifndef JKERAS_KERNELS_H
#define JKERAS_KERNELS_H

#define JK_MAX_RANK 6

/* NumPy broadcasting reduced to few axes (see io.jkeras.backend.cpu.BroadcastPlan): output
 * element with multi-index i (over dims) reads a[sum i_k * a_strides[k]] and b[sum i_k * b_strides[k]];
 * a stride of 0 broadcasts. rank 0 means a scalar output. 76 bytes. */
typedef struct {
    int rank;
    int dims[JK_MAX_RANK];
    int a_strides[JK_MAX_RANK];
    int b_strides[JK_MAX_RANK];
} jk_broadcast;

/* out[j] = x[index of out j with axes permuted]: out.dims[k] = in_dims[perm[k]]. 52 bytes. */
typedef struct {
    int rank;
    int in_dims[JK_MAX_RANK];
    int perm[JK_MAX_RANK];
} jk_transpose;

/* A 2D window over NHWC images (io.jkeras.backend.Conv2DGeometry, same order). For pooling
 * out_c == in_c. Kernels are (k_h, k_w, in_c, out_c). 60 bytes. */
typedef struct {
    int batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h, stride_w, pad_top, pad_left, dil_h, dil_w;
} jk_conv2d;

#ifdef __cplusplus
extern "C" {
#endif

/* ---- elementwise unary: one pair per io.jkeras.backend.UnaryOp, <op> = the enum name in lower case:
 *      neg abs sign square sqrt exp log log1p reciprocal round relu leaky_relu sigmoid tanh elu selu
 *      softplus softsign hard_sigmoid swish gelu
 *   <op>_forward_kernel(const float* x, float* y, float param, long long n)
 *   <op>_backward_kernel(const float* x, const float* y, const float* dy, float* dx, float param, long long n)
 * param is ELU's alpha / LeakyReLU's slope, unused otherwise. y may alias x (forward) and dx may
 * alias dy (backward). */
#define JK_UNARY(op) \
    __global__ void op##_forward_kernel(const float* x, float* y, float param, long long n); \
    __global__ void op##_backward_kernel(const float* x, const float* y, const float* dy, float* dx, float param, long long n);

/* ---- elementwise binary: one pair per io.jkeras.backend.BinaryOp, <op> lower case:
 *      add sub mul div maximum minimum pow equal greater greater_equal less less_equal
 *   <op>_binary_kernel(const float* a, const float* b, float* out, long long n, jk_broadcast bc)   n = out size
 *   <op>_scalar_kernel(const float* x, float c, int scalar_first, float* out, long long n)
 * comparisons give 1.0f or 0.0f; out may alias an input of the same shape. */
#define JK_BINARY(op) \
    __global__ void op##_binary_kernel(const float* a, const float* b, float* out, long long n, jk_broadcast bc); \
    __global__ void op##_scalar_kernel(const float* x, float c, int scalar_first, float* out, long long n);

JK_UNARY(neg) JK_UNARY(abs) JK_UNARY(sign) JK_UNARY(square) JK_UNARY(sqrt) JK_UNARY(exp) JK_UNARY(log)
JK_UNARY(log1p) JK_UNARY(reciprocal) JK_UNARY(round) JK_UNARY(relu) JK_UNARY(leaky_relu) JK_UNARY(sigmoid)
JK_UNARY(tanh) JK_UNARY(elu) JK_UNARY(selu) JK_UNARY(softplus) JK_UNARY(softsign) JK_UNARY(hard_sigmoid)
JK_UNARY(swish) JK_UNARY(gelu)

JK_BINARY(add) JK_BINARY(sub) JK_BINARY(mul) JK_BINARY(div) JK_BINARY(maximum) JK_BINARY(minimum) JK_BINARY(pow)
JK_BINARY(equal) JK_BINARY(greater) JK_BINARY(greater_equal) JK_BINARY(less) JK_BINARY(less_equal)

/* ---- other elementwise */
__global__ void fill_kernel(float* dst, float value, long long n);
__global__ void clip_kernel(const float* x, float lo, float hi, float* out, long long n);
__global__ void affine_kernel(const float* x, float a, float b, float* out, long long n);        /* a*x + b */
__global__ void where_kernel(const float* cond, const float* a, const float* b, float* out, long long n);
__global__ void broadcast_kernel(const float* x, float* out, long long n, jk_broadcast bc);      /* reads a_strides */

/* ---- reductions of x viewed as (outer, len, inner) into out (outer, inner).
 * Launch: gridDim.x = outer * inner blocks (one per output), blockDim.x = 256; each block
 * reduces its len values with a block-wide tree. ARGMAX writes the first index of the maximum
 * as a float. MEAN divides by len. */
__global__ void reduce_sum_kernel(const float* x, float* out, int outer, int len, int inner);
__global__ void reduce_mean_kernel(const float* x, float* out, int outer, int len, int inner);
__global__ void reduce_max_kernel(const float* x, float* out, int outer, int len, int inner);
__global__ void reduce_min_kernel(const float* x, float* out, int outer, int len, int inner);
__global__ void reduce_argmax_kernel(const float* x, float* out, int outer, int len, int inner);

/* ---- layout */
__global__ void transpose_kernel(const float* x, float* out, long long n, jk_transpose t);
/* x and out viewed as (outer, x_len, inner) and (outer, out_len, inner): copies axis positions
 * [x_start, x_start + length) of x to [out_start, ...) of out. Items: outer * length * inner. */
__global__ void copy_axis_kernel(const float* x, int x_len, int x_start, float* out, int out_len, int out_start,
                                 int outer, int length, int inner);
/* out (n, classes) = one-hot of labels (class indices stored as floats, already checked on the host). */
__global__ void one_hot_kernel(const float* labels, float* out, int n, int classes);
/* out[i] = 1 when fewer than k classes score strictly higher than class targets[i] (TensorFlow's
 * in_top_k; non-finite target scores give 0). One thread per row. */
__global__ void in_top_k_kernel(const float* predictions, const float* targets, float* out, int n, int classes, int k);

/* ---- softmax over the last axis of (rows, cols). Launch: gridDim.x = rows, blockDim.x = 256. */
__global__ void softmax_forward_kernel(const float* x, float* y, int rows, int cols);
__global__ void softmax_backward_kernel(const float* y, const float* dy, float* dx, int rows, int cols);      /* y (dy - sum(dy y)) */
__global__ void log_softmax_forward_kernel(const float* x, float* y, int rows, int cols);
__global__ void log_softmax_backward_kernel(const float* y, const float* dy, float* dx, int rows, int cols);  /* dy - exp(y) sum(dy) */

/* ---- convolution by im2col + cuBLAS GEMM, for images [image0, image0 + images) of the batch.
 * col has (images * out_h * out_w) rows of (k_h * k_w * in_c) values, ordered (kh, kw, c) like the
 * kernel's rows, zero where the window reads padding. col2im is the adjoint: dx gets the sum of
 * every col entry that reads it (gather form, no atomics); it writes, not accumulates, the rows
 * of its images. Items: im2col images * out_h * out_w * k_h * k_w * in_c; col2im images * in_h * in_w * in_c. */
__global__ void im2col_kernel(const float* x, float* col, jk_conv2d g, int image0, int images);
__global__ void col2im_kernel(const float* col, float* dx, jk_conv2d g, int image0, int images);

/* ---- pooling over NHWC (padding as TensorFlow: max ignores padded cells, average counts only real
 * cells). Backward: dx is written whole (zeros where no window maps); max sends each window's
 * gradient to its first maximal cell (row-major within the window), recomputed from x and y. */
__global__ void max_pool2d_forward_kernel(const float* x, float* y, jk_conv2d g);
__global__ void max_pool2d_backward_kernel(const float* x, const float* y, const float* dy, float* dx, jk_conv2d g);
__global__ void avg_pool2d_forward_kernel(const float* x, float* y, jk_conv2d g);
__global__ void avg_pool2d_backward_kernel(const float* dy, float* dx, jk_conv2d g);

/* ---- batch normalisation of x viewed as (rows, channels).
 * stats: per channel mean and BIASED variance; launch gridDim.x = channels, blockDim.x = 256.
 * forward: y = (x - mean) * rsqrt(var + eps) * gamma + beta (elementwise, items rows * channels).
 * backward_reduce: per channel dgamma = sum(dy * xhat), dbeta = sum(dy); launch gridDim.x = channels.
 * backward: dx = gamma * rsqrt(var + eps) / rows * (rows * dy - dbeta - xhat * dgamma) (elementwise). */
__global__ void batchnorm_stats_kernel(const float* x, float* mean, float* var, int rows, int channels);
__global__ void batchnorm_forward_kernel(const float* x, const float* gamma, const float* beta, const float* mean,
                                         const float* var, float eps, float* y, int rows, int channels);
__global__ void batchnorm_backward_reduce_kernel(const float* x, const float* dy, const float* mean, const float* var,
                                                 float eps, float* dgamma, float* dbeta, int rows, int channels);
__global__ void batchnorm_backward_kernel(const float* x, const float* gamma, const float* mean, const float* var,
                                          float eps, const float* dy, const float* dgamma, const float* dbeta,
                                          float* dx, int rows, int channels);

/* ---- inverted dropout with io.jkeras.backend.CounterRng: element i is kept when
 * uniform(seed, i) >= rate (SplitMix64 of seed + (i + 1) * 0x9E3779B97F4A7C15, top 24 bits),
 * and scaled by 1 / (1 - rate). Must reproduce the CPU mask bit for bit. */
__global__ void dropout_forward_kernel(const float* x, float* y, float rate, unsigned long long seed, long long n);

/* ---- optimizer updates (Keras 2.3 rules, see io.jkeras.backend.Backend and cpu.CpuOptimizers),
 * all state updated in place, one thread per weight. */
__global__ void sgd_update_kernel(float* p, const float* g, float lr, long long n);
__global__ void sgd_momentum_update_kernel(float* p, const float* g, float* v, float lr, float momentum, int nesterov,
                                           long long n);
__global__ void rmsprop_update_kernel(float* p, const float* g, float* acc, float lr, float rho, float eps, long long n);
__global__ void adagrad_update_kernel(float* p, const float* g, float* acc, float lr, float eps, long long n);
__global__ void adadelta_update_kernel(float* p, const float* g, float* acc, float* delta, float lr, float rho,
                                       float eps, long long n);
__global__ void adam_update_kernel(float* p, const float* g, float* m, float* v, float lr_t, float beta1, float beta2,
                                   float eps, long long n);
__global__ void adam_amsgrad_update_kernel(float* p, const float* g, float* m, float* v, float* v_hat, float lr_t,
                                           float beta1, float beta2, float eps, long long n);
__global__ void adamax_update_kernel(float* p, const float* g, float* m, float* u, float lr_t, float beta1, float beta2,
                                     float eps, long long n);
__global__ void nadam_update_kernel(float* p, const float* g, float* m, float* v, float lr, float beta1, float beta2,
                                    float eps, float mu_t, float mu_next, float m_schedule_new, float m_schedule_next,
                                    float beta2_pow_t, long long n);

/* ---- version check: writes JK_KERNELS_VERSION to out[0]; the Java side refuses a fatbin of another version. */
#define JK_KERNELS_VERSION 1
__global__ void kernels_version_kernel(int* out);

#ifdef __cplusplus
}
#endif
#endif
