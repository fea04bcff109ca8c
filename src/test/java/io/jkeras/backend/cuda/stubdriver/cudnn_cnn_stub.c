/* A stand-in for cuDNN 9's libcudnn_cnn.so.9: convolution descriptors, the output size, the
 * algorithm searches (heuristic _v7 and timed FindEx) and workspace sizes, and the forward,
 * data-gradient and filter-gradient convolutions (cross-correlation, any 4-d layout through
 * the descriptors' strides, padding on both sides, stride, dilation) as plain loops.
 *
 * Every direction offers the same five algorithms, listed by the heuristics in this order:
 *   2: needs 1 TiB of workspace (must be skipped)      4: NOT_SUPPORTED (must be skipped)
 *   0: fits, not deterministic                         1: deterministic, 3000 bytes of workspace
 *   5: deterministic, no workspace
 * so the heuristic pick (first deterministic that fits) is 1, and FindEx, which ranks by
 * time, lists 5 first. A filter of 13 output channels gets all five as NOT_SUPPORTED, to play
 * a geometry no algorithm runs (the backend must take im2col + cuBLAS for it); with 11 output
 * channels the searches offer them as usual but every run answers NOT_SUPPORTED (the backend
 * must fall back too, and not ask again). Running an algorithm checks it was offered as usable and that its
 * workspace was given, then scribbles over the workspace. */
#include "cudnn_stub.h"

typedef struct { int algo, status, deterministic; size_t memory; } stub_algo;
static const stub_algo HEURISTIC[] = {{2, ST_OK, 1, 1ULL << 40}, {4, ST_NOT_SUPPORTED, 1, 0}, {0, ST_OK, 0, 0},
                                      {1, ST_OK, 1, 3000}, {5, ST_OK, 1, 0}};
static const int TIMED[] = {4, 2, 1, 3, 0}; /* FindEx's order: indexes into HEURISTIC, fastest first */
#define N_ALGOS 5

int cudnnCnnVersionCheck(void) { return getenv("STUB_CUDNN_SUBLIB_MISMATCH") ? ST_SUBLIBRARY_MISMATCH : ST_OK; }

int cudnnCreateConvolutionDescriptor(void** d) { stub_conv* c = calloc(1, sizeof *c); c->tag = TAG_CONV; c->math = MATH_DEFAULT; *d = c; return ST_OK; }
int cudnnDestroyConvolutionDescriptor(void* d) { stub_conv* c = d; if (!c || c->tag != TAG_CONV) return ST_BAD_PARAM; c->tag = 0; free(c); return ST_OK; }
int cudnnSetConvolutionMathType(void* d, int math) {
    stub_conv* c = d;
    if (!c || c->tag != TAG_CONV || math < 0 || math > 3) return ST_BAD_PARAM;
    c->math = math; return ST_OK; }
int cudnnSetConvolution2dDescriptor(void* d, int pad_h, int pad_w, int u, int v, int dil_h, int dil_w, int mode, int dtype) {
    stub_conv* c = d;
    if (!c || c->tag != TAG_CONV || pad_h < 0 || pad_w < 0 || u <= 0 || v <= 0 || dil_h <= 0 || dil_w <= 0 || dtype != DT_FLOAT)
        return ST_BAD_PARAM;
    if (mode != 1) { fprintf(stderr, "STUB: only CUDNN_CROSS_CORRELATION is simulated\n"); return ST_NOT_SUPPORTED; }
    c->pad_h = pad_h; c->pad_w = pad_w; c->u = u; c->v = v; c->dil_h = dil_h; c->dil_w = dil_w; c->mode = mode;
    return ST_OK; }

static int out_dim(int in, int pad, int k, int dil, int stride) { return 1 + (in + 2 * pad - ((k - 1) * dil + 1)) / stride; }

int cudnnGetConvolution2dForwardOutputDim(const void* cd, const void* xd, const void* wd, int* n, int* c, int* h, int* w) {
    const stub_conv* cv = cd; const stub_tensor* x = xd; const stub_filter* f = wd;
    if (!cv || cv->tag != TAG_CONV || !is_tensor(x) || !is_filter(f) || x->c != f->c) return ST_BAD_PARAM;
    *n = x->n; *c = f->k;
    *h = out_dim(x->h, cv->pad_h, f->h, cv->dil_h, cv->u);
    *w = out_dim(x->w, cv->pad_w, f->w, cv->dil_w, cv->v);
    return *h > 0 && *w > 0 ? ST_OK : ST_BAD_PARAM; }

/* the sizes of x, w, y must fit together as cuDNN requires */
static int conv_check(const stub_conv* cv, const stub_tensor* x, const stub_filter* f, const stub_tensor* y) {
    if (!cv || cv->tag != TAG_CONV || !is_tensor(x) || !is_filter(f) || !is_tensor(y) || x->c != f->c || y->c != f->k
            || y->n != x->n || y->h != out_dim(x->h, cv->pad_h, f->h, cv->dil_h, cv->u)
            || y->w != out_dim(x->w, cv->pad_w, f->w, cv->dil_w, cv->v)) {
        fprintf(stderr, "STUB: convolution descriptors disagree\n");
        return ST_BAD_PARAM; }
    return ST_OK; }

static void fill_perf(stub_perf* out, int requested, int* returned, const stub_conv* cv, const stub_filter* f, int timed,
                      size_t ws_given) {
    int n = requested < N_ALGOS ? requested : N_ALGOS;
    for (int i = 0; i < n; i++) {
        const stub_algo* a = &HEURISTIC[timed ? TIMED[i] : i];
        stub_perf* p = &out[i];
        p->algo = a->algo; p->status = a->status; p->time = timed ? 0.1f * (i + 1) : -1.0f; p->memory = a->memory;
        p->determinism = a->deterministic; p->mathType = cv->math;
        if (timed && a->memory > ws_given) p->status = ST_NOT_SUPPORTED; /* could not be timed in the workspace given */
        if (f->k == 13) p->status = ST_NOT_SUPPORTED;
    }
    *returned = n; }

static const stub_algo* offered(int algo) {
    for (int i = 0; i < N_ALGOS; i++) if (HEURISTIC[i].algo == algo) return &HEURISTIC[i];
    return NULL; }

/* checks the algorithm and its workspace before a run, and scribbles over the workspace */
static int run_check(const char* what, const stub_filter* f, int algo, void* ws, size_t ws_bytes) {
    const stub_algo* a = offered(algo);
    if (f->k == 11) return ST_NOT_SUPPORTED;
    if (!a || a->status != ST_OK) { fprintf(stderr, "STUB: %s with algorithm %d, which is not supported\n", what, algo); return ST_NOT_SUPPORTED; }
    if (a->memory > 0 && (ws == NULL || ws_bytes < a->memory)) {
        fprintf(stderr, "STUB: %s with algorithm %d needs %zu bytes of workspace, got %zu at %p\n", what, algo, a->memory, ws_bytes, ws);
        return ST_BAD_PARAM; }
    if (a->memory > 0) memset(ws, 0xA5, a->memory);
    if (trace_on()) fprintf(stderr, "STUB cudnn: %s algorithm %d workspace %zu\n", what, algo, ws_bytes);
    return ST_OK; }

/* the forward product of output (n, k, oh, ow) */
static double conv_at(const stub_conv* cv, const stub_tensor* xt, const float* x, const stub_filter* f, const float* w,
                      int n, int k, int oh, int ow) {
    double s = 0;
    for (int c = 0; c < f->c; c++) for (int r = 0; r < f->h; r++) for (int q = 0; q < f->w; q++) {
        int h = oh * cv->u - cv->pad_h + r * cv->dil_h, ww = ow * cv->v - cv->pad_w + q * cv->dil_w;
        if (h >= 0 && h < xt->h && ww >= 0 && ww < xt->w) s += (double) x[t_at(xt, n, c, h, ww)] * w[f_at(f, k, c, r, q)]; }
    return s; }

static void forward(const stub_conv* cv, const stub_tensor* xt, const float* x, const stub_filter* f, const float* w,
                    const stub_tensor* yt, float* y, const void* alpha, const void* beta) {
    for (int n = 0; n < yt->n; n++) for (int k = 0; k < yt->c; k++) for (int oh = 0; oh < yt->h; oh++) for (int ow = 0; ow < yt->w; ow++)
        blend(y, t_at(yt, n, k, oh, ow), (float) conv_at(cv, xt, x, f, w, n, k, oh, ow), alpha, beta); }

static void backward_data(const stub_conv* cv, const stub_filter* f, const float* w, const stub_tensor* dyt, const float* dy,
                          const stub_tensor* dxt, float* dx, const void* alpha, const void* beta) {
    double* acc = calloc((size_t) t_size(dxt), sizeof(double));
    for (int n = 0; n < dyt->n; n++) for (int k = 0; k < dyt->c; k++) for (int oh = 0; oh < dyt->h; oh++) for (int ow = 0; ow < dyt->w; ow++) {
        double g = dy[t_at(dyt, n, k, oh, ow)];
        for (int c = 0; c < f->c; c++) for (int r = 0; r < f->h; r++) for (int q = 0; q < f->w; q++) {
            int h = oh * cv->u - cv->pad_h + r * cv->dil_h, ww = ow * cv->v - cv->pad_w + q * cv->dil_w;
            if (h >= 0 && h < dxt->h && ww >= 0 && ww < dxt->w)
                acc[(((long long) n * dxt->c + c) * dxt->h + h) * dxt->w + ww] += g * w[f_at(f, k, c, r, q)]; } }
    for (int n = 0; n < dxt->n; n++) for (int c = 0; c < dxt->c; c++) for (int h = 0; h < dxt->h; h++) for (int ww = 0; ww < dxt->w; ww++)
        blend(dx, t_at(dxt, n, c, h, ww), (float) acc[(((long long) n * dxt->c + c) * dxt->h + h) * dxt->w + ww], alpha, beta);
    free(acc); }

static void backward_filter(const stub_conv* cv, const stub_tensor* xt, const float* x, const stub_tensor* dyt, const float* dy,
                            const stub_filter* f, float* dw, const void* alpha, const void* beta) {
    for (int k = 0; k < f->k; k++) for (int c = 0; c < f->c; c++) for (int r = 0; r < f->h; r++) for (int q = 0; q < f->w; q++) {
        double s = 0;
        for (int n = 0; n < dyt->n; n++) for (int oh = 0; oh < dyt->h; oh++) for (int ow = 0; ow < dyt->w; ow++) {
            int h = oh * cv->u - cv->pad_h + r * cv->dil_h, ww = ow * cv->v - cv->pad_w + q * cv->dil_w;
            if (h >= 0 && h < xt->h && ww >= 0 && ww < xt->w) s += (double) x[t_at(xt, n, c, h, ww)] * dy[t_at(dyt, n, k, oh, ow)]; }
        blend(dw, f_at(f, k, c, r, q), (float) s, alpha, beta); } }

/* ---- forward ---- */
int cudnnGetConvolutionForwardAlgorithm_v7(void* h, const void* xd, const void* wd, const void* cd, const void* yd,
                                           int requested, int* returned, stub_perf* perf) {
    int st = conv_check(cd, xd, wd, yd); if (st || !h) return st ? st : ST_BAD_PARAM;
    fill_perf(perf, requested, returned, cd, wd, 0, 0); return ST_OK; }
int cudnnFindConvolutionForwardAlgorithmEx(void* h, const void* xd, const float* x, const void* wd, const float* w, const void* cd,
        const void* yd, float* y, int requested, int* returned, stub_perf* perf, void* ws, size_t ws_bytes) {
    int st = conv_check(cd, xd, wd, yd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if (ws_bytes > 0 && !ws) return ST_BAD_PARAM;
    float one = 1, zero = 0;
    forward(cd, xd, x, wd, w, yd, y, &one, &zero); /* the timing runs write y */
    fill_perf(perf, requested, returned, cd, wd, 1, ws_bytes); return ST_OK; }
int cudnnGetConvolutionForwardWorkspaceSize(void* h, const void* xd, const void* wd, const void* cd, const void* yd, int algo, size_t* bytes) {
    int st = conv_check(cd, xd, wd, yd); if (st || !h) return st ? st : ST_BAD_PARAM;
    const stub_algo* a = offered(algo); if (!a || a->status != ST_OK) return ST_NOT_SUPPORTED;
    *bytes = a->memory; return ST_OK; }
int cudnnConvolutionForward(void* h, const void* alpha, const void* xd, const float* x, const void* wd, const float* w,
        const void* cd, int algo, void* ws, size_t ws_bytes, const void* beta, const void* yd, float* y) {
    int st = conv_check(cd, xd, wd, yd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if ((st = run_check("forward", wd, algo, ws, ws_bytes))) return st;
    forward(cd, xd, x, wd, w, yd, y, alpha, beta); return ST_OK; }

/* ---- data gradient ---- */
int cudnnGetConvolutionBackwardDataAlgorithm_v7(void* h, const void* wd, const void* dyd, const void* cd, const void* dxd,
                                                int requested, int* returned, stub_perf* perf) {
    int st = conv_check(cd, dxd, wd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    fill_perf(perf, requested, returned, cd, wd, 0, 0); return ST_OK; }
int cudnnFindConvolutionBackwardDataAlgorithmEx(void* h, const void* wd, const float* w, const void* dyd, const float* dy,
        const void* cd, const void* dxd, float* dx, int requested, int* returned, stub_perf* perf, void* ws, size_t ws_bytes) {
    int st = conv_check(cd, dxd, wd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if (ws_bytes > 0 && !ws) return ST_BAD_PARAM;
    float one = 1, zero = 0;
    backward_data(cd, wd, w, dyd, dy, dxd, dx, &one, &zero);
    fill_perf(perf, requested, returned, cd, wd, 1, ws_bytes); return ST_OK; }
int cudnnGetConvolutionBackwardDataWorkspaceSize(void* h, const void* wd, const void* dyd, const void* cd, const void* dxd, int algo, size_t* bytes) {
    int st = conv_check(cd, dxd, wd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    const stub_algo* a = offered(algo); if (!a || a->status != ST_OK) return ST_NOT_SUPPORTED;
    *bytes = a->memory; return ST_OK; }
int cudnnConvolutionBackwardData(void* h, const void* alpha, const void* wd, const float* w, const void* dyd, const float* dy,
        const void* cd, int algo, void* ws, size_t ws_bytes, const void* beta, const void* dxd, float* dx) {
    int st = conv_check(cd, dxd, wd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if ((st = run_check("backward data", wd, algo, ws, ws_bytes))) return st;
    backward_data(cd, wd, w, dyd, dy, dxd, dx, alpha, beta); return ST_OK; }

/* ---- filter gradient ---- */
int cudnnGetConvolutionBackwardFilterAlgorithm_v7(void* h, const void* xd, const void* dyd, const void* cd, const void* dwd,
                                                  int requested, int* returned, stub_perf* perf) {
    int st = conv_check(cd, xd, dwd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    fill_perf(perf, requested, returned, cd, dwd, 0, 0); return ST_OK; }
int cudnnFindConvolutionBackwardFilterAlgorithmEx(void* h, const void* xd, const float* x, const void* dyd, const float* dy,
        const void* cd, const void* dwd, float* dw, int requested, int* returned, stub_perf* perf, void* ws, size_t ws_bytes) {
    int st = conv_check(cd, xd, dwd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if (ws_bytes > 0 && !ws) return ST_BAD_PARAM;
    float one = 1, zero = 0;
    backward_filter(cd, xd, x, dyd, dy, dwd, dw, &one, &zero);
    fill_perf(perf, requested, returned, cd, dwd, 1, ws_bytes); return ST_OK; }
int cudnnGetConvolutionBackwardFilterWorkspaceSize(void* h, const void* xd, const void* dyd, const void* cd, const void* dwd, int algo, size_t* bytes) {
    int st = conv_check(cd, xd, dwd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    const stub_algo* a = offered(algo); if (!a || a->status != ST_OK) return ST_NOT_SUPPORTED;
    *bytes = a->memory; return ST_OK; }
int cudnnConvolutionBackwardFilter(void* h, const void* alpha, const void* xd, const float* x, const void* dyd, const float* dy,
        const void* cd, int algo, void* ws, size_t ws_bytes, const void* beta, const void* dwd, float* dw) {
    int st = conv_check(cd, xd, dwd, dyd); if (st || !h) return st ? st : ST_BAD_PARAM;
    if ((st = run_check("backward filter", dwd, algo, ws, ws_bytes))) return st;
    backward_filter(cd, xd, x, dyd, dy, dwd, dw, alpha, beta); return ST_OK; }
