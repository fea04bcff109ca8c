/*
 * 2D max and average pooling over NHWC images [n0, n1) of a batch, forward and backward: the
 * arithmetic of CpuPool, in its order, as plain loops with the channels innermost (gcc vectorises
 * those; the Java code gathers whole output rows only because C2 will not vectorise a loop as
 * short as one pixel's channels). Windows are clipped to the input; the reasons for the tie
 * rule and its branch-free form are documented in CpuPool.
 */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativePool_##op

typedef struct {
    int in_h, in_w, c, out_h, out_w, k_h, k_w, s_h, s_w, pad_top, pad_left;
} geometry;

/* 2^127: twice applied, it takes any nonzero float difference to at least 1. */
static const float JK_HUGE = 0x1p127f;

/* CpuPool.equal: 1 where x == y, else 0, for x <= y and y finite (Math.min(d, 1) is d > 1 ? 1 : d
 * for d >= 0 or NaN). */
static inline float equal(float x, float y) {
    float d = fabsf(y - x) * JK_HUGE * JK_HUGE;
    return 1.0f - (d > 1.0f ? 1.0f : d);
}

/* The input row of window row i of output row oh; outside the input where not in [0, in_h). */
static inline int input_row(const geometry *g, int oh, int i) {
    return oh * g->s_h - g->pad_top + i;
}

static inline int input_column(const geometry *g, int ow, int j) {
    return ow * g->s_w - g->pad_left + j;
}

/* 1 / the number of input rows (columns) the window of output row oh (column ow) covers. */
static inline float row_scale(const geometry *g, int oh) {
    int h0 = input_row(g, oh, 0);
    int h1 = h0 + g->k_h;
    return 1.0f / (float) ((h1 < g->in_h ? h1 : g->in_h) - (h0 > 0 ? h0 : 0));
}

static inline float column_scale(const geometry *g, int ow) {
    int w0 = input_column(g, ow, 0);
    int w1 = w0 + g->k_w;
    return 1.0f / (float) ((w1 < g->in_w ? w1 : g->in_w) - (w0 > 0 ? w0 : 0));
}

/* [first, last) output columns whose window cell j lies inside the input (CpuPool.firstColumn). */
static inline int first_column(const geometry *g, int j) {
    int need = g->pad_left - j;
    if (need <= 0) {
        return 0;
    }
    int first = (need + g->s_w - 1) / g->s_w;
    return first < g->out_w ? first : g->out_w;
}

static inline int last_column(const geometry *g, int j) {
    int last = g->in_w - 1 + g->pad_left - j;
    if (last < 0) {
        return 0;
    }
    int end = last / g->s_w + 1;
    end = end < g->out_w ? end : g->out_w;
    int first = first_column(g, j);
    return end > first ? end : first;
}

static inline size_t pixel(const geometry *g, int h, int w) {
    return ((size_t) h * g->in_w + w) * g->c;
}

JK_CLONES static void forward(int max, const float *restrict x, float *restrict y, const geometry *g) {
    int c = g->c;
    for (int oh = 0; oh < g->out_h; oh++) {
        float rs = row_scale(g, oh);
        for (int ow = 0; ow < g->out_w; ow++) {
            float *restrict o = y + ((size_t) oh * g->out_w + ow) * c;
            for (int ch = 0; ch < c; ch++) {
                o[ch] = max ? -INFINITY : 0.0f;
            }
            for (int i = 0; i < g->k_h; i++) {
                int h = input_row(g, oh, i);
                if (h < 0 || h >= g->in_h) {
                    continue;
                }
                for (int j = 0; j < g->k_w; j++) {
                    int w = input_column(g, ow, j);
                    if (w < 0 || w >= g->in_w) {
                        continue;
                    }
                    const float *restrict p = x + pixel(g, h, w);
                    if (max) {
                        for (int ch = 0; ch < c; ch++) {
                            o[ch] = jk_max(o[ch], p[ch]);
                        }
                    } else {
                        for (int ch = 0; ch < c; ch++) {
                            o[ch] += p[ch];
                        }
                    }
                }
            }
            if (!max) {
                float scale = column_scale(g, ow) * rs;
                for (int ch = 0; ch < c; ch++) {
                    o[ch] *= scale;
                }
            }
        }
    }
}

/* Adds v to a gradient cell; where windows share no cell each is written once, and the Java code
 * copies v in rather than adding it to the 0 already there (which differs for v = -0). */
static inline void deposit(float *d, float v, int disjoint) {
    *d = disjoint ? v : *d + v;
}

/*
 * One image. Gradient cells that several windows share receive their contributions in the Java
 * order: output row, then window row i, then window column j, then output column; share (one
 * output row of dy) is what each output's gradient has left to give.
 */
JK_CLONES static void backward(int max, const float *restrict x, const float *restrict y, const float *restrict dy,
                               float *restrict dx, float *restrict share, const geometry *g) {
    int c = g->c;
    int lanes = g->out_w * c;
    int disjoint = g->s_h >= g->k_h && g->s_w >= g->k_w;
    int tiles = g->s_h == g->k_h && g->s_w == g->k_w && g->pad_top == 0 && g->pad_left == 0
            && g->out_h * g->s_h == g->in_h && g->out_w * g->s_w == g->in_w;
    if (!tiles) {
        memset(dx, 0, sizeof(float) * (size_t) g->in_h * g->in_w * c);
    }
    for (int oh = 0; oh < g->out_h; oh++) {
        const float *restrict y_row = y + (size_t) oh * lanes;
        const float *restrict dy_row = dy + (size_t) oh * lanes;
        int finite = 1;
        if (max) {
            for (int l = 0; l < lanes; l++) {
                share[l] = dy_row[l];
                finite &= fabsf(y_row[l]) <= FLT_MAX;
            }
        } else {
            float rs = row_scale(g, oh);
            for (int ow = 0; ow < g->out_w; ow++) {
                float scale = column_scale(g, ow) * rs;
                for (int ch = 0; ch < c; ch++) {
                    share[ow * c + ch] = dy_row[ow * c + ch] * scale;
                }
            }
        }
        for (int i = 0; i < g->k_h; i++) {
            int h = input_row(g, oh, i);
            if (h < 0 || h >= g->in_h) {
                continue;
            }
            for (int j = 0; j < g->k_w; j++) {
                int ow1 = last_column(g, j);
                for (int ow = first_column(g, j); ow < ow1; ow++) {
                    size_t at = pixel(g, h, input_column(g, ow, j));
                    float *restrict d = dx + at;
                    float *restrict s = share + (size_t) ow * c;
                    if (!max) {
                        for (int ch = 0; ch < c; ch++) {
                            deposit(&d[ch], s[ch], disjoint);
                        }
                        continue;
                    }
                    const float *restrict p = x + at;
                    const float *restrict o = y_row + (size_t) ow * c;
                    if (finite) {
                        for (int ch = 0; ch < c; ch++) {
                            float take = s[ch] * equal(p[ch], o[ch]);
                            s[ch] -= take;
                            deposit(&d[ch], take, disjoint);
                        }
                    } else {
                        for (int ch = 0; ch < c; ch++) {
                            float take = p[ch] == o[ch] ? s[ch] : 0.0f;
                            s[ch] -= take;
                            deposit(&d[ch], take, disjoint);
                        }
                    }
                }
            }
        }
    }
}

static geometry make_geometry(jint in_h, jint in_w, jint c, jint out_h, jint out_w, jint k_h, jint k_w, jint s_h,
                              jint s_w, jint pad_top, jint pad_left) {
    geometry g = {in_h, in_w, c, out_h, out_w, k_h, k_w, s_h, s_w, pad_top, pad_left};
    return g;
}

JK_EXPORT void JNICALL JK_NAME(forwardImages)(JNIEnv *env, jclass cls, jboolean max, jlong x, jlong y, jint n0,
                                              jint n1, jint in_h, jint in_w, jint c, jint out_h, jint out_w,
                                              jint k_h, jint k_w, jint s_h, jint s_w, jint pad_top, jint pad_left) {
    (void) env;
    (void) cls;
    geometry g = make_geometry(in_h, in_w, c, out_h, out_w, k_h, k_w, s_h, s_w, pad_top, pad_left);
    size_t in_image = (size_t) in_h * in_w * c;
    size_t out_image = (size_t) out_h * out_w * c;
    for (int n = n0; n < n1; n++) {
        forward(max, JK_F(x) + n * in_image, JK_F(y) + n * out_image, &g);
    }
}

JK_EXPORT void JNICALL JK_NAME(backwardImages)(JNIEnv *env, jclass cls, jboolean max, jlong x, jlong y, jlong dy,
                                               jlong dx, jint n0, jint n1, jint in_h, jint in_w, jint c, jint out_h,
                                               jint out_w, jint k_h, jint k_w, jint s_h, jint s_w, jint pad_top,
                                               jint pad_left) {
    (void) cls;
    geometry g = make_geometry(in_h, in_w, c, out_h, out_w, k_h, k_w, s_h, s_w, pad_top, pad_left);
    size_t in_image = (size_t) in_h * in_w * c;
    size_t out_image = (size_t) out_h * out_w * c;
    float *share = malloc(sizeof(float) * ((size_t) out_w * c + 1));
    if (share == NULL) {
        jclass oom = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
        if (oom != NULL) {
            (*env)->ThrowNew(env, oom, "pool2d backward: no memory for one output row of gradients");
        }
        return;
    }
    /* x and y are read for max pooling only; average pooling may be given 0 for them. */
    for (int n = n0; n < n1; n++) {
        backward(max, max ? JK_F(x) + n * in_image : NULL, max ? JK_F(y) + n * out_image : NULL,
                 JK_F(dy) + n * out_image, JK_F(dx) + n * in_image, share, &g);
    }
    free(share);
}
