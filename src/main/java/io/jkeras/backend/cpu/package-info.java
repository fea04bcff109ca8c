/**
 * The CPU fallback: GEMM in jkeras's AVX-512 sgemm or OpenBLAS, the CPU kernel library (C) and
 * Java kernels over native memory for the rest.
 */
package io.jkeras.backend.cpu;
