/*
 * A stand-in for the CUDA runtime (libcudart.so.13, with its symbol version node) for the Java
 * CUDA backend's tests: one device of compute capability 9.0 whose memory is host memory, streams
 * and events that are always complete, copies that are memmove. Environment:
 * STUB_DEVICE_COUNT_ERROR=N makes cudaGetDeviceCount fail with N, STUB_CC_MAJOR sets the compute
 * capability, STUB_MALLOC_LIMIT=bytes makes larger cudaMalloc calls fail with out of memory.
 */
#include "jk_stub.h"
static int last_error;
int cudaDriverGetVersion(int* v) { *v = 13000; return 0; }
int cudaRuntimeGetVersion(int* v) { *v = 13000; return 0; }
int cudaGetDeviceCount(int* n) { const char* e = getenv("STUB_DEVICE_COUNT_ERROR"); if (e) { *n = 0; return atoi(e); } *n = 1; return 0; }
int cudaDeviceGetAttribute(int* v, int attr, int dev) {
    const char* cc = getenv("STUB_CC_MAJOR");
    if (attr == 75) { *v = cc ? atoi(cc) : 9; return 0; } if (attr == 76) { *v = 0; return 0; } return 1; }
int cudaSetDevice(int d) { return 0; }
int cudaGetLastError(void) { int e = last_error; last_error = 0; return e; }
const char* cudaGetErrorName(int e) { switch (e) { case 0: return "cudaSuccess"; case 2: return "cudaErrorMemoryAllocation";
    case 35: return "cudaErrorInsufficientDriver"; case 100: return "cudaErrorNoDevice"; case 600: return "cudaErrorNotReady"; }
    return "cudaErrorUnknown"; }
int cudaMalloc(void** p, size_t n) {
    const char* lim = getenv("STUB_MALLOC_LIMIT");
    if (lim && (long) n > atol(lim)) { last_error = 2; return 2; }
    *p = aligned_alloc(256, (n + 255) / 256 * 256); return 0; }
int cudaFree(void* p) { free(p); return 0; }
int cudaHostAlloc(void** p, size_t n, unsigned f) { *p = malloc(n); return 0; }
int cudaFreeHost(void* p) { free(p); return 0; }
int cudaMemcpyAsync(void* dst, const void* src, size_t n, int kind, void* s) {
    if (kind < 1 || kind > 3) return 1; /* host to device, device to host, device to device */
    memmove(dst, src, n); return 0; }
static int stream_dummy, event_dummy;
int cudaStreamCreateWithFlags(void** s, unsigned f) { if (f != 1) return 1; *s = &stream_dummy; return 0; }
int cudaStreamDestroy(void* s) { return 0; }
int cudaStreamSynchronize(void* s) { return 0; }
int cudaEventCreateWithFlags(void** e, unsigned f) { if (f != 2) return 1; *e = malloc(4); return 0; }
int cudaEventRecord(void* e, void* s) { return 0; }
int cudaEventQuery(void* e) { return 0; }
int cudaEventSynchronize(void* e) { return 0; }
int cudaEventDestroy(void* e) { free(e); return 0; }
int cudaMemGetInfo(size_t* f, size_t* t) { *f = 1L << 34; *t = 1L << 35; return 0; }
int cudaDeviceSynchronize(void) { return 0; }
