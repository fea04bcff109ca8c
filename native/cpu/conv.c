/*
 * The data movement of CpuConv's im2col + GEMM convolution, on the tensors in place: building
 * im2col rows (row-major, or transposed one row per tap for one input channel) and col2im,
 * adding dcol rows back onto dx. CpuConv documents the layouts, the blocks and the threads; each
 * call here covers the rows one thread owns, as the Java twin does.
 *
 * Where the Java kernels copy a band of the input into a zero-padded heap array, these loops
 * clip each window to the input and write zeros for the taps that fall in the padding. col2im
 * adds into each dx element in the Java order: zero (or what earlier blocks of the image left),
 * then one contribution per output pixel in pixel order, so the sums have the same bits.
 */
#include <stddef.h>
#include <string.h>

#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeConv_##op

/* The geometry as NativeConv.geometry lays it out. */
typedef struct {
    int in_h, in_w, in_c, out_h, out_w, kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left, dilation_h,
        dilation_w;
} conv_geometry;

enum { GEOMETRY_INTS = sizeof(conv_geometry) / sizeof(int) };

static conv_geometry read_geometry(JNIEnv *env, jintArray geometry) {
    jint v[GEOMETRY_INTS];
    (*env)->GetIntArrayRegion(env, geometry, 0, GEOMETRY_INTS, v);
    conv_geometry g;
    memcpy(&g, v, sizeof g);
    return g;
}

/*
 * Taps [*lo, *hi) of one kernel row (or column) land inside [0, limit) from start, step apart.
 * Step 1 (no dilation or stride) is the common case and needs no division, which would cost
 * more than the copy or add of a short run.
 */
static inline void inside(int start, int step, int taps, int limit, int *lo, int *hi) {
    int first = start >= 0 ? 0 : step == 1 ? -start : (-start + step - 1) / step;
    int end = start >= limit ? 0 : step == 1 ? limit - start : (limit - start + step - 1) / step;
    *lo = first < taps ? first : taps;
    *hi = end < taps ? end : taps;
    if (*hi < *lo) {
        *hi = *lo;
    }
}

static size_t image_floats(const conv_geometry *g) {
    return (size_t) g->in_h * g->in_w * g->in_c;
}

/* One im2col row: the window of output pixel (oh, ow) of one image, taps (kh, kw, c). */
static void build_row(const conv_geometry *g, const float *restrict image, int oh, int ow, float *restrict out) {
    int c = g->in_c;
    int run = g->kernel_w * c;
    int h0 = oh * g->stride_h - g->pad_top;
    int w0 = ow * g->stride_w - g->pad_left;
    int i0, i1, j0, j1;
    inside(h0, g->dilation_h, g->kernel_h, g->in_h, &i0, &i1);
    inside(w0, g->dilation_w, g->kernel_w, g->in_w, &j0, &j1);
    for (int i = 0; i < g->kernel_h; i++, out += run) {
        if (i < i0 || i >= i1 || j0 == j1) {
            memset(out, 0, sizeof(float) * run);
            continue;
        }
        const float *src = image + ((size_t) (h0 + i * g->dilation_h) * g->in_w + w0 + j0 * g->dilation_w) * c;
        memset(out, 0, sizeof(float) * j0 * c);
        if (g->dilation_w == 1) {
            memcpy(out + j0 * c, src, sizeof(float) * (j1 - j0) * c);
        } else {
            for (int j = j0; j < j1; j++) {
                memcpy(out + j * c, src + (size_t) (j - j0) * g->dilation_w * c, sizeof(float) * c);
            }
        }
        memset(out + j1 * c, 0, sizeof(float) * (g->kernel_w - j1) * c);
    }
}

/* im2col rows [r0, r1) (one per output pixel of the batch) into col from its first row. */
JK_EXPORT void JNICALL JK_NAME(im2col)(JNIEnv *env, jclass cls, jlong x, jlong col, jint r0, jint r1,
                                       jintArray geometry) {
    (void) cls;
    conv_geometry g = read_geometry(env, geometry);
    int pixels = g.out_h * g.out_w;
    size_t width = (size_t) g.kernel_h * g.kernel_w * g.in_c;
    int image = r0 / pixels;
    int oh = r0 % pixels / g.out_w;
    int ow = r0 % g.out_w;
    for (int r = r0; r < r1; r++) {
        build_row(&g, JK_F(x) + (size_t) image * image_floats(&g), oh, ow, JK_F(col) + (size_t) (r - r0) * width);
        if (++ow == g.out_w) {
            ow = 0;
            if (++oh == g.out_h) {
                oh = 0;
                image++;
            }
        }
    }
}

/* One output row of one tap for one input channel: input row h, columns w0 + ow * stride_w. */
static void tap_run(const conv_geometry *g, const float *restrict image, int h, int w0, int ow0, int ow1,
                    float *restrict out) {
    if (h < 0 || h >= g->in_h || ow0 == ow1) {
        memset(out, 0, sizeof(float) * g->out_w);
        return;
    }
    const float *src = image + (size_t) h * g->in_w + w0 + ow0 * g->stride_w;
    memset(out, 0, sizeof(float) * ow0);
    if (g->stride_w == 1) {
        memcpy(out + ow0, src, sizeof(float) * (ow1 - ow0));
    } else {
        for (int ow = ow0; ow < ow1; ow++) {
            out[ow] = src[(size_t) (ow - ow0) * g->stride_w];
        }
    }
    memset(out + ow1, 0, sizeof(float) * (g->out_w - ow1));
}

/* im2col of output rows (units) [u0, u1) transposed, one row per tap, for one input channel. */
JK_EXPORT void JNICALL JK_NAME(im2colTapMajor)(JNIEnv *env, jclass cls, jlong x, jlong col, jint u0, jint u1,
                                               jintArray geometry) {
    (void) cls;
    conv_geometry g = read_geometry(env, geometry);
    size_t rows = (size_t) (u1 - u0) * g.out_w;
    for (int i = 0; i < g.kernel_h; i++) {
        for (int j = 0; j < g.kernel_w; j++) {
            float *out = JK_F(col) + (i * g.kernel_w + j) * rows;
            int w0 = j * g.dilation_w - g.pad_left;
            int ow0, ow1;
            inside(w0, g.stride_w, g.out_w, g.in_w, &ow0, &ow1);
            const float *image = JK_F(x) + (size_t) (u0 / g.out_h) * image_floats(&g);
            for (int u = u0, oh = u0 % g.out_h; u < u1; u++, out += g.out_w) {
                tap_run(&g, image, oh * g.stride_h - g.pad_top + i * g.dilation_h, w0, ow0, ow1, out);
                if (++oh == g.out_h) {
                    oh = 0;
                    image += image_floats(&g);
                }
            }
        }
    }
}

static inline void add_run(float *restrict dst, const float *restrict src, int n) {
    for (int k = 0; k < n; k++) {
        dst[k] += src[k];
    }
}

/* The transpose of build_row: adds one dcol row onto the window it was read from. */
static inline void add_row(const conv_geometry *g, const float *restrict row, int oh, int ow, float *restrict image) {
    int c = g->in_c;
    int h0 = oh * g->stride_h - g->pad_top;
    int w0 = ow * g->stride_w - g->pad_left;
    int i0, i1, j0, j1;
    inside(h0, g->dilation_h, g->kernel_h, g->in_h, &i0, &i1);
    inside(w0, g->dilation_w, g->kernel_w, g->in_w, &j0, &j1);
    if (j0 == j1) {
        return;
    }
    for (int i = i0; i < i1; i++) {
        float *dst = image + ((size_t) (h0 + i * g->dilation_h) * g->in_w + w0 + j0 * g->dilation_w) * c;
        const float *src = row + (i * g->kernel_w + j0) * c;
        if (g->dilation_w == 1) {
            add_run(dst, src, (j1 - j0) * c);
        } else {
            for (int j = j0; j < j1; j++) {
                add_run(dst + (size_t) (j - j0) * g->dilation_w * c, src + (j - j0) * c, c);
            }
        }
    }
}

/*
 * Adds the dcol rows of output rows (units) [u0, u1), from col's first row, onto dx. An image
 * whose rows all lie in the range starts from zeros; one split over blocks adds onto what the
 * earlier blocks left (CpuConv zeroed dx first). The adds are inlined into each clone: the
 * runs are as short as kernelW floats.
 */
JK_CLONES static void col2im(const conv_geometry *g, const float *row, float *dx, int u0, int u1) {
    size_t width = (size_t) g->kernel_h * g->kernel_w * g->in_c;
    int u = u0;
    while (u < u1) {
        int image = u / g->out_h;
        int end = (image + 1) * g->out_h < u1 ? (image + 1) * g->out_h : u1;
        float *dst = dx + (size_t) image * image_floats(g);
        if (u == image * g->out_h && end == (image + 1) * g->out_h) {
            memset(dst, 0, sizeof(float) * image_floats(g));
        }
        for (; u < end; u++) {
            for (int ow = 0; ow < g->out_w; ow++, row += width) {
                add_row(g, row, u - image * g->out_h, ow, dst);
            }
        }
    }
}

JK_EXPORT void JNICALL JK_NAME(col2im)(JNIEnv *env, jclass cls, jlong col, jlong dx, jint u0, jint u1,
                                       jintArray geometry) {
    (void) cls;
    conv_geometry g = read_geometry(env, geometry);
    col2im(&g, JK_F(col), JK_F(dx), u0, u1);
}
