/*
 * dropout.cu - inverted dropout with the counter-based generator of
 * io.jkeras.backend.CounterRng, as CpuNn.dropout.
 *
 * Element i is kept when uniform(seed, i) >= rate and then scaled by 1 / (1 - rate), else 0.
 * uniform is a pure function of (seed, i), so the mask is the CPU's bit for bit, whatever
 * thread draws which element, and the backward pass (dropout of dy with the same seed)
 * redraws the same mask instead of storing it. y may be x.
 */
#include "jkeras_device.cuh"

extern "C" __global__ void dropout_forward_kernel(const float* x, float* y, float rate, unsigned long long seed,
                                                  long long n) {
    float scale = 1.0f / (1.0f - rate);  // the CPU's float expression, IEEE-rounded
    JK_FOR_EACH(i, n) {
        y[i] = jk_rng_uniform(seed, (unsigned long long)i) >= rate ? x[i] * scale : 0.0f;
    }
}
