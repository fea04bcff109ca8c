/** The CUDA backend: our kernels, cuBLAS, one stream, the shared memory pool over cudaMalloc, pinned transfers. */
package io.jkeras.backend.cuda;
