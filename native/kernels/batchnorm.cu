/*
 * batchnorm.cu - batch normalisation in training mode over x viewed as (rows, channels), and
 * its gradient, as CpuBatchNorm.
 *
 * Per-channel sums (stats, backward_reduce) take one block per channel (a block-stride loop,
 * so any grid size works) and a block-wide tree over the channel's rows, accumulating in
 * float. The variance is a second pass over (x - mean)^2, exact where the one-pass
 * E[x^2] - E[x]^2 would cancel; it is the biased variance (divided by rows). With no rows the
 * mean and variance are NaN (0 / 0), as on the CPU.
 *
 * The elementwise kernels fold each channel's terms into one multiply-add per element, with
 * the coefficients computed as the CPU computes them:
 *   forward   y  = x * scale + shift,  scale = gamma / sqrt(var + eps), shift = beta - mean * scale
 *   backward  dx = a * dy + b * x + c, a = gamma / sqrt(var + eps),
 *             b = -a * inv_std * dgamma / rows,  c = -a * dbeta / rows - b * mean
 * which is gamma * inv_std / rows * (rows * dy - dbeta - xhat * dgamma) rearranged.
 */
#include "jkeras_device.cuh"

/* 1 / sqrt(var + eps), IEEE-rounded at each step like the CPU's 1f / (float) Math.sqrt(...). */
__device__ __forceinline__ float bn_inv_std(float var, float eps) {
    return 1.0f / sqrtf(var + eps);
}

extern "C" __global__ void batchnorm_stats_kernel(const float* x, float* mean, float* var, int rows, int channels) {
    JK_FOR_EACH_BLOCK(ch, channels) {
        const float* column = x + ch;
        float s = 0.0f;
        JK_FOR_EACH_IN_BLOCK(r, rows) {
            s += column[(long long)r * channels];
        }
        float m = jk_block_sum(s) / (float)rows;
        float sq = 0.0f;
        JK_FOR_EACH_IN_BLOCK(r, rows) {
            float d = column[(long long)r * channels] - m;
            sq += d * d;
        }
        float v = jk_block_sum(sq) / (float)rows;
        if (threadIdx.x == 0) {
            mean[ch] = m;
            var[ch] = v;
        }
    }
}

extern "C" __global__ void batchnorm_forward_kernel(const float* x, const float* gamma, const float* beta,
                                                    const float* mean, const float* var, float eps, float* y,
                                                    int rows, int channels) {
    JK_FOR_EACH(i, (long long)rows * channels) {
        int ch = (int)(i % channels);
        float scale = gamma[ch] / sqrtf(var[ch] + eps);
        float shift = beta[ch] - mean[ch] * scale;
        y[i] = x[i] * scale + shift;
    }
}

/* dgamma = sum(dy * xhat), dbeta = sum(dy), xhat = (x - mean) / sqrt(var + eps). */
extern "C" __global__ void batchnorm_backward_reduce_kernel(const float* x, const float* dy, const float* mean,
                                                            const float* var, float eps, float* dgamma, float* dbeta,
                                                            int rows, int channels) {
    JK_FOR_EACH_BLOCK(ch, channels) {
        float m = mean[ch];
        float inv_std = bn_inv_std(var[ch], eps);
        float sum_dy = 0.0f, sum_dy_xhat = 0.0f;
        JK_FOR_EACH_IN_BLOCK(r, rows) {
            long long at = (long long)r * channels + ch;
            float xhat = (x[at] - m) * inv_std;
            sum_dy += dy[at];
            sum_dy_xhat += dy[at] * xhat;
        }
        sum_dy = jk_block_sum(sum_dy);
        sum_dy_xhat = jk_block_sum(sum_dy_xhat);
        if (threadIdx.x == 0) {
            dbeta[ch] = sum_dy;
            dgamma[ch] = sum_dy_xhat;
        }
    }
}

extern "C" __global__ void batchnorm_backward_kernel(const float* x, const float* gamma, const float* mean,
                                                     const float* var, float eps, const float* dy,
                                                     const float* dgamma, const float* dbeta, float* dx, int rows,
                                                     int channels) {
    JK_FOR_EACH(i, (long long)rows * channels) {
        int ch = (int)(i % channels);
        float inv_std = bn_inv_std(var[ch], eps);
        float a = gamma[ch] * inv_std;
        float b = -a * inv_std * dgamma[ch] / (float)rows;
        float c = -a * dbeta[ch] / (float)rows - b * mean[ch];
        dx[i] = a * dy[i] + b * x[i] + c;
    }
}
