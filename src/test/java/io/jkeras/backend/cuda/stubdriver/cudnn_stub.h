/* Shared by the cuDNN stand-ins (cudnn_{graph,ops,cnn,adv}_stub.c, one library per cuDNN 9
 * sub-library, as the JNI glue imports each function from its own): the descriptors, which
 * carry a tag so a descriptor of the wrong kind in an argument is caught, and the indexing of
 * 4-d tensors and filters. Values are cuDNN 9's (cudnn_graph.h, cudnn_ops.h, cudnn_cnn.h). */
#include "jk_stub.h"

enum { ST_OK = 0, ST_NOT_INITIALIZED = 1001, ST_SUBLIBRARY_MISMATCH = 1002, ST_BAD_PARAM = 2000,
       ST_NOT_SUPPORTED = 3000, ST_EXECUTION_FAILED = 5000 };
enum { FMT_NCHW = 0, FMT_NHWC = 1 };
enum { DT_FLOAT = 0 };
enum { MATH_DEFAULT = 0, MATH_TENSOR_OP = 1, MATH_ALLOW_CONVERSION = 2, MATH_FMA = 3 };
enum { POOL_MAX = 0, POOL_AVG_INCLUDE = 1, POOL_AVG_EXCLUDE = 2, POOL_MAX_DETERMINISTIC = 3 };
enum { BN_PER_ACTIVATION = 0, BN_SPATIAL = 1 };
enum { TAG_TENSOR = 0x7e450001, TAG_FILTER = 0x7e450002, TAG_CONV = 0x7e450003, TAG_POOL = 0x7e450004 };

typedef struct { int tag, format, n, c, h, w; long long sn, sc, sh, sw; } stub_tensor;
typedef struct { int tag, format, k, c, h, w; } stub_filter;
typedef struct { int tag, pad_h, pad_w, u, v, dil_h, dil_w, mode, math; } stub_conv;
typedef struct { int tag, mode, nan, wh, ww, ph, pw, sh, sw; } stub_pool;

/* cudnnConvolutionFwdAlgoPerf_t and its two backward twins, as in cudnn_cnn.h */
typedef struct { int algo; int status; float time; size_t memory; int determinism; int mathType; int reserved[3]; } stub_perf;

static inline int is_tensor(const stub_tensor* t) { return t && t->tag == TAG_TENSOR; }
static inline int is_filter(const stub_filter* f) { return f && f->tag == TAG_FILTER; }

static inline long long t_at(const stub_tensor* t, int n, int c, int h, int w) {
    return n * t->sn + c * t->sc + h * t->sh + w * t->sw;
}
static inline long long t_size(const stub_tensor* t) { return (long long) t->n * t->c * t->h * t->w; }

/* KCRS for the NCHW format, KRSC for NHWC */
static inline long long f_at(const stub_filter* f, int k, int c, int r, int s) {
    return f->format == FMT_NCHW ? (((long long) k * f->c + c) * f->h + r) * f->w + s
                                 : (((long long) k * f->h + r) * f->w + s) * f->c + c;
}

/* y = alpha * v + beta * y, without reading y when beta is 0 (cuDNN's rule for blending) */
static inline void blend(float* y, long long i, float v, const void* alpha, const void* beta) {
    float a = *(const float*) alpha, b = *(const float*) beta;
    y[i] = b == 0.0f ? a * v : a * v + b * y[i];
}

static inline int trace_on(void) { return getenv("STUB_CUDNN_TRACE") != NULL; }
