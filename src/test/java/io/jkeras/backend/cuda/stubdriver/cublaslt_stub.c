/*
 * A stand-in for cuBLASLt (libcublasLt.so.13), which the cuBLAS bindings also need: the
 * descriptors CudaBlasLt uses and a reference column-major matmul with the epilogues it asks
 * for (DEFAULT, RELU, BIAS, RELU_BIAS, BGRADA), computed on the host from the definitions in
 * the cuBLASLt documentation, so the Java side's operand mapping is checked against them.
 * Anything the Java side should never send (an unknown attribute, layouts that do not fit
 * the transposes, a pointer off cuBLASLt's 256-byte alignment, a missing bias or workspace)
 * prints "STUB:" and fails with EXECUTION_FAILED, which the Java side throws on, rather
 * than NOT_SUPPORTED, which it would quietly fall back from.
 * Environment:
 *   STUB_LT_RELU=fmaxf          relu turns NaN into 0 (CUDA's fmaxf) instead of keeping it
 *   STUB_LT_NO_ALGO=e           the heuristic finds no algorithm for epilogue e
 *   STUB_LT_NOT_SUPPORTED_ROWS=r  the matmul answers NOT_SUPPORTED where D has r rows
 *   STUB_LT_WRONG_BIAS=1        the BIAS epilogues add the bias twice (a library computing wrong values)
 *   STUB_LT_COMPUTE=c           every descriptor must have compute type c (68 float32, 77 TF32)
 * Built with -DSTUB_LT_VERSION_ONLY it has only cublasLtGetVersion: an older cuBLASLt without
 * the entry points CudaBlasLt uses.
 */
#include "jk_stub.h"

size_t cublasLtGetVersion(void) { return 130100; }

#ifndef STUB_LT_VERSION_ONLY
enum { OK = 0, INVALID_VALUE = 7, EXECUTION_FAILED = 13, NOT_SUPPORTED = 15 };
enum { EPI_DEFAULT = 1, EPI_RELU = 2, EPI_BIAS = 4, EPI_RELU_BIAS = 6, EPI_BGRADA = 256 };
enum { DESC_TRANSA = 3, DESC_TRANSB = 4, DESC_EPILOGUE = 7, DESC_BIAS_POINTER = 8 };
enum { PREF_MAX_WORKSPACE_BYTES = 1 };
/* the workspace every algorithm of the stub asks for, so the Java side must pass one */
#define STUB_WORKSPACE 4096

typedef struct { uint64_t data[8]; } algo_t;
/* cublasLtMatmulHeuristicResult_t as cublasLt.h declares it: JavaCPP reads these fields */
typedef struct { algo_t algo; size_t workspaceSize; int state; float wavesCount; int reserved[4]; } heuristic_t;
typedef struct { int compute, scale, transa, transb, epilogue; const float* bias; } desc_t;
typedef struct { int type; uint64_t rows, cols; int64_t ld; } layout_t;
typedef struct { uint64_t max_workspace; } pref_t;

static int handle;
static int env_int(const char* name) { const char* v = getenv(name); return v ? atoi(v) : -1; }
static int fail(const char* what) { fprintf(stderr, "STUB: cublasLt %s\n", what); return EXECUTION_FAILED; }

int cublasLtCreate(void** h) { *h = &handle; return OK; }
int cublasLtDestroy(void* h) { return h == &handle ? OK : fail("destroy of an unknown handle"); }

int cublasLtMatmulDescCreate(void** d, int compute, int scale) {
    /* CUBLAS_COMPUTE_32F, CUBLAS_COMPUTE_32F_FAST_TF32; CUDA_R_32F */
    if ((compute != 68 && compute != 77) || scale != 0) return fail("desc: not a float32 compute or scale type");
    if (env_int("STUB_LT_COMPUTE") > 0 && compute != env_int("STUB_LT_COMPUTE")) return fail("desc: not STUB_LT_COMPUTE");
    desc_t* p = calloc(1, sizeof(desc_t));
    p->compute = compute; p->scale = scale; p->epilogue = EPI_DEFAULT;
    *d = p; return OK; }
int cublasLtMatmulDescDestroy(void* d) { free(d); return OK; }
int cublasLtMatmulDescSetAttribute(void* d, int attr, const void* buf, size_t size) {
    desc_t* p = d;
    switch (attr) {
        case DESC_TRANSA: if (size != 4) return fail("TRANSA size"); p->transa = *(const int*) buf; return OK;
        case DESC_TRANSB: if (size != 4) return fail("TRANSB size"); p->transb = *(const int*) buf; return OK;
        case DESC_EPILOGUE: if (size != 4) return fail("EPILOGUE size"); p->epilogue = *(const int*) buf; return OK;
        case DESC_BIAS_POINTER: if (size != 8) return fail("BIAS_POINTER size");
            p->bias = *(const float* const*) buf; return OK;
    }
    return fail("desc: an attribute the Java side does not set"); }

int cublasLtMatrixLayoutCreate(void** l, int type, uint64_t rows, uint64_t cols, int64_t ld) {
    if (type != 0 || ld < (int64_t) rows) return fail("layout: not float32 or ld < rows");
    layout_t* p = malloc(sizeof(layout_t));
    p->type = type; p->rows = rows; p->cols = cols; p->ld = ld;
    *l = p; return OK; }
int cublasLtMatrixLayoutDestroy(void* l) { free(l); return OK; }

int cublasLtMatmulPreferenceCreate(void** p) { *p = calloc(1, sizeof(pref_t)); return OK; }
int cublasLtMatmulPreferenceDestroy(void* p) { free(p); return OK; }
int cublasLtMatmulPreferenceSetAttribute(void* p, int attr, const void* buf, size_t size) {
    if (attr != PREF_MAX_WORKSPACE_BYTES || size != 8) return fail("preference: not MAX_WORKSPACE_BYTES");
    ((pref_t*) p)->max_workspace = *(const uint64_t*) buf; return OK; }

int cublasLtMatmulAlgoGetHeuristic(void* h, void* d, void* a, void* b, void* c, void* dd, void* pref, int requested,
                                   heuristic_t* results, int* count) {
    const desc_t* desc = d;
    *count = 0;
    if (requested < 1) return INVALID_VALUE;
    if (desc->epilogue == env_int("STUB_LT_NO_ALGO")) return NOT_SUPPORTED;
    if (((pref_t*) pref)->max_workspace < STUB_WORKSPACE) return NOT_SUPPORTED;
    memset(results, 0, sizeof(heuristic_t));
    results->algo.data[0] = 42;
    results->workspaceSize = STUB_WORKSPACE;
    results->wavesCount = 1;
    *count = 1;
    return OK; }

static int aligned(const void* p) { return ((uintptr_t) p & 255) == 0; }

/* D (m, n) = alpha op(A) op(B) + beta C, then the epilogue; every matrix column-major */
int cublasLtMatmul(void* h, void* d, const float* alpha, const float* A, const layout_t* la, const float* B,
                   const layout_t* lb, const float* beta, const float* C, const layout_t* lc, float* D,
                   const layout_t* ld, const algo_t* algo, void* workspace, size_t workspaceBytes, void* stream) {
    const desc_t* desc = d;
    int e = desc->epilogue;
    if (algo == NULL || algo->data[0] != 42) return fail("matmul: not the heuristic's algorithm");
    if (workspace == NULL || workspaceBytes < STUB_WORKSPACE) return fail("matmul: no workspace");
    if (!aligned(A) || !aligned(B) || !aligned(C) || !aligned(D) || !aligned(workspace)) return fail("matmul: unaligned");
    long m = ld->rows, n = ld->cols, k = desc->transa ? la->rows : la->cols;
    if (m == env_int("STUB_LT_NOT_SUPPORTED_ROWS")) return NOT_SUPPORTED;
    if (lc->rows != ld->rows || lc->cols != ld->cols || lc->ld != ld->ld
        || (desc->transa ? la->cols : la->rows) != (uint64_t) m
        || (desc->transb ? lb->rows : lb->cols) != (uint64_t) n
        || (desc->transb ? lb->cols : lb->rows) != (uint64_t) k) return fail("matmul: layouts do not fit the transposes");
    int bias_epilogue = e == EPI_BIAS || e == EPI_RELU_BIAS || e == EPI_BGRADA;
    if (e != EPI_DEFAULT && e != EPI_RELU && !bias_epilogue) return fail("matmul: an epilogue the Java side does not use");
    if (bias_epilogue && (desc->bias == NULL || !aligned(desc->bias))) return fail("matmul: no or unaligned bias");
    if (e == EPI_BGRADA && desc->transa) return fail("matmul: BGRADA with A transposed");
    int fmaxf_relu = getenv("STUB_LT_RELU") && strcmp(getenv("STUB_LT_RELU"), "fmaxf") == 0;
    float bias_scale = env_int("STUB_LT_WRONG_BIAS") == 1 ? 2 : 1;
    for (long j = 0; j < n; j++) for (long i = 0; i < m; i++) {
        double s = 0;
        for (long l = 0; l < k; l++) {
            float a = desc->transa ? A[l + i * la->ld] : A[i + l * la->ld];
            float b = desc->transb ? B[j + l * lb->ld] : B[l + j * lb->ld];
            s += (double) a * b; }
        float v = (float) (*alpha * s) + (*beta == 0 ? 0 : *beta * C[i + j * lc->ld]);
        if (e == EPI_BIAS || e == EPI_RELU_BIAS) v += bias_scale * desc->bias[i];
        if (e == EPI_RELU || e == EPI_RELU_BIAS) v = fmaxf_relu ? fmaxf(v, 0) : (v != v || v > 0 ? v : 0);
        D[i + j * ld->ld] = v; }
    if (e == EPI_BGRADA) {
        /* the bias gradient of A: op(A)'s rows summed over k, one value per row of D */
        float* db = (float*) desc->bias;
        for (long i = 0; i < m; i++) {
            double s = 0;
            for (long l = 0; l < k; l++) s += A[i + l * la->ld];
            db[i] = (float) s; } }
    return OK; }
#endif
