/*
 * version.cu - the version of this kernel library, so the Java side can refuse a fatbin
 * built from another jkeras_kernels.h (bump JK_KERNELS_VERSION there with any ABI change).
 * Launch with one thread.
 */
#include "jkeras_device.cuh"

extern "C" __global__ void kernels_version_kernel(int* out) {
    if (blockIdx.x == 0 && threadIdx.x == 0) out[0] = JK_KERNELS_VERSION;
}
