/*
 * elementwise.cu - one thread per element: the unary functions and their gradients, the
 * binary functions with broadcasting or a scalar operand, fill, clip, affine, where and
 * broadcast.
 *
 * Each function's formula is one struct with static __device__ functions, copied from the
 * CPU backend's ElementwiseMath (same expressions, same order of operations); a macro then
 * stamps out the extern "C" kernels with the names of jkeras_kernels.h, each a grid-stride
 * loop over that formula. A unary struct says which of x and y its backward reads, and the
 * kernel loads only those, so a caller may pass a null pointer for the other.
 *
 * Aliasing: y may be x, dx may be dy, out may be an input of its own shape; every element is
 * read before it is written by the same thread, and nothing else reads it.
 */
#include "jkeras_device.cuh"

/* ---- unary forward and backward formulas ------------------------------------------------ */

#define JK_READS(x_, y_) static constexpr bool kReadsX = x_, kReadsY = y_;

struct Neg {
    JK_READS(false, false)
    __device__ static float forward(float x, float) { return -x; }
    __device__ static float backward(float, float, float dy, float) { return -dy; }
};

struct Abs {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return fabsf(x); }
    __device__ static float backward(float x, float, float dy, float) { return dy * (jk_step(x) - jk_step(-x)); }
};

struct Sign {
    JK_READS(false, false)
    __device__ static float forward(float x, float) { return jk_step(x) - jk_step(-x); }
    __device__ static float backward(float, float, float, float) { return 0.0f; }
};

struct Square {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return x * x; }
    __device__ static float backward(float x, float, float dy, float) { return 2.0f * x * dy; }
};

struct Sqrt {
    JK_READS(false, true)
    __device__ static float forward(float x, float) { return sqrtf(x); }
    __device__ static float backward(float, float y, float dy, float) { return 0.5f * dy / y; }
};

struct Exp {
    JK_READS(false, true)
    __device__ static float forward(float x, float) { return expf(x); }
    __device__ static float backward(float, float y, float dy, float) { return dy * y; }
};

struct Log {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return logf(x); }
    __device__ static float backward(float x, float, float dy, float) { return dy / x; }
};

struct Log1p {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return log1pf(x); }
    __device__ static float backward(float x, float, float dy, float) { return dy / (1.0f + x); }
};

struct Reciprocal {
    JK_READS(false, true)
    __device__ static float forward(float x, float) { return 1.0f / x; }
    __device__ static float backward(float, float y, float dy, float) { return -dy * y * y; }
};

/* Math.rint: halves round to even. */
struct Round {
    JK_READS(false, false)
    __device__ static float forward(float x, float) { return rintf(x); }
    __device__ static float backward(float, float, float, float) { return 0.0f; }
};

struct Relu {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return jk_max(x, 0.0f); }
    __device__ static float backward(float x, float, float dy, float) { return dy * jk_step(x); }
};

/* p is the slope for x < 0. */
struct LeakyRelu {
    JK_READS(true, false)
    __device__ static float forward(float x, float p) { return jk_max(x, 0.0f) + p * jk_min(x, 0.0f); }
    __device__ static float backward(float x, float, float dy, float p) {
        float m = jk_step(x);
        return dy * (m + p * (1.0f - m));
    }
};

struct Sigmoid {
    JK_READS(false, true)
    __device__ static float forward(float x, float) { return jk_sigmoid(x); }
    __device__ static float backward(float, float y, float dy, float) { return dy * y * (1.0f - y); }
};

struct Tanh {
    JK_READS(false, true)
    __device__ static float forward(float x, float) { return tanhf(x); }
    __device__ static float backward(float, float y, float dy, float) { return dy * (1.0f - y * y); }
};

/* p is alpha; for x < 0 the gradient is y + alpha. */
struct Elu {
    JK_READS(true, true)
    __device__ static float forward(float x, float p) { return jk_max(x, 0.0f) + p * expm1f(jk_min(x, 0.0f)); }
    __device__ static float backward(float x, float y, float dy, float p) {
        float m = jk_step(x);
        return dy * (m + (1.0f - m) * (y + p));
    }
};

/* SELU's constants as io.jkeras.backend.UnaryOp.SELU_ALPHA / SELU_SCALE. */
#define JK_SELU_ALPHA 1.6732632423543772848170429916717f
#define JK_SELU_SCALE 1.0507009873554804934193349852946f

struct Selu {
    JK_READS(true, true)
    __device__ static float forward(float x, float) {
        return JK_SELU_SCALE * (jk_max(x, 0.0f) + JK_SELU_ALPHA * expm1f(jk_min(x, 0.0f)));
    }
    __device__ static float backward(float x, float y, float dy, float) {
        float m = jk_step(x);
        return dy * (m * JK_SELU_SCALE + (1.0f - m) * (y + JK_SELU_SCALE * JK_SELU_ALPHA));
    }
};

/* log(1 + e^x) as max(x, 0) + log1p(e^-|x|): no overflow for large x. */
struct Softplus {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return jk_max(x, 0.0f) + log1pf(expf(-fabsf(x))); }
    __device__ static float backward(float x, float, float dy, float) { return dy * jk_sigmoid(x); }
};

struct Softsign {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return x / (1.0f + fabsf(x)); }
    __device__ static float backward(float x, float, float dy, float) {
        float d = 1.0f + fabsf(x);
        return dy / (d * d);
    }
};

/* Keras 2's hard_sigmoid: clip(0.2 x + 0.5, 0, 1); slope 0.2 inside |x| < 2.5. */
struct HardSigmoid {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return jk_min(jk_max(0.2f * x + 0.5f, 0.0f), 1.0f); }
    __device__ static float backward(float x, float, float dy, float) { return 0.2f * dy * jk_step(2.5f - fabsf(x)); }
};

struct Swish {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return x * jk_sigmoid(x); }
    __device__ static float backward(float x, float, float dy, float) {
        float s = jk_sigmoid(x);
        return dy * (s + x * s * (1.0f - s));
    }
};

struct Gelu {
    JK_READS(true, false)
    __device__ static float forward(float x, float) { return jk_gelu(x); }
    __device__ static float backward(float x, float, float dy, float) { return dy * jk_gelu_grad(x); }
};

/* ---- unary kernels ---------------------------------------------------------------------- */

template <class F>
__device__ void unary_forward(const float* x, float* y, float param, long long n) {
    JK_FOR_EACH(i, n) {
        y[i] = F::forward(x[i], param);
    }
}

template <class F>
__device__ void unary_backward(const float* x, const float* y, const float* dy, float* dx, float param, long long n) {
    JK_FOR_EACH(i, n) {
        float xi = F::kReadsX ? x[i] : 0.0f;
        float yi = F::kReadsY ? y[i] : 0.0f;
        dx[i] = F::backward(xi, yi, dy[i], param);
    }
}

#define JK_UNARY_KERNELS(op, F)                                                                          \
    extern "C" __global__ void op##_forward_kernel(const float* x, float* y, float param, long long n) { \
        unary_forward<F>(x, y, param, n);                                                                \
    }                                                                                                    \
    extern "C" __global__ void op##_backward_kernel(const float* x, const float* y, const float* dy,     \
                                                    float* dx, float param, long long n) {              \
        unary_backward<F>(x, y, dy, dx, param, n);                                                       \
    }

JK_UNARY_KERNELS(neg, Neg)
JK_UNARY_KERNELS(abs, Abs)
JK_UNARY_KERNELS(sign, Sign)
JK_UNARY_KERNELS(square, Square)
JK_UNARY_KERNELS(sqrt, Sqrt)
JK_UNARY_KERNELS(exp, Exp)
JK_UNARY_KERNELS(log, Log)
JK_UNARY_KERNELS(log1p, Log1p)
JK_UNARY_KERNELS(reciprocal, Reciprocal)
JK_UNARY_KERNELS(round, Round)
JK_UNARY_KERNELS(relu, Relu)
JK_UNARY_KERNELS(leaky_relu, LeakyRelu)
JK_UNARY_KERNELS(sigmoid, Sigmoid)
JK_UNARY_KERNELS(tanh, Tanh)
JK_UNARY_KERNELS(elu, Elu)
JK_UNARY_KERNELS(selu, Selu)
JK_UNARY_KERNELS(softplus, Softplus)
JK_UNARY_KERNELS(softsign, Softsign)
JK_UNARY_KERNELS(hard_sigmoid, HardSigmoid)
JK_UNARY_KERNELS(swish, Swish)
JK_UNARY_KERNELS(gelu, Gelu)

/* ---- binary formulas (comparisons give 1 or 0; NaN compares false) ---------------------- */

struct Add { __device__ static float apply(float a, float b) { return a + b; } };
struct Sub { __device__ static float apply(float a, float b) { return a - b; } };
struct Mul { __device__ static float apply(float a, float b) { return a * b; } };
struct Div { __device__ static float apply(float a, float b) { return a / b; } };
struct Maximum { __device__ static float apply(float a, float b) { return jk_max(a, b); } };
struct Minimum { __device__ static float apply(float a, float b) { return jk_min(a, b); } };
struct Pow { __device__ static float apply(float a, float b) { return jk_pow(a, b); } };
struct Equal { __device__ static float apply(float a, float b) { return a == b ? 1.0f : 0.0f; } };
struct Greater { __device__ static float apply(float a, float b) { return a > b ? 1.0f : 0.0f; } };
struct GreaterEqual { __device__ static float apply(float a, float b) { return a >= b ? 1.0f : 0.0f; } };
struct Less { __device__ static float apply(float a, float b) { return a < b ? 1.0f : 0.0f; } };
struct LessEqual { __device__ static float apply(float a, float b) { return a <= b ? 1.0f : 0.0f; } };

/* ---- binary kernels --------------------------------------------------------------------- */

template <class F>
__device__ void binary_broadcast(const float* a, const float* b, float* out, long long n, const jk_broadcast& bc) {
    JK_FOR_EACH(i, n) {
        long long ia, ib;
        jk_broadcast_offsets(bc, i, &ia, &ib);
        out[i] = F::apply(a[ia], b[ib]);
    }
}

template <class F>
__device__ void binary_scalar(const float* x, float c, int scalar_first, float* out, long long n) {
    JK_FOR_EACH(i, n) {
        out[i] = scalar_first ? F::apply(c, x[i]) : F::apply(x[i], c);
    }
}

#define JK_BINARY_KERNELS(op, F)                                                                     \
    extern "C" __global__ void op##_binary_kernel(const float* a, const float* b, float* out,        \
                                                  long long n, jk_broadcast bc) {                    \
        binary_broadcast<F>(a, b, out, n, bc);                                                       \
    }                                                                                                \
    extern "C" __global__ void op##_scalar_kernel(const float* x, float c, int scalar_first,         \
                                                  float* out, long long n) {                         \
        binary_scalar<F>(x, c, scalar_first, out, n);                                                \
    }

JK_BINARY_KERNELS(add, Add)
JK_BINARY_KERNELS(sub, Sub)
JK_BINARY_KERNELS(mul, Mul)
JK_BINARY_KERNELS(div, Div)
JK_BINARY_KERNELS(maximum, Maximum)
JK_BINARY_KERNELS(minimum, Minimum)
JK_BINARY_KERNELS(pow, Pow)
JK_BINARY_KERNELS(equal, Equal)
JK_BINARY_KERNELS(greater, Greater)
JK_BINARY_KERNELS(greater_equal, GreaterEqual)
JK_BINARY_KERNELS(less, Less)
JK_BINARY_KERNELS(less_equal, LessEqual)

/* ---- other elementwise kernels ---------------------------------------------------------- */

extern "C" __global__ void fill_kernel(float* dst, float value, long long n) {
    JK_FOR_EACH(i, n) {
        dst[i] = value;
    }
}

extern "C" __global__ void clip_kernel(const float* x, float lo, float hi, float* out, long long n) {
    JK_FOR_EACH(i, n) {
        out[i] = jk_min(jk_max(x[i], lo), hi);
    }
}

extern "C" __global__ void affine_kernel(const float* x, float a, float b, float* out, long long n) {
    JK_FOR_EACH(i, n) {
        out[i] = a * x[i] + b;
    }
}

/* NaN is not 0, so a NaN condition picks a (as on the CPU). */
extern "C" __global__ void where_kernel(const float* cond, const float* a, const float* b, float* out, long long n) {
    JK_FOR_EACH(i, n) {
        out[i] = cond[i] != 0.0f ? a[i] : b[i];
    }
}

/* Only bc.a_strides is read; b_strides is ignored. */
extern "C" __global__ void broadcast_kernel(const float* x, float* out, long long n, jk_broadcast bc) {
    JK_FOR_EACH(i, n) {
        long long ix, unused;
        jk_broadcast_offsets(bc, i, &ix, &unused);
        out[i] = x[ix];
    }
}
