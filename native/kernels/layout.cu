/*
 * layout.cu - kernels that move values without arithmetic, or pick them by index: axis
 * permutation, block copies along one axis, one-hot encoding, and TensorFlow's in_top_k
 * (as CpuReduce.transpose, copyAxis, oneHot and inTopK).
 *
 * All are one thread per output element (in_top_k: per row) in a grid-stride loop, and each
 * output is written exactly once, so no two threads ever touch the same address.
 */
#include "jkeras_device.cuh"

/* Output element i = the input element at i's multi-index with the axes permuted back:
 * out axis k walks input axis perm[k]. */
extern "C" __global__ void transpose_kernel(const float* x, float* out, long long n, jk_transpose t) {
    long long in_strides[JK_MAX_RANK];
    long long stride = 1;
    for (int k = t.rank - 1; k >= 0; k--) {
        in_strides[k] = stride;
        stride *= t.in_dims[k];
    }
    JK_FOR_EACH(i, n) {
        long long rest = i, src = 0;
        for (int k = t.rank - 1; k >= 0; k--) {
            int axis = t.perm[k];
            long long dim = t.in_dims[axis];
            src += (rest % dim) * in_strides[axis];
            rest /= dim;
        }
        out[i] = x[src];
    }
}

/* Item (o, a, r) of the (outer, length, inner) block copies x[o, x_start + a, r] to out[o, out_start + a, r]. */
extern "C" __global__ void copy_axis_kernel(const float* x, int x_len, int x_start, float* out, int out_len,
                                            int out_start, int outer, int length, int inner) {
    long long block = (long long)length * inner;
    JK_FOR_EACH(i, (long long)outer * block) {
        long long o = i / block;
        long long within = i % block;  // (a, r) flattened
        out[(o * out_len + out_start) * inner + within] = x[(o * x_len + x_start) * inner + within];
    }
}

/* Labels were checked on the host to be integral class indices in [0, classes). */
extern "C" __global__ void one_hot_kernel(const float* labels, float* out, int n, int classes) {
    JK_FOR_EACH(i, (long long)n * classes) {
        long long row = i / classes;
        int c = (int)(i % classes);
        out[i] = c == jk_to_int(labels[row]) ? 1.0f : 0.0f;
    }
}

/* The target is in the top k when fewer than k classes score strictly higher; a target
 * index outside [0, classes) (after Java's float-to-int cast) or a non-finite target score
 * gives 0. */
extern "C" __global__ void in_top_k_kernel(const float* predictions, const float* targets, float* out, int n,
                                           int classes, int k) {
    JK_FOR_EACH(i, n) {
        int t = jk_to_int(targets[i]);
        if (t < 0 || t >= classes) {
            out[i] = 0.0f;
            continue;
        }
        const float* row = predictions + i * classes;
        float v = row[t];
        int higher = 0;
        for (int c = 0; c < classes; c++) {
            if (row[c] > v) higher++;
        }
        out[i] = isfinite(v) && higher < k ? 1.0f : 0.0f;
    }
}
