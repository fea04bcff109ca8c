/*
 * Elementwise functions and their gradients: ElementwiseMath's Java arithmetic, which C
 * reproduces exactly, all of it: exp, expm1, tanh, log and log1p are jk_exp, jk_expm1, jk_tanh,
 * jk_log and jk_log1p, the twins of FloatExp's and FloatLog's (glibc's and the JDK's differ in
 * the last bit). Op codes are NativeElementwise's; each op is its own loop (the switch stays
 * outside), each expression is ElementwiseMath's in the same order. No restrict on the outputs: callers
 * may write in place (out == an input, index for index), which gcc's alias checks allow for.
 */
#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeElementwise_##op

/* ElementwiseMath.SQRT_HALF and INV_SQRT_2PI, UnaryOp.SELU_SCALE and SELU_ALPHA */
#define JK_SQRT_HALF 0.70710678118654752f
#define JK_INV_SQRT_2PI 0.39894228040143268f
#define JK_SELU_SCALE 1.0507009873554804934193349852946f
#define JK_SELU_ALPHA 1.6732632423543772848170429916717f

/* ElementwiseMath.sigmoid */
static inline float sigmoid(float x) {
    float e = jk_exp(-fabsf(x));
    return x >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
}

/* ElementwiseMath.negativePart: x where x < 0, else +0, as a mask (x < 0 is all ones or zero) */
static inline float negative_part(float x) {
    return jk_float(jk_bits(x) & (uint32_t) - (int32_t) (x < 0.0f));
}

/* ElementwiseMath.erf */
static inline float erf_as(float x) {
    float ax = fabsf(x);
    float t = 1.0f / (1.0f + 0.3275911f * ax);
    float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
    float r = 1.0f - poly * jk_exp(-ax * ax);
    return x < 0.0f ? -r : r;
}

/* ElementwiseMath.unaryBackward's swish and GELU factors of dy */
static inline float swish_gradient(float x) {
    float s = sigmoid(x);
    return s + x * s * (1.0f - s);
}

static inline float gelu_gradient(float x) {
    float cdf = 0.5f * (1.0f + erf_as(x * JK_SQRT_HALF));
    float pdf = JK_INV_SQRT_2PI * jk_exp(-0.5f * x * x);
    return cdf + x * pdf;
}

/* X(code, expression of x and p) */
#define JK_UNARY_OPS(X)                                          \
    X(0, -x)                                                     \
    X(1, fabsf(x))                                               \
    X(2, jk_step(x) - jk_step(-x))                               \
    X(3, x * x)                                                  \
    X(4, sqrtf(x))                                               \
    X(5, jk_exp(x))                                              \
    X(6, jk_log(x))                                              \
    X(7, jk_log1p(x))                                            \
    X(8, 1.0f / x)                                               \
    X(9, rintf(x))                                               \
    X(10, jk_max(x, 0.0f))                                       \
    X(11, jk_max(x, 0.0f) + p * jk_min(x, 0.0f))                 \
    X(12, sigmoid(x))                                            \
    X(13, jk_tanh(x))                                            \
    X(14, jk_max(x, 0.0f) + p * jk_expm1(negative_part(x)))      \
    X(15, JK_SELU_SCALE * (jk_max(x, 0.0f) + JK_SELU_ALPHA * jk_expm1(negative_part(x)))) \
    X(16, jk_max(x, 0.0f) + jk_log1p(jk_exp(-fabsf(x))))         \
    X(17, x / (1.0f + fabsf(x)))                                 \
    X(18, jk_min(jk_max(0.2f * x + 0.5f, 0.0f), 1.0f))           \
    X(19, x * sigmoid(x))                                        \
    X(20, 0.5f * x * (1.0f + erf_as(x * JK_SQRT_HALF)))

/* X(code, expression of x, y, dy and p) */
#define JK_UNARY_BACKWARD_OPS(X)                                                 \
    X(0, -dy)                                                                    \
    X(1, dy * (jk_step(x) - jk_step(-x)))                                        \
    X(2, 0.0f)                                                                   \
    X(3, 2.0f * x * dy)                                                          \
    X(4, 0.5f * dy / y)                                                          \
    X(5, dy * y)                                                                 \
    X(6, dy / x)                                                                 \
    X(7, dy / (1.0f + x))                                                        \
    X(8, -dy * y * y)                                                            \
    X(9, 0.0f)                                                                   \
    X(10, dy * jk_step(x))                                                       \
    X(11, dy * (jk_step(x) + p * (1.0f - jk_step(x))))                           \
    X(12, dy * y * (1.0f - y))                                                   \
    X(13, dy * (1.0f - y * y))                                                   \
    X(14, dy * (jk_step(x) + (1.0f - jk_step(x)) * (y + p)))                     \
    X(15, dy * (jk_step(x) * JK_SELU_SCALE + (1.0f - jk_step(x)) * (y + JK_SELU_SCALE * JK_SELU_ALPHA))) \
    X(16, dy * sigmoid(x))                                                       \
    X(17, dy / ((1.0f + fabsf(x)) * (1.0f + fabsf(x))))                          \
    X(18, 0.2f * dy * jk_step(2.5f - fabsf(x)))                                  \
    X(19, dy * swish_gradient(x))                                                \
    X(20, dy * gelu_gradient(x))

/* X(code, expression of a and b) */
#define JK_BINARY_OPS(X)                 \
    X(0, a + b)                          \
    X(1, a - b)                          \
    X(2, a * b)                          \
    X(3, a / b)                          \
    X(4, jk_max(a, b))                   \
    X(5, jk_min(a, b))                   \
    X(7, a == b ? 1.0f : 0.0f)           \
    X(8, a > b ? 1.0f : 0.0f)            \
    X(9, a >= b ? 1.0f : 0.0f)           \
    X(10, a < b ? 1.0f : 0.0f)           \
    X(11, a <= b ? 1.0f : 0.0f)

#define JK_UNARY_CASE(code, expr)             \
    case code:                                \
        for (int i = 0; i < n; i++) {         \
            float x = xs[i];                  \
            ys[i] = (expr);                   \
        }                                     \
        return 1;

JK_CLONES static int unary(int op, float p, const float *xs, float *ys, int n) {
    (void) p;
    switch (op) {
        JK_UNARY_OPS(JK_UNARY_CASE)
        default:
            return 0;
    }
}

JK_EXPORT jboolean JNICALL JK_NAME(unary)(JNIEnv *env, jclass cls, jint op, jfloat p, jlong x, jlong y, jint n) {
    (void) env;
    (void) cls;
    return (jboolean) unary(op, p, JK_F(x), JK_F(y), n);
}

/* Every op reads x and y; for ops that need neither, the caller passes dy in their place. */
#define JK_BACKWARD_CASE(code, expr)                  \
    case code:                                        \
        for (int i = 0; i < n; i++) {                 \
            float x = xs[i];                          \
            float y = ys[i];                          \
            float dy = dys[i];                        \
            (void) x;                                 \
            (void) y;                                 \
            (void) dy;                                \
            dxs[i] = (expr);                          \
        }                                             \
        return 1;

JK_CLONES static int unary_backward(int op, float p, const float *xs, const float *ys, const float *dys, float *dxs,
                                    int n) {
    (void) p;
    switch (op) {
        JK_UNARY_BACKWARD_OPS(JK_BACKWARD_CASE)
        default:
            return 0;
    }
}

JK_EXPORT jboolean JNICALL JK_NAME(unaryBackward)(JNIEnv *env, jclass cls, jint op, jfloat p, jlong x, jlong y,
                                                  jlong dy, jlong dx, jint n) {
    (void) env;
    (void) cls;
    return (jboolean) unary_backward(op, p, JK_F(x), JK_F(y), JK_F(dy), JK_F(dx), n);
}

/* Flat: a[i] op b[i], where a scalar operand repeats its one value. */
#define JK_FLAT_CASE(code, expr)                                  \
    case code:                                                    \
        if (a_scalar) {                                           \
            const float a = as[0];                                \
            for (int i = 0; i < n; i++) {                         \
                float b = bs[i];                                  \
                out[i] = (expr);                                  \
            }                                                     \
        } else if (b_scalar) {                                    \
            const float b = bs[0];                                \
            for (int i = 0; i < n; i++) {                         \
                float a = as[i];                                  \
                out[i] = (expr);                                  \
            }                                                     \
        } else {                                                  \
            for (int i = 0; i < n; i++) {                         \
                float a = as[i];                                  \
                float b = bs[i];                                  \
                out[i] = (expr);                                  \
            }                                                     \
        }                                                         \
        return 1;

JK_CLONES static int binary_flat(int op, const float *as, int a_scalar, const float *bs, int b_scalar, float *out,
                                 int n) {
    switch (op) {
        JK_BINARY_OPS(JK_FLAT_CASE)
        default:
            return 0;
    }
}

JK_EXPORT jboolean JNICALL JK_NAME(binary)(JNIEnv *env, jclass cls, jint op, jlong a, jlong b, jlong out, jint n) {
    (void) env;
    (void) cls;
    return (jboolean) binary_flat(op, JK_F(a), 0, JK_F(b), 0, JK_F(out), n);
}

JK_EXPORT jboolean JNICALL JK_NAME(binaryScalar)(JNIEnv *env, jclass cls, jint op, jlong x, jfloat c,
                                                 jboolean scalar_first, jlong out, jint n) {
    (void) env;
    (void) cls;
    return (jboolean) (scalar_first ? binary_flat(op, &c, 1, JK_F(x), 0, JK_F(out), n)
                                    : binary_flat(op, JK_F(x), 0, &c, 1, JK_F(out), n));
}

/* Rows [r0, r1) of a (rows, cols) operand against one repeated row of cols: out = big op row, or
 * row op big when the repeated row is the left operand. */
#define JK_TILED_CASE(code, expr)                                             \
    case code:                                                                \
        for (int r = r0; r < r1; r++) {                                       \
            const float *full = big + (long) r * cols;                        \
            float *o = out + (long) r * cols;                                 \
            if (row_first) {                                                  \
                for (int c = 0; c < cols; c++) {                              \
                    float a = row[c];                                         \
                    float b = full[c];                                        \
                    o[c] = (expr);                                            \
                }                                                             \
            } else {                                                          \
                for (int c = 0; c < cols; c++) {                              \
                    float a = full[c];                                        \
                    float b = row[c];                                         \
                    o[c] = (expr);                                            \
                }                                                             \
            }                                                                 \
        }                                                                     \
        return 1;

JK_CLONES static int binary_tiled(int op, const float *row, int row_first, const float *big, float *out, int r0,
                                  int r1, int cols) {
    switch (op) {
        JK_BINARY_OPS(JK_TILED_CASE)
        default:
            return 0;
    }
}

JK_EXPORT jboolean JNICALL JK_NAME(binaryTiled)(JNIEnv *env, jclass cls, jint op, jlong row, jboolean row_first,
                                                jlong big, jlong out, jint r0, jint r1, jint cols) {
    (void) env;
    (void) cls;
    return (jboolean) binary_tiled(op, JK_F(row), row_first, JK_F(big), JK_F(out), r0, r1, cols);
}
