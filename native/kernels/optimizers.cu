/*
 * optimizers.cu - fused optimizer updates, one thread per weight, all slots updated in
 * place: the Keras 2.3 rules, with the same expressions as CpuOptimizers.
 *
 * The CPU rounds gradients and stored moments with (x + C) - C so that no subnormal ever
 * reaches its arithmetic (the JVM cannot turn on flush-to-zero). These kernels are built with
 * -ftz=true, which flushes subnormals in hardware, so the formulas appear here without those
 * roundings; the values differ only below about 2^-90, far under any weight's resolution.
 * Host-side schedule terms (Adam's lr_t, Nadam's mu and m_schedule, beta2^t) arrive as
 * arguments, computed once per step exactly as for the CPU.
 */
#include "jkeras_device.cuh"

/* p -= lr g */
extern "C" __global__ void sgd_update_kernel(float* p, const float* g, float lr, long long n) {
    JK_FOR_EACH(i, n) {
        p[i] -= lr * g[i];
    }
}

/* v = momentum v - lr g; p += v, or with Nesterov p += momentum v - lr g. */
extern "C" __global__ void sgd_momentum_update_kernel(float* p, const float* g, float* v, float lr, float momentum,
                                                      int nesterov, long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float vel = momentum * v[i] - lr * gi;
        v[i] = vel;
        p[i] += nesterov ? momentum * vel - lr * gi : vel;
    }
}

/* acc = rho acc + (1 - rho) g^2; p -= lr g / (sqrt(acc) + eps) */
extern "C" __global__ void rmsprop_update_kernel(float* p, const float* g, float* acc, float lr, float rho, float eps,
                                                 long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float a = rho * acc[i] + (1.0f - rho) * (gi * gi);
        acc[i] = a;
        p[i] -= lr * gi / (sqrtf(a) + eps);
    }
}

/* acc += g^2; p -= lr g / (sqrt(acc) + eps) */
extern "C" __global__ void adagrad_update_kernel(float* p, const float* g, float* acc, float lr, float eps,
                                                 long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float a = acc[i] + gi * gi;
        acc[i] = a;
        p[i] -= lr * gi / (sqrtf(a) + eps);
    }
}

/* acc = rho acc + (1 - rho) g^2; update = g sqrt(delta + eps) / sqrt(acc + eps);
 * p -= lr update; delta = rho delta + (1 - rho) update^2 */
extern "C" __global__ void adadelta_update_kernel(float* p, const float* g, float* acc, float* delta, float lr,
                                                  float rho, float eps, long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float a = rho * acc[i] + (1.0f - rho) * (gi * gi);
        float update = gi * sqrtf(delta[i] + eps) / sqrtf(a + eps);
        p[i] -= lr * update;
        acc[i] = a;
        delta[i] = rho * delta[i] + (1.0f - rho) * (update * update);
    }
}

/* m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr_t m / (sqrt(v) + eps)
 * (Keras 2.3: epsilon outside the square root, bias corrections folded into lr_t). */
extern "C" __global__ void adam_update_kernel(float* p, const float* g, float* m, float* v, float lr_t, float beta1,
                                              float beta2, float eps, long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float vi = beta2 * v[i] + (1.0f - beta2) * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr_t * mi / (sqrtf(vi) + eps);
    }
}

/* Adam with v_hat = max(v_hat, v) in the denominator. */
extern "C" __global__ void adam_amsgrad_update_kernel(float* p, const float* g, float* m, float* v, float* v_hat,
                                                      float lr_t, float beta1, float beta2, float eps, long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float vi = beta2 * v[i] + (1.0f - beta2) * (gi * gi);
        float hi = jk_max(v_hat[i], vi);
        m[i] = mi;
        v[i] = vi;
        v_hat[i] = hi;
        p[i] -= lr_t * mi / (sqrtf(hi) + eps);
    }
}

/* m = b1 m + (1 - b1) g; u = max(b2 u, |g|); p -= lr_t m / (u + eps) */
extern "C" __global__ void adamax_update_kernel(float* p, const float* g, float* m, float* u, float lr_t, float beta1,
                                                float beta2, float eps, long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float ui = jk_max(beta2 * u[i], fabsf(gi));
        m[i] = mi;
        u[i] = ui;
        p[i] -= lr_t * mi / (ui + eps);
    }
}

/* Keras 2.3's Nadam with the schedule terms from the host:
 *   g' = g / (1 - m_schedule_new);  m = b1 m + (1 - b1) g;  m_hat = m / (1 - m_schedule_next)
 *   v = b2 v + (1 - b2) g^2;  v_hat = v / (1 - beta2^t)
 *   p -= lr ((1 - mu_t) g' + mu_next m_hat) / (sqrt(v_hat) + eps) */
extern "C" __global__ void nadam_update_kernel(float* p, const float* g, float* m, float* v, float lr, float beta1,
                                               float beta2, float eps, float mu_t, float mu_next,
                                               float m_schedule_new, float m_schedule_next, float beta2_pow_t,
                                               long long n) {
    JK_FOR_EACH(i, n) {
        float gi = g[i];
        float g_prime = gi / (1.0f - m_schedule_new);
        float mi = beta1 * m[i] + (1.0f - beta1) * gi;
        float m_hat = mi / (1.0f - m_schedule_next);
        float vi = beta2 * v[i] + (1.0f - beta2) * (gi * gi);
        float v_hat = vi / (1.0f - beta2_pow_t);
        float m_bar = (1.0f - mu_t) * g_prime + mu_next * m_hat;
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr * m_bar / (sqrtf(v_hat) + eps);
    }
}
