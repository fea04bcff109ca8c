/*
 * Fused optimizer updates, one pass over parameter, gradient and slots, on [0, n) of tensors
 * the Java side has already offset to its thread's band. Each loop is CpuOptimizers's, line for
 * line; the Keras formulas and the reasons for the roundings are documented there.
 */
#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeOptimizers_##op

JK_CLONES static void sgd_plain(float *restrict p, const float *restrict g, int n, float lr) {
    for (int j = 0; j < n; j++) {
        p[j] -= lr * jk_grad(g[j]);
    }
}

JK_CLONES static void sgd_momentum(float *restrict p, const float *restrict g, float *restrict v, int n, float lr,
                                   float momentum, int nesterov) {
    if (nesterov) {
        for (int j = 0; j < n; j++) {
            float vel = jk_flush(momentum * v[j] - lr * jk_grad(g[j]));
            v[j] = vel;
            p[j] += momentum * vel - lr * jk_grad(g[j]);
        }
    } else {
        for (int j = 0; j < n; j++) {
            float vel = jk_flush(momentum * v[j] - lr * jk_grad(g[j]));
            v[j] = vel;
            p[j] += vel;
        }
    }
}

JK_EXPORT void JNICALL JK_NAME(sgd)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong v, jint n, jfloat lr,
                                    jfloat momentum, jboolean nesterov) {
    (void) env;
    (void) cls;
    if (v == 0) {
        sgd_plain(JK_F(p), JK_F(g), n, lr);
    } else {
        sgd_momentum(JK_F(p), JK_F(g), JK_F(v), n, lr, momentum, nesterov);
    }
}

JK_CLONES static void rmsprop(float *restrict p, const float *restrict g, float *restrict acc, int n, float lr,
                              float rho, float eps) {
    for (int j = 0; j < n; j++) {
        float ac = jk_flush(rho * acc[j] + (1.0f - rho) * jk_squared(g[j]));
        acc[j] = ac;
        p[j] -= lr * jk_grad(g[j]) / (sqrtf(ac) + eps);
    }
}

JK_EXPORT void JNICALL JK_NAME(rmsprop)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong acc, jint n, jfloat lr,
                                        jfloat rho, jfloat eps) {
    (void) env;
    (void) cls;
    rmsprop(JK_F(p), JK_F(g), JK_F(acc), n, lr, rho, eps);
}

JK_CLONES static void adagrad(float *restrict p, const float *restrict g, float *restrict acc, int n, float lr,
                              float eps) {
    for (int j = 0; j < n; j++) {
        float ac = acc[j] + jk_squared(g[j]);
        acc[j] = ac;
        p[j] -= lr * jk_grad(g[j]) / (sqrtf(ac) + eps);
    }
}

JK_EXPORT void JNICALL JK_NAME(adagrad)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong acc, jint n, jfloat lr,
                                        jfloat eps) {
    (void) env;
    (void) cls;
    adagrad(JK_F(p), JK_F(g), JK_F(acc), n, lr, eps);
}

JK_CLONES static void adadelta(float *restrict p, const float *restrict g, float *restrict acc,
                               float *restrict delta, int n, float lr, float rho, float eps) {
    for (int j = 0; j < n; j++) {
        float ac = jk_flush(rho * acc[j] + (1.0f - rho) * jk_squared(g[j]));
        float upd = jk_grad(g[j]) * sqrtf(delta[j] + eps) / sqrtf(ac + eps);
        p[j] -= lr * upd;
        acc[j] = ac;
        delta[j] = jk_flush(rho * delta[j] + (1.0f - rho) * jk_squared(upd));
    }
}

JK_EXPORT void JNICALL JK_NAME(adadelta)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong acc, jlong delta, jint n,
                                         jfloat lr, jfloat rho, jfloat eps) {
    (void) env;
    (void) cls;
    adadelta(JK_F(p), JK_F(g), JK_F(acc), JK_F(delta), n, lr, rho, eps);
}

JK_CLONES static void adam(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, int n,
                           float lr_t, float b1, float b2, float eps) {
    for (int j = 0; j < n; j++) {
        float gj = jk_grad(g[j]);
        float mj = jk_flush(b1 * m[j] + (1.0f - b1) * gj);
        float vj = jk_flush(b2 * v[j] + (1.0f - b2) * jk_squared(gj));
        m[j] = mj;
        v[j] = vj;
        p[j] -= lr_t * jk_for_step(mj) / (sqrtf(vj) + eps);
    }
}

JK_CLONES static void amsgrad(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                              float *restrict v_hat, int n, float lr_t, float b1, float b2, float eps) {
    for (int j = 0; j < n; j++) {
        float gj = jk_grad(g[j]);
        float mj = jk_flush(b1 * m[j] + (1.0f - b1) * gj);
        float vj = jk_flush(b2 * v[j] + (1.0f - b2) * jk_squared(gj));
        float hj = jk_max(v_hat[j], vj);
        m[j] = mj;
        v[j] = vj;
        v_hat[j] = hj;
        p[j] -= lr_t * jk_for_step(mj) / (sqrtf(hj) + eps);
    }
}

JK_EXPORT void JNICALL JK_NAME(adam)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong m, jlong v, jlong v_hat,
                                     jint n, jfloat lr_t, jfloat b1, jfloat b2, jfloat eps) {
    (void) env;
    (void) cls;
    if (v_hat == 0) {
        adam(JK_F(p), JK_F(g), JK_F(m), JK_F(v), n, lr_t, b1, b2, eps);
    } else {
        amsgrad(JK_F(p), JK_F(g), JK_F(m), JK_F(v), JK_F(v_hat), n, lr_t, b1, b2, eps);
    }
}

JK_CLONES static void adamax(float *restrict p, const float *restrict g, float *restrict m, float *restrict u, int n,
                             float lr_t, float b1, float b2, float eps) {
    for (int j = 0; j < n; j++) {
        float gj = jk_grad(g[j]);
        float mj = jk_flush(b1 * m[j] + (1.0f - b1) * gj);
        float uj = jk_flush(jk_max(b2 * u[j], fabsf(gj)));
        m[j] = mj;
        u[j] = uj;
        p[j] -= lr_t * jk_for_step(mj) / (uj + eps);
    }
}

JK_EXPORT void JNICALL JK_NAME(adamax)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong m, jlong u, jint n,
                                       jfloat lr_t, jfloat b1, jfloat b2, jfloat eps) {
    (void) env;
    (void) cls;
    adamax(JK_F(p), JK_F(g), JK_F(m), JK_F(u), n, lr_t, b1, b2, eps);
}

JK_CLONES static void nadam(float *restrict p, const float *restrict g, float *restrict m, float *restrict v, int n,
                            float lr, float b1, float b2, float eps, float mu_t, float mu_next,
                            float m_schedule_new, float m_schedule_next, float beta2_pow_t) {
    for (int j = 0; j < n; j++) {
        float gj = jk_grad(g[j]);
        float g_prime = gj / (1.0f - m_schedule_new);
        float mj = jk_flush(b1 * m[j] + (1.0f - b1) * gj);
        float m_hat = mj / (1.0f - m_schedule_next);
        float vj = jk_flush(b2 * v[j] + (1.0f - b2) * jk_squared(gj));
        float v_hat = vj / (1.0f - beta2_pow_t);
        float m_bar = (1.0f - mu_t) * g_prime + mu_next * m_hat;
        m[j] = mj;
        v[j] = vj;
        p[j] -= lr * jk_for_step(m_bar) / (sqrtf(v_hat) + eps);
    }
}

JK_EXPORT void JNICALL JK_NAME(nadam)(JNIEnv *env, jclass cls, jlong p, jlong g, jlong m, jlong v, jint n,
                                      jfloat lr, jfloat b1, jfloat b2, jfloat eps, jfloat mu_t, jfloat mu_next,
                                      jfloat m_schedule_new, jfloat m_schedule_next, jfloat beta2_pow_t) {
    (void) env;
    (void) cls;
    nadam(JK_F(p), JK_F(g), JK_F(m), JK_F(v), n, lr, b1, b2, eps, mu_t, mu_next, m_schedule_new, m_schedule_next,
          beta2_pow_t);
}
