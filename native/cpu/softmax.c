/*
 * Softmax and log-softmax over the rows of a row-major matrix: CpuReduce.softmaxRow's arithmetic,
 * in its order, so both give the same bits. exp and log are jk_exp and jk_log (FloatExp's and
 * FloatLog's twins; the JDK's Math.exp and Math.log have none in C), and the row sum runs in
 * JK_LANES interleaved partial sums combined pairwise, the order a vector loop adds in, which the
 * Java loop repeats.
 */
#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeSoftmax_##op

/* CpuReduce.LANES */
#define JK_LANES 16

/* lanes[0] + ... + lanes[15] as halves added pairwise: 8 + 8, 4 + 4, 2 + 2, 1 + 1. */
static inline float lane_sum(float *lanes) {
    for (int width = JK_LANES / 2; width > 0; width /= 2) {
        for (int j = 0; j < width; j++) {
            lanes[j] += lanes[j + width];
        }
    }
    return lanes[0];
}

/* The row's exponentials exp(x - max): stored in y where store, summed either way. */
static inline float exp_sum(const float *x, float *y, int cols, float max, int store) {
    float lanes[JK_LANES] = {0};
    int full = cols - cols % JK_LANES;
    for (int c = 0; c < full; c += JK_LANES) {
        for (int j = 0; j < JK_LANES; j++) {
            float e = jk_exp(x[c + j] - max);
            lanes[j] += e;
            if (store) {
                y[c + j] = e;
            }
        }
    }
    for (int c = full; c < cols; c++) {
        float e = jk_exp(x[c] - max);
        lanes[c - full] += e;
        if (store) {
            y[c] = e;
        }
    }
    return lane_sum(lanes);
}

JK_CLONES static void softmax_row(const float *x, float *y, int cols, int log) {
    float top[JK_LANES];
    for (int j = 0; j < JK_LANES; j++) {
        top[j] = -INFINITY;
    }
    int full = cols - cols % JK_LANES;
    for (int c = 0; c < full; c += JK_LANES) {
        for (int j = 0; j < JK_LANES; j++) {
            top[j] = jk_max(top[j], x[c + j]);
        }
    }
    for (int c = full; c < cols; c++) {
        top[c - full] = jk_max(top[c - full], x[c]);
    }
    float max = top[0];
    for (int j = 1; j < JK_LANES; j++) {
        max = jk_max(max, top[j]);
    }
    if (max != max) {
        for (int c = 0; c < cols; c++) {
            y[c] = NAN;
        }
    } else if (log) {
        float lse = max + jk_log(exp_sum(x, y, cols, max, 0));
        for (int c = 0; c < cols; c++) {
            y[c] = x[c] - lse;
        }
    } else {
        float inv = 1.0f / exp_sum(x, y, cols, max, 1);
        for (int c = 0; c < cols; c++) {
            y[c] *= inv;
        }
    }
}

/* Softmax (log-softmax where log) of rows [0, rows) of x (rows x cols) into y; x and y may be the
 * same matrix (no restrict: gcc checks the overlap at run time and vectorises either way), not
 * overlapping otherwise. */
JK_EXPORT void JNICALL JK_NAME(softmaxRows)(JNIEnv *env, jclass cls, jlong x, jlong y, jint rows, jint cols,
                                            jboolean log) {
    (void) env;
    (void) cls;
    for (long r = 0; r < rows; r++) {
        softmax_row(JK_F(x) + r * cols, JK_F(y) + r * cols, cols, log);
    }
}
