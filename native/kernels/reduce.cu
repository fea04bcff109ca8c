/*
 * reduce.cu - reductions of x viewed as (outer, len, inner) over its middle axis into
 * out (outer, inner), as CpuReduce.reduce.
 *
 * One block per output (a block-stride loop, so any grid size works): each thread folds the
 * values j = threadIdx.x, threadIdx.x + blockDim.x, ... of its output's run, then the block
 * combines the threads' partial results in a tree (jkeras_device.cuh). Sums accumulate in
 * float. MAX and MIN propagate NaN like Java's Math.max/min; ARGMAX skips NaN (the CPU's
 * "x > best" scan never picks one) and gives the first index of the maximum, 0 when no value
 * exceeds -infinity. An empty run (len 0) gives 0 for SUM and NaN for the others, as the CPU
 * backend's reduce.
 */
#include "jkeras_device.cuh"

/* Reduce each output's run with Op; MEAN divides the sum by len. */
template <class Op, bool kMean>
__device__ void reduce_runs(const float* x, float* out, int outer, int len, int inner, float empty) {
    JK_FOR_EACH_BLOCK(o, (long long)outer * inner) {
        const float* run = x + (o / inner) * len * inner + o % inner;
        float acc = Op::identity();
        JK_FOR_EACH_IN_BLOCK(j, len) {
            acc = Op::combine(acc, run[(long long)j * inner]);
        }
        acc = jk_block_reduce<Op>(acc);
        if (threadIdx.x == 0) out[o] = len == 0 ? empty : kMean ? acc / (float)len : acc;
    }
}

extern "C" __global__ void reduce_sum_kernel(const float* x, float* out, int outer, int len, int inner) {
    reduce_runs<JkSum, false>(x, out, outer, len, inner, 0.0f);
}

extern "C" __global__ void reduce_mean_kernel(const float* x, float* out, int outer, int len, int inner) {
    reduce_runs<JkSum, true>(x, out, outer, len, inner, jk_nan());
}

extern "C" __global__ void reduce_max_kernel(const float* x, float* out, int outer, int len, int inner) {
    reduce_runs<JkMax, false>(x, out, outer, len, inner, jk_nan());
}

extern "C" __global__ void reduce_min_kernel(const float* x, float* out, int outer, int len, int inner) {
    reduce_runs<JkMin, false>(x, out, outer, len, inner, jk_nan());
}

extern "C" __global__ void reduce_argmax_kernel(const float* x, float* out, int outer, int len, int inner) {
    JK_FOR_EACH_BLOCK(o, (long long)outer * inner) {
        const float* run = x + (o / inner) * len * inner + o % inner;
        float best = -INFINITY;
        int best_index = 0x7fffffff;  // nothing above -inf seen yet
        JK_FOR_EACH_IN_BLOCK(j, len) {
            float v = run[(long long)j * inner];
            if (v > best) {  // strictly: the first of equal maxima stays
                best = v;
                best_index = j;
            }
        }
        int index = jk_block_argmax(best, best_index);
        if (threadIdx.x == 0) out[o] = len == 0 ? jk_nan() : index == 0x7fffffff ? 0.0f : (float)index;
    }
}
