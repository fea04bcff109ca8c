/*
 * softmax.cu - softmax and log-softmax over the last axis of (rows, cols), and their
 * gradients, as CpuReduce.softmax / softmaxBackward.
 *
 * One block per row (a block-stride loop, so any grid size works). The forward pass
 * subtracts the row's maximum before exponentiating, so it never overflows:
 *   softmax:     y = exp(x - max) * (1 / sum(exp(x - max)))
 *   log-softmax: y = x - (max + log(sum(exp(x - max))))
 * Each pass over the row is one block-wide reduction; the row is read again rather than
 * kept, since a row may be longer than the block. y may be x and dx may be dy: each thread
 * writes only the elements it read itself, after the last reduction that reads them.
 */
#include "jkeras_device.cuh"

template <bool kLog>
__device__ void softmax_rows(const float* x, float* y, int rows, int cols) {
    JK_FOR_EACH_BLOCK(r, rows) {
        const float* xr = x + r * cols;
        float* yr = y + r * cols;
        float m = JkMax::identity();
        JK_FOR_EACH_IN_BLOCK(c, cols) {
            m = jk_max(m, xr[c]);
        }
        m = jk_block_max(m);
        float s = 0.0f;
        JK_FOR_EACH_IN_BLOCK(c, cols) {
            s += expf(xr[c] - m);
        }
        s = jk_block_sum(s);
        if (kLog) {
            float lse = m + logf(s);
            JK_FOR_EACH_IN_BLOCK(c, cols) {
                yr[c] = xr[c] - lse;
            }
        } else {
            float inv = 1.0f / s;
            JK_FOR_EACH_IN_BLOCK(c, cols) {
                yr[c] = expf(xr[c] - m) * inv;
            }
        }
    }
}

/* softmax: dx = y (dy - sum(dy y)); log-softmax: dx = dy - exp(y) sum(dy). */
template <bool kLog>
__device__ void softmax_backward_rows(const float* y, const float* dy, float* dx, int rows, int cols) {
    JK_FOR_EACH_BLOCK(r, rows) {
        const float* yr = y + r * cols;
        const float* dyr = dy + r * cols;
        float* dxr = dx + r * cols;
        float dot = 0.0f;
        JK_FOR_EACH_IN_BLOCK(c, cols) {
            dot += kLog ? dyr[c] : dyr[c] * yr[c];
        }
        dot = jk_block_sum(dot);
        JK_FOR_EACH_IN_BLOCK(c, cols) {
            dxr[c] = kLog ? dyr[c] - expf(yr[c]) * dot : yr[c] * (dyr[c] - dot);
        }
    }
}

extern "C" __global__ void softmax_forward_kernel(const float* x, float* y, int rows, int cols) {
    softmax_rows<false>(x, y, rows, cols);
}

extern "C" __global__ void softmax_backward_kernel(const float* y, const float* dy, float* dx, int rows, int cols) {
    softmax_backward_rows<false>(y, dy, dx, rows, cols);
}

extern "C" __global__ void log_softmax_forward_kernel(const float* x, float* y, int rows, int cols) {
    softmax_rows<true>(x, y, rows, cols);
}

extern "C" __global__ void log_softmax_backward_kernel(const float* y, const float* dy, float* dx, int rows,
                                                       int cols) {
    softmax_backward_rows<true>(y, dy, dx, rows, cols);
}
