/*
 * pool.cu - 2D max and average pooling over NHWC images and their gradients, as CpuPool.
 *
 * The window of output pixel (oh, ow) covers input rows oh * stride_h - pad_top + [0, k_h)
 * and columns ow * stride_w - pad_left + [0, k_w), clipped to the image: that clipping is
 * TensorFlow's "same" padding for pooling, where a padded cell is never the maximum and does
 * not count in the average. (Pooling has no dilation; dil_h and dil_w are not read.)
 *
 * Forward: one thread per output element. Backward: one thread per input element, which
 * gathers from every window that covers it, so dx is written whole (zero where no window
 * reaches) without atomics. Max pooling sends a window's gradient to its first cell, in
 * row-major order, equal to the window's output y; the backward recomputes that from x and y.
 */
#include "jkeras_device.cuh"

/* The input rows [*h0, *h1) and columns [*w0, *w1) of output pixel (oh, ow)'s window. */
__device__ __forceinline__ void pool_window(const jk_conv2d& g, int oh, int ow, int* h0, int* h1, int* w0, int* w1) {
    int top = oh * g.stride_h - g.pad_top;
    int left = ow * g.stride_w - g.pad_left;
    *h0 = max(top, 0);
    *h1 = min(top + g.k_h, g.in_h);
    *w0 = max(left, 0);
    *w1 = min(left + g.k_w, g.in_w);
}

/* The output rows [*first, *last] whose windows (start o * stride - pad, length k) cover
 * input position pos; empty when *first > *last. */
__device__ __forceinline__ void pool_covering(int pos, int pad, int stride, int k, int out_len, int* first,
                                              int* last) {
    int lowest_start = pos + pad - k + 1;  // a window starting below this ends before pos
    *first = lowest_start <= 0 ? 0 : (lowest_start + stride - 1) / stride;
    *last = min((pos + pad) / stride, out_len - 1);
}

/* Splits output element i into (image, oh, ow, c). */
__device__ __forceinline__ void pool_output_index(const jk_conv2d& g, long long i, long long* n, int* oh, int* ow,
                                                  int* c) {
    *c = (int)(i % g.in_c);
    long long pixel = i / g.in_c;
    *ow = (int)(pixel % g.out_w);
    pixel /= g.out_w;
    *oh = (int)(pixel % g.out_h);
    *n = pixel / g.out_h;
}

/* Splits input element i into (image, h, w, c). */
__device__ __forceinline__ void pool_input_index(const jk_conv2d& g, long long i, long long* n, int* h, int* w,
                                                 int* c) {
    *c = (int)(i % g.in_c);
    long long pixel = i / g.in_c;
    *w = (int)(pixel % g.in_w);
    pixel /= g.in_w;
    *h = (int)(pixel % g.in_h);
    *n = pixel / g.in_h;
}

__device__ __forceinline__ long long pool_in_offset(const jk_conv2d& g, long long n, int h, int w, int c) {
    return ((n * g.in_h + h) * g.in_w + w) * g.in_c + c;
}

__device__ __forceinline__ long long pool_out_offset(const jk_conv2d& g, long long n, int oh, int ow, int c) {
    return ((n * g.out_h + oh) * g.out_w + ow) * g.in_c + c;
}

/* The CPU scales a window's sum by (1 / columns inside) * (1 / rows inside); same here, so
 * the two agree to the bit wherever the sums do. */
__device__ __forceinline__ float pool_average_scale(int h0, int h1, int w0, int w1) {
    return (1.0f / (float)(w1 - w0)) * (1.0f / (float)(h1 - h0));
}

extern "C" __global__ void max_pool2d_forward_kernel(const float* x, float* y, jk_conv2d g) {
    JK_FOR_EACH(i, (long long)g.batch * g.out_h * g.out_w * g.in_c) {
        long long n;
        int oh, ow, c, h0, h1, w0, w1;
        pool_output_index(g, i, &n, &oh, &ow, &c);
        pool_window(g, oh, ow, &h0, &h1, &w0, &w1);
        float m = -INFINITY;
        for (int h = h0; h < h1; h++) {
            for (int w = w0; w < w1; w++) {
                m = jk_max(m, x[pool_in_offset(g, n, h, w, c)]);
            }
        }
        y[i] = m;
    }
}

extern "C" __global__ void avg_pool2d_forward_kernel(const float* x, float* y, jk_conv2d g) {
    JK_FOR_EACH(i, (long long)g.batch * g.out_h * g.out_w * g.in_c) {
        long long n;
        int oh, ow, c, h0, h1, w0, w1;
        pool_output_index(g, i, &n, &oh, &ow, &c);
        pool_window(g, oh, ow, &h0, &h1, &w0, &w1);
        float sum = 0.0f;
        for (int h = h0; h < h1; h++) {
            for (int w = w0; w < w1; w++) {
                sum += x[pool_in_offset(g, n, h, w, c)];
            }
        }
        y[i] = sum * pool_average_scale(h0, h1, w0, w1);
    }
}

/* Whether (h, w) is the first cell of window (oh, ow), in row-major order, that equals the
 * window's maximum m: no earlier cell equals m, and (h, w) does. */
__device__ bool pool_first_max(const float* x, const jk_conv2d& g, long long n, int c, int oh, int ow, int h, int w,
                               float m) {
    int h0, h1, w0, w1;
    pool_window(g, oh, ow, &h0, &h1, &w0, &w1);
    for (int hh = h0; hh <= h; hh++) {
        int w_end = hh < h ? w1 : w;
        for (int ww = w0; ww < w_end; ww++) {
            if (x[pool_in_offset(g, n, hh, ww, c)] == m) return false;
        }
    }
    return x[pool_in_offset(g, n, h, w, c)] == m;
}

extern "C" __global__ void max_pool2d_backward_kernel(const float* x, const float* y, const float* dy, float* dx,
                                                      jk_conv2d g) {
    JK_FOR_EACH(i, (long long)g.batch * g.in_h * g.in_w * g.in_c) {
        long long n;
        int h, w, c, oh0, oh1, ow0, ow1;
        pool_input_index(g, i, &n, &h, &w, &c);
        pool_covering(h, g.pad_top, g.stride_h, g.k_h, g.out_h, &oh0, &oh1);
        pool_covering(w, g.pad_left, g.stride_w, g.k_w, g.out_w, &ow0, &ow1);
        float sum = 0.0f;
        for (int oh = oh0; oh <= oh1; oh++) {
            for (int ow = ow0; ow <= ow1; ow++) {
                long long o = pool_out_offset(g, n, oh, ow, c);
                if (pool_first_max(x, g, n, c, oh, ow, h, w, y[o])) sum += dy[o];
            }
        }
        dx[i] = sum;
    }
}

extern "C" __global__ void avg_pool2d_backward_kernel(const float* dy, float* dx, jk_conv2d g) {
    JK_FOR_EACH(i, (long long)g.batch * g.in_h * g.in_w * g.in_c) {
        long long n;
        int h, w, c, oh0, oh1, ow0, ow1;
        pool_input_index(g, i, &n, &h, &w, &c);
        pool_covering(h, g.pad_top, g.stride_h, g.k_h, g.out_h, &oh0, &oh1);
        pool_covering(w, g.pad_left, g.stride_w, g.k_w, g.out_w, &ow0, &ow1);
        float sum = 0.0f;
        for (int oh = oh0; oh <= oh1; oh++) {
            for (int ow = ow0; ow <= ow1; ow++) {
                int h0, h1, w0, w1;
                pool_window(g, oh, ow, &h0, &h1, &w0, &w1);
                sum += dy[pool_out_offset(g, n, oh, ow, c)] * pool_average_scale(h0, h1, w0, w1);
            }
        }
        dx[i] = sum;
    }
}
