/*
 * The CPU backend's GEMM through oneDNN's dnnl_sgemm (row-major), called straight from here
 * rather than through the JavaCPP binding, for two reasons: one JNI call per GEMM with raw
 * addresses (no Pointer objects), and the OpenMP thread count. libdnnl runs on the libgomp
 * JavaCPP bundles with it; jkeras splits every GEMM into bands over its own threads (CpuBlas),
 * so each band must run on one thread: omp_set_num_threads(1) sets that for the calling thread
 * only (an OpenMP per-thread setting), leaving any other OpenMP user in the process alone.
 *
 * The symbols come from the copies JavaCPP has already loaded (dlopen with RTLD_NOLOAD finds
 * them by soname), so this library links neither and loads without them.
 */
#include <dlfcn.h>
#include <stddef.h>

#include "jkeras_cpu.h"

#define JK_NAME(op) Java_io_jkeras_backend_cpu_NativeGemm_##op

typedef int (*jk_dnnl_sgemm)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                             int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
typedef void (*jk_omp_set_num_threads)(int n);

static jk_dnnl_sgemm dnnl_sgemm_fn;
static jk_omp_set_num_threads omp_set_num_threads_fn;

/* Returns NULL once both symbols are found, else why not. */
JK_EXPORT jstring JNICALL JK_NAME(bind)(JNIEnv *env, jclass cls) {
    (void) cls;
    void *dnnl = dlopen("libdnnl.so.3", RTLD_NOW | RTLD_NOLOAD);
    if (dnnl == NULL) {
        return (*env)->NewStringUTF(env, "libdnnl.so.3 is not loaded");
    }
    void *gomp = dlopen("libgomp.so.1", RTLD_NOW | RTLD_NOLOAD);
    if (gomp == NULL) {
        return (*env)->NewStringUTF(env, "libgomp.so.1 (libdnnl's OpenMP runtime) is not loaded");
    }
    jk_dnnl_sgemm sgemm = (jk_dnnl_sgemm) dlsym(dnnl, "dnnl_sgemm");
    jk_omp_set_num_threads set_threads = (jk_omp_set_num_threads) dlsym(gomp, "omp_set_num_threads");
    if (sgemm == NULL || set_threads == NULL) {
        return (*env)->NewStringUTF(env, "dnnl_sgemm or omp_set_num_threads is missing from the loaded libraries");
    }
    dnnl_sgemm_fn = sgemm;
    omp_set_num_threads_fn = set_threads;
    return NULL;
}

/* c = alpha op(a) op(b) + beta c, row-major, on the calling thread; dnnl's status (0: success). */
JK_EXPORT jint JNICALL JK_NAME(sgemm)(JNIEnv *env, jclass cls, jboolean trans_a, jboolean trans_b, jint m, jint n,
                                      jint k, jfloat alpha, jlong a, jint lda, jlong b, jint ldb, jfloat beta, jlong c,
                                      jint ldc) {
    (void) env;
    (void) cls;
    omp_set_num_threads_fn(1);
    return dnnl_sgemm_fn(trans_a ? 'T' : 'N', trans_b ? 'T' : 'N', m, n, k, alpha, JK_F(a), lda, JK_F(b), ldb, beta,
                         JK_F(c), ldc);
}
