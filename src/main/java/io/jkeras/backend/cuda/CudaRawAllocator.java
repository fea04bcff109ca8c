package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cudaDeviceSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaErrorMemoryAllocation;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetLastError;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemGetInfo;

import io.jkeras.backend.RawAllocator;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Whole segments of device memory for the {@link io.jkeras.backend.MemoryPool}, straight
 * from cudaMalloc and back to cudaFree, called only when the pool grows or gives memory back
 * (never in a steady-state training step). The addresses are owned by the pool, never by a
 * JavaCPP deallocator.
 */
final class CudaRawAllocator implements RawAllocator {
    private final CudaDevice device;

    CudaRawAllocator(CudaDevice device) {
        this.device = device;
    }

    @Override
    public long allocate(long bytes) {
        device.enter();
        Pointer out = new Pointer();
        int status = cudaMalloc(out, bytes);
        if (status == cudaErrorMemoryAllocation) {
            cudaGetLastError(); // clear it, so later calls do not report it again
            return 0;
        }
        check(status, "cudaMalloc");
        return out.address();
    }

    @Override
    public void free(long address, long bytes) {
        device.enter();
        check(cudaFree(new DevicePointer(address)), "cudaFree");
    }

    @Override
    public void synchronize() {
        device.enter();
        check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
    }

    @Override
    public long[] memoryInfo() {
        device.enter();
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            if (cudaMemGetInfo(free, total) != 0) {
                cudaGetLastError();
                return null;
            }
            return new long[] {free.get(), total.get()};
        }
    }

    @Override
    public String deviceName() {
        return device.name();
    }
}
