/*
 * conv.cu - im2col and its adjoint col2im for 2D convolution over NHWC images, the matrix
 * side of convolution as im2col + cuBLAS GEMM (as CpuConv).
 *
 * The im2col matrix of images [image0, image0 + images) has one row per output pixel
 * (image, oh, ow) and one column per kernel tap (kh, kw, c), the kernel's own memory order,
 * so the (k_h, k_w, in_c, out_c) kernel is used as a (k_h * k_w * in_c, out_c) matrix as is:
 *   forward          y    = col * K
 *   backward input   dcol = dy * K^T, then col2im
 *   backward kernel  dK   = col^T * dy
 * Tap (kh, kw) of output pixel (oh, ow) reads input pixel
 *   h = oh * stride_h - pad_top + kh * dil_h,  w = ow * stride_w - pad_left + kw * dil_w,
 * and reads zero where that lies in the padding.
 *
 * x and dx are the whole batch (image n at n * in_h * in_w * in_c); col holds only the rows
 * of images [image0, image0 + images), its row 0 being image0's first output pixel.
 *
 * col2im is written as a gather: one thread per input element sums every col entry that
 * read it, so no two threads write the same address and no atomics are needed; it writes
 * (not adds to) every element of its images.
 */
#include "jkeras_device.cuh"

/* One thread per col entry (row, tap, c). */
extern "C" __global__ void im2col_kernel(const float* x, float* col, jk_conv2d g, int image0, int images) {
    int col_width = g.k_h * g.k_w * g.in_c;
    long long pixels = (long long)g.out_h * g.out_w;
    JK_FOR_EACH(i, images * pixels * col_width) {
        long long row = i / col_width;
        int k = (int)(i % col_width);
        int c = k % g.in_c;
        int tap = k / g.in_c;
        int kh = tap / g.k_w, kw = tap % g.k_w;
        long long image = image0 + row / pixels;
        int p = (int)(row % pixels);
        int oh = p / g.out_w, ow = p % g.out_w;
        int h = oh * g.stride_h - g.pad_top + kh * g.dil_h;
        int w = ow * g.stride_w - g.pad_left + kw * g.dil_w;
        bool inside = h >= 0 && h < g.in_h && w >= 0 && w < g.in_w;
        col[i] = inside ? x[((image * g.in_h + h) * g.in_w + w) * g.in_c + c] : 0.0f;
    }
}

/* One thread per input element (image, h, w, c) of the block's images: the sum over taps
 * (kh, kw) whose output pixel (oh, ow) exists, i.e. h + pad_top - kh * dil_h is a
 * non-negative multiple of stride_h with quotient below out_h (and likewise for w). */
extern "C" __global__ void col2im_kernel(const float* col, float* dx, jk_conv2d g, int image0, int images) {
    int col_width = g.k_h * g.k_w * g.in_c;
    long long image_size = (long long)g.in_h * g.in_w * g.in_c;
    JK_FOR_EACH(i, images * image_size) {
        long long local_image = i / image_size;
        int within = (int)(i % image_size);
        int c = within % g.in_c;
        int w = (within / g.in_c) % g.in_w;
        int h = within / (g.in_c * g.in_w);
        const float* image_col = col + local_image * g.out_h * g.out_w * col_width;
        float sum = 0.0f;
        for (int kh = 0; kh < g.k_h; kh++) {
            int hh = h + g.pad_top - kh * g.dil_h;
            if (hh < 0 || hh % g.stride_h != 0 || hh / g.stride_h >= g.out_h) continue;
            int oh = hh / g.stride_h;
            for (int kw = 0; kw < g.k_w; kw++) {
                int ww = w + g.pad_left - kw * g.dil_w;
                if (ww < 0 || ww % g.stride_w != 0 || ww / g.stride_w >= g.out_w) continue;
                int ow = ww / g.stride_w;
                long long row = (long long)oh * g.out_w + ow;
                sum += image_col[row * col_width + (kh * g.k_w + kw) * g.in_c + c];
            }
        }
        dx[(image0 + local_image) * image_size + within] = sum;
    }
}
