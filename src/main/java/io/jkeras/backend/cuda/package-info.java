/**
 * The CUDA backend: our kernels, cuBLAS, cuDNN where it is installed (convolutions, pooling,
 * batch normalisation; im2col + cuBLAS and our kernels where not), one stream, the shared
 * memory pool over cudaMalloc, pinned transfers.
 */
package io.jkeras.backend.cuda;
