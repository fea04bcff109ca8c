/* A stand-in for cuDNN 9's libcudnn_graph.so.9: the handle, its stream, versions and error
 * strings. Environment: STUB_CUDNN_VERSION (default 91900), STUB_CUDNN_CUDART (the CUDA runtime
 * cuDNN says it was built for, default 13010), STUB_CUDNN_SUBLIB_MISMATCH (the version checks
 * fail), STUB_CUDNN_CREATE_FAIL (cudnnCreate fails as on a GPU cuDNN does not support). */
#include "cudnn_stub.h"

typedef struct { void* stream; } stub_handle;

int cudnnCreate(void** handle) {
    if (getenv("STUB_CUDNN_CREATE_FAIL")) return ST_NOT_INITIALIZED;
    *handle = calloc(1, sizeof(stub_handle));
    return ST_OK; }
int cudnnDestroy(void* handle) { if (!handle) return ST_BAD_PARAM; free(handle); return ST_OK; }
int cudnnSetStream(void* handle, void* stream) {
    if (!handle || !stream) { fprintf(stderr, "STUB: cudnnSetStream without a handle or stream\n"); return ST_BAD_PARAM; }
    ((stub_handle*) handle)->stream = stream;
    return ST_OK; }
size_t cudnnGetVersion(void) { const char* v = getenv("STUB_CUDNN_VERSION"); return v ? (size_t) atol(v) : 91900; }
size_t cudnnGetCudartVersion(void) { const char* v = getenv("STUB_CUDNN_CUDART"); return v ? (size_t) atol(v) : 13010; }
int cudnnGraphVersionCheck(void) { return getenv("STUB_CUDNN_SUBLIB_MISMATCH") ? ST_SUBLIBRARY_MISMATCH : ST_OK; }
const char* cudnnGetErrorString(int status) {
    switch (status) {
    case ST_OK: return "CUDNN_STATUS_SUCCESS";
    case ST_NOT_INITIALIZED: return "CUDNN_STATUS_NOT_INITIALIZED";
    case ST_SUBLIBRARY_MISMATCH: return "CUDNN_STATUS_SUBLIBRARY_VERSION_MISMATCH";
    case ST_BAD_PARAM: return "CUDNN_STATUS_BAD_PARAM";
    case ST_NOT_SUPPORTED: return "CUDNN_STATUS_NOT_SUPPORTED";
    case ST_EXECUTION_FAILED: return "CUDNN_STATUS_EXECUTION_FAILED"; }
    return "CUDNN_STATUS_UNKNOWN"; }
