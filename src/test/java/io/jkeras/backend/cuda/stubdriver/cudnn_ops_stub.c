/* A stand-in for cuDNN 9's libcudnn_ops.so.9: tensor, filter and pooling descriptors, pooling
 * forward (max, average without padding) and the average-pooling gradient, and training-mode
 * batch normalisation and its gradient, as plain loops with cuDNN's documented semantics:
 * 4-d sizes given in (n, c, h, w) order whatever the layout; alpha/beta blending that does not
 * read the output when beta is 0; pooling windows clipped to the image; batch normalisation's
 * running variance updated with the unbiased batch variance and resultSaveInvVariance holding
 * 1 / sqrt(var + epsilon). The checks are strict where cuDNN's are documented (sizes that
 * must agree, NULL pairs); anything jkeras does not call answers NOT_SUPPORTED. */
#include "cudnn_stub.h"

int cudnnOpsVersionCheck(void) { return getenv("STUB_CUDNN_SUBLIB_MISMATCH") ? ST_SUBLIBRARY_MISMATCH : ST_OK; }

int cudnnCreateTensorDescriptor(void** d) { stub_tensor* t = calloc(1, sizeof *t); t->tag = TAG_TENSOR; *d = t; return ST_OK; }
int cudnnDestroyTensorDescriptor(void* d) { if (!is_tensor(d)) return ST_BAD_PARAM; ((stub_tensor*) d)->tag = 0; free(d); return ST_OK; }
int cudnnSetTensor4dDescriptor(void* d, int format, int dtype, int n, int c, int h, int w) {
    stub_tensor* t = d;
    if (!is_tensor(t) || dtype != DT_FLOAT || (format != FMT_NCHW && format != FMT_NHWC) || n <= 0 || c <= 0 || h <= 0 || w <= 0)
        return ST_BAD_PARAM;
    t->format = format; t->n = n; t->c = c; t->h = h; t->w = w;
    if (format == FMT_NCHW) { t->sw = 1; t->sh = w; t->sc = (long long) h * w; t->sn = (long long) c * h * w; }
    else { t->sc = 1; t->sw = c; t->sh = (long long) w * c; t->sn = (long long) h * w * c; }
    return ST_OK; }

int cudnnCreateFilterDescriptor(void** d) { stub_filter* f = calloc(1, sizeof *f); f->tag = TAG_FILTER; *d = f; return ST_OK; }
int cudnnDestroyFilterDescriptor(void* d) { if (!is_filter(d)) return ST_BAD_PARAM; ((stub_filter*) d)->tag = 0; free(d); return ST_OK; }
int cudnnSetFilter4dDescriptor(void* d, int dtype, int format, int k, int c, int h, int w) {
    stub_filter* f = d;
    if (!is_filter(f) || dtype != DT_FLOAT || (format != FMT_NCHW && format != FMT_NHWC) || k <= 0 || c <= 0 || h <= 0 || w <= 0)
        return ST_BAD_PARAM;
    f->format = format; f->k = k; f->c = c; f->h = h; f->w = w;
    return ST_OK; }

int cudnnCreatePoolingDescriptor(void** d) { stub_pool* p = calloc(1, sizeof *p); p->tag = TAG_POOL; *d = p; return ST_OK; }
int cudnnDestroyPoolingDescriptor(void* d) { stub_pool* p = d; if (!p || p->tag != TAG_POOL) return ST_BAD_PARAM; p->tag = 0; free(p); return ST_OK; }
int cudnnSetPooling2dDescriptor(void* d, int mode, int nan, int wh, int ww, int ph, int pw, int sh, int sw) {
    stub_pool* p = d;
    if (!p || p->tag != TAG_POOL || mode < 0 || mode > 3 || nan < 0 || nan > 1 || wh <= 0 || ww <= 0 || ph < 0 || pw < 0
            || sh <= 0 || sw <= 0 || ph >= wh || pw >= ww) return ST_BAD_PARAM;
    p->mode = mode; p->nan = nan; p->wh = wh; p->ww = ww; p->ph = ph; p->pw = pw; p->sh = sh; p->sw = sw;
    return ST_OK; }

/* the pooling output size cuDNN requires of yDesc */
static int pool_out(int in, int pad, int window, int stride) { return 1 + (in + 2 * pad - window) / stride; }

static int pool_check(const stub_pool* p, const stub_tensor* x, const stub_tensor* y) {
    if (!p || p->tag != TAG_POOL || !is_tensor(x) || !is_tensor(y) || x->n != y->n || x->c != y->c
            || y->h != pool_out(x->h, p->ph, p->wh, p->sh) || y->w != pool_out(x->w, p->pw, p->ww, p->sw)) {
        fprintf(stderr, "STUB: pooling descriptors disagree\n");
        return ST_BAD_PARAM; }
    return ST_OK; }

int cudnnPoolingForward(void* handle, const void* pd, const void* alpha, const void* xd, const float* x,
                        const void* beta, const void* yd, float* y) {
    const stub_pool* p = pd; const stub_tensor* xt = xd; const stub_tensor* yt = yd;
    int st = pool_check(p, xt, yt);
    if (st || !handle) return st ? st : ST_BAD_PARAM;
    if (p->mode == POOL_AVG_INCLUDE) return ST_NOT_SUPPORTED;
    if (trace_on()) fprintf(stderr, "STUB cudnn: pooling forward mode %d\n", p->mode);
    for (int n = 0; n < yt->n; n++) for (int c = 0; c < yt->c; c++) for (int oh = 0; oh < yt->h; oh++) for (int ow = 0; ow < yt->w; ow++) {
        int h0 = oh * p->sh - p->ph, w0 = ow * p->sw - p->pw;
        double sum = 0; float best = -INFINITY; int count = 0, nan = 0;
        for (int i = h0; i < h0 + p->wh; i++) for (int j = w0; j < w0 + p->ww; j++) {
            if (i < 0 || i >= xt->h || j < 0 || j >= xt->w) continue;
            float v = x[t_at(xt, n, c, i, j)];
            count++; sum += v;
            if (v != v) nan = 1; else if (v > best) best = v; }
        float r = p->mode == POOL_AVG_EXCLUDE ? (float) (sum / count) : (nan && p->nan ? NAN : best);
        blend(y, t_at(yt, n, c, oh, ow), r, alpha, beta); }
    return ST_OK; }

int cudnnPoolingBackward(void* handle, const void* pd, const void* alpha, const void* yd, const float* y, const void* dyd,
                         const float* dy, const void* xd, const float* x, const void* beta, const void* dxd, float* dx) {
    const stub_pool* p = pd; const stub_tensor* xt = xd; const stub_tensor* yt = yd;
    int st = pool_check(p, xt, yt);
    if (st || !handle) return st ? st : ST_BAD_PARAM;
    if (!is_tensor(dyd) || !is_tensor(dxd) || t_size(dyd) != t_size(yt) || t_size(dxd) != t_size(xt)) return ST_BAD_PARAM;
    if (p->mode != POOL_AVG_EXCLUDE) {
        fprintf(stderr, "STUB: pooling backward of mode %d is not simulated (jkeras keeps max pooling's gradient)\n", p->mode);
        return ST_NOT_SUPPORTED; }
    const stub_tensor* dyt = dyd; const stub_tensor* dxt = dxd;
    double* acc = calloc((size_t) t_size(xt), sizeof(double));
    for (int n = 0; n < yt->n; n++) for (int c = 0; c < yt->c; c++) for (int oh = 0; oh < yt->h; oh++) for (int ow = 0; ow < yt->w; ow++) {
        int h0 = oh * p->sh - p->ph, w0 = ow * p->sw - p->pw, count = 0;
        for (int i = h0; i < h0 + p->wh; i++) for (int j = w0; j < w0 + p->ww; j++)
            if (i >= 0 && i < xt->h && j >= 0 && j < xt->w) count++;
        float g = dy[t_at(dyt, n, c, oh, ow)] / count;
        for (int i = h0; i < h0 + p->wh; i++) for (int j = w0; j < w0 + p->ww; j++)
            if (i >= 0 && i < xt->h && j >= 0 && j < xt->w) acc[t_at(xt, n, c, i, j)] += g; }
    for (int n = 0; n < xt->n; n++) for (int c = 0; c < xt->c; c++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++)
        blend(dx, t_at(dxt, n, c, h, w), (float) acc[t_at(xt, n, c, h, w)], alpha, beta);
    free(acc);
    return ST_OK; }

/* SPATIAL mode: one statistic per channel; the parameter descriptor must be (1, C, 1, 1) */
static int bn_check(int mode, const stub_tensor* x, const stub_tensor* params, double eps) {
    if (mode != BN_SPATIAL || !is_tensor(x) || !is_tensor(params) || params->n != 1 || params->c != x->c || params->h != 1
            || params->w != 1 || eps < 0.0) {
        fprintf(stderr, "STUB: batch normalisation arguments disagree\n");
        return ST_BAD_PARAM; }
    return ST_OK; }

int cudnnBatchNormalizationForwardTraining(void* handle, int mode, const void* alpha, const void* beta, const void* xd,
        const float* x, const void* yd, float* y, const void* pd, const float* scale, const float* bias, double factor,
        float* runMean, float* runVar, double eps, float* saveMean, float* saveInvStd) {
    const stub_tensor* xt = xd; const stub_tensor* yt = yd;
    int st = bn_check(mode, xt, pd, eps);
    if (st || !handle) return st ? st : ST_BAD_PARAM;
    if (!is_tensor(yt) || t_size(yt) != t_size(xt) || (runMean == NULL) != (runVar == NULL) || (saveMean == NULL) != (saveInvStd == NULL))
        return ST_BAD_PARAM;
    if (trace_on()) fprintf(stderr, "STUB cudnn: batchnorm forward\n");
    long long m = (long long) xt->n * xt->h * xt->w;
    for (int c = 0; c < xt->c; c++) {
        double s = 0, sq = 0;
        for (int n = 0; n < xt->n; n++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++) s += x[t_at(xt, n, c, h, w)];
        double mean = s / m;
        for (int n = 0; n < xt->n; n++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++) {
            double d = x[t_at(xt, n, c, h, w)] - mean; sq += d * d; }
        double var = sq / m;
        float inv = (float) (1.0 / sqrt(var + eps));
        for (int n = 0; n < xt->n; n++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++)
            blend(y, t_at(yt, n, c, h, w), scale[c] * (float) (x[t_at(xt, n, c, h, w)] - mean) * inv + bias[c], alpha, beta);
        if (runMean) {
            runMean[c] = (float) ((1.0 - factor) * runMean[c] + factor * mean);
            runVar[c] = (float) ((1.0 - factor) * runVar[c] + factor * var * m / (m - 1)); }
        if (saveMean) { saveMean[c] = (float) mean; saveInvStd[c] = inv; } }
    return ST_OK; }

int cudnnBatchNormalizationBackward(void* handle, int mode, const void* alphaData, const void* betaData,
        const void* alphaParam, const void* betaParam, const void* xd, const float* x, const void* dyd, const float* dy,
        const void* dxd, float* dx, const void* pd, const float* scale, float* dScale, float* dBias, double eps,
        const float* savedMean, const float* savedInvStd) {
    const stub_tensor* xt = xd; const stub_tensor* dyt = dyd; const stub_tensor* dxt = dxd;
    int st = bn_check(mode, xt, pd, eps);
    if (st || !handle) return st ? st : ST_BAD_PARAM;
    if (!is_tensor(dyt) || !is_tensor(dxt) || t_size(dyt) != t_size(xt) || t_size(dxt) != t_size(xt)
            || (savedMean == NULL) != (savedInvStd == NULL)) return ST_BAD_PARAM;
    if (!savedMean) { fprintf(stderr, "STUB: batchnorm backward without the saved statistics is not simulated\n"); return ST_NOT_SUPPORTED; }
    long long m = (long long) xt->n * xt->h * xt->w;
    for (int c = 0; c < xt->c; c++) {
        double mean = savedMean[c], inv = savedInvStd[c], sdy = 0, sdyx = 0;
        for (int n = 0; n < xt->n; n++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++) {
            double g = dy[t_at(dyt, n, c, h, w)];
            sdy += g; sdyx += g * (x[t_at(xt, n, c, h, w)] - mean) * inv; }
        for (int n = 0; n < xt->n; n++) for (int h = 0; h < xt->h; h++) for (int w = 0; w < xt->w; w++) {
            double xhat = (x[t_at(xt, n, c, h, w)] - mean) * inv;
            double g = scale[c] * inv / m * (m * dy[t_at(dyt, n, c, h, w)] - sdy - xhat * sdyx);
            blend(dx, t_at(dxt, n, c, h, w), (float) g, alphaData, betaData); }
        blend(dScale, c, (float) sdyx, alphaParam, betaParam);
        blend(dBias, c, (float) sdy, alphaParam, betaParam); }
    return ST_OK; }
