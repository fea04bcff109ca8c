/* A stand-in for cuBLAS (libcublas.so.13): a reference column-major SGEMM, so the Java side's
 * row-major operand swap is checked against the definition. */
#include "jk_stub.h"
static int h;
int cublasCreate_v2(void** p) { *p = &h; return 0; }
int cublasDestroy_v2(void* p) { return 0; }
int cublasSetStream_v2(void* p, void* s) { return 0; }
int cublasSetWorkspace_v2(void* p, void* w, size_t n) { return w ? 0 : 7; }
int cublasSetMathMode(void* p, int m) { return m == 0 || m == 3 ? 0 : 7; }
const char* cublasGetStatusName(int s) { return s == 7 ? "CUBLAS_STATUS_INVALID_VALUE" : "CUBLAS_STATUS_UNKNOWN"; }
int cublasSgemm_v2(void* hd, int ta, int tb, int m, int n, int k, const float* alpha, const float* A, int lda,
                   const float* B, int ldb, const float* beta, float* C, int ldc) {
    if (lda < (ta ? k : m) || ldb < (tb ? n : k) || ldc < m) { fprintf(stderr, "STUB: sgemm bad ld\n"); return 7; }
    for (int j = 0; j < n; j++) for (int i = 0; i < m; i++) {
        double s = 0;
        for (int l = 0; l < k; l++) {
            float a = ta ? A[l + (long) i * lda] : A[i + (long) l * lda];
            float b = tb ? B[j + (long) l * ldb] : B[l + (long) j * ldb];
            s += (double) a * b; }
        float c = *beta == 0 ? 0 : *beta * C[i + (long) j * ldc];
        C[i + (long) j * ldc] = (float) (*alpha * s) + c; }
    return 0; }
