/** The CPU fallback: OpenBLAS for GEMM, Java kernels over native memory for the rest. */
package io.jkeras.backend.cpu;
