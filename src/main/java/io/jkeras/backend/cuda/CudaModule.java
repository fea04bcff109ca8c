package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cuFuncGetParamInfo;
import static org.bytedeco.cuda.global.cudart.cuLaunchKernel;
import static org.bytedeco.cuda.global.cudart.cuModuleGetFunction;
import static org.bytedeco.cuda.global.cudart.cuModuleLoadData;
import static org.bytedeco.cuda.global.cudart.cuModuleUnload;
import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import io.jkeras.backend.cuda.CudaKernels.Kernel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * Our kernels on one device: the fatbin that the build puts on the class path as
 * {@value #RESOURCE_PATH}, loaded with cuModuleLoadData into the current (primary) context,
 * its functions looked up by name on first launch and cached, and launches in the packed
 * argument form of {@link KernelArgs}.
 *
 * <p>Two checks keep Java and the kernels in step: the fatbin's {@code kernels_version_kernel}
 * must report {@link CudaKernels#VERSION}, and, where the driver offers cuFuncGetParamInfo
 * (12.4 and later; looked up first, since calling a function the driver lacks kills the JVM),
 * each kernel's parameter offsets and sizes must be those of {@link CudaKernels}.
 */
final class CudaModule implements AutoCloseable {
    /** Where the fatbin is on the class path. */
    static final String RESOURCE_PATH = "io/jkeras/backend/cuda/jkeras_kernels.fatbin";
    /** Threads per block of every launch. */
    static final int BLOCK = 256;
    /** The most blocks of a grid-stride launch. */
    static final int MAX_GRID = 4096;

    private final CUmod_st module = new CUmod_st();
    /** The image stays in native memory as long as the module, which may load functions lazily from it. */
    private final BytePointer image;
    private final AtomicReferenceArray<CUfunc_st> functions =
            new AtomicReferenceArray<>(CudaKernels.all().size());
    private final boolean paramInfo;
    private boolean closed;

    /** Loads {@code fatbin} into the calling thread's current context. */
    CudaModule(byte[] fatbin) {
        image = new BytePointer(fatbin);
        int status = cuModuleLoadData(module, image);
        if (status != 0) {
            image.close();
            throw new IllegalStateException("cuModuleLoadData of " + RESOURCE_PATH + " failed: "
                    + CudaErrors.name(status, "cuModuleLoadData") + " (" + status + ")" + loadHint(status));
        }
        paramInfo = Loader.addressof("cuFuncGetParamInfo") != null;
    }

    /** The fatbin's bytes, or null when this build has none on the class path. */
    static byte[] readFatbin() {
        try (InputStream in = CudaModule.class.getClassLoader().getResourceAsStream(RESOURCE_PATH)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the class-path resource " + RESOURCE_PATH, e);
        }
    }

    static boolean fatbinPresent() {
        return CudaModule.class.getClassLoader().getResource(RESOURCE_PATH) != null;
    }

    private static String loadHint(int status) {
        return switch (status) {
            case 209 -> ": the fatbin has no code for this GPU's compute capability (it is built for sm_80 and later)";
            case 218, 222 -> ": the NVIDIA driver is older than the compiler that built the kernels; update the driver";
            default -> "";
        };
    }

    /**
     * Runs {@code kernels_version_kernel} on {@code stream} (null: the legacy default stream)
     * and fails unless it reports {@link CudaKernels#VERSION}.
     */
    void checkVersion(CUstream_st stream, KernelArgs args) {
        Pointer cell = new Pointer();
        check(cudaMalloc(cell, 4), "cudaMalloc");
        try (IntPointer host = new IntPointer(1)) {
            host.put(0, -1);
            launch(args.begin(CudaKernels.KERNELS_VERSION).intOut(cell.address()), 1, 1, stream);
            check(cudaMemcpyAsync(host, cell, 4, cudaMemcpyDeviceToHost, stream), "cudaMemcpyAsync");
            check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
            int version = host.get(0);
            if (version != CudaKernels.VERSION) {
                throw new IllegalStateException("The CUDA kernels on the class path (" + RESOURCE_PATH
                        + ") are version " + version + ", this jkeras needs version " + CudaKernels.VERSION
                        + " (JK_KERNELS_VERSION of native/include/jkeras_kernels.h); rebuild them with this source");
            }
        } finally {
            check(cudaFree(cell), "cudaFree");
        }
    }

    /** Launches the kernel packed in {@code args} with {@code grid} blocks of {@code block} threads. */
    void launch(KernelArgs args, int grid, int block, CUstream_st stream) {
        Kernel k = args.finish();
        CUfunc_st f = functions.get(k.id);
        if (f == null) {
            f = resolve(k);
        }
        int status = cuLaunchKernel(f, grid, 1, 1, block, 1, 1, 0, stream, (PointerPointer<?>) null, args.extra());
        if (status != 0) {
            check(status, "cuLaunchKernel " + k.name + " <<<" + grid + ", " + block + ">>>");
        }
    }

    /** Grid-stride launch over {@code items} work items; nothing when there are none. */
    void launchItems(KernelArgs args, long items, CUstream_st stream) {
        if (items <= 0) {
            args.finish();
            return;
        }
        launch(args, (int) Math.min((items + BLOCK - 1) / BLOCK, MAX_GRID), BLOCK, stream);
    }

    /** One block of {@link #BLOCK} threads per row (reductions, softmax, statistics). */
    void launchRows(KernelArgs args, long rows, CUstream_st stream) {
        if (rows <= 0) {
            args.finish();
            return;
        }
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(args.finish().name + ": " + rows + " rows exceed the grid limit "
                    + Integer.MAX_VALUE);
        }
        launch(args, (int) rows, BLOCK, stream);
    }

    private synchronized CUfunc_st resolve(Kernel k) {
        if (closed) {
            throw new IllegalStateException("The CUDA kernels module is closed");
        }
        CUfunc_st f = functions.get(k.id);
        if (f != null) {
            return f;
        }
        f = new CUfunc_st();
        int status = cuModuleGetFunction(f, module, k.name);
        if (status != 0) {
            throw new IllegalStateException("cuModuleGetFunction(" + k.name + ") failed: "
                    + CudaErrors.name(status, "cuModuleGetFunction") + " (" + status + "): the fatbin "
                    + RESOURCE_PATH + " was not built from this jkeras's native/include/jkeras_kernels.h");
        }
        if (paramInfo) {
            checkParameters(k, f);
        }
        functions.set(k.id, f);
        return f;
    }

    /** Compares the parameter layout the driver reports for {@code f} with the Java table. */
    private static void checkParameters(Kernel k, CUfunc_st f) {
        try (SizeTPointer offset = new SizeTPointer(1); SizeTPointer size = new SizeTPointer(1)) {
            for (int i = 0; i < k.args.length; i++) {
                check(cuFuncGetParamInfo(f, i, offset, size), "cuFuncGetParamInfo");
                if (offset.get() != k.offsets[i] || size.get() != k.args[i].size) {
                    throw new IllegalStateException("Kernel " + k.name + ": parameter " + i + " is at offset "
                            + offset.get() + " with " + size.get() + " bytes in the fatbin, but CudaKernels packs "
                            + k.args[i].cType + " at offset " + k.offsets[i] + " with " + k.args[i].size
                            + " bytes; the kernels and jkeras_kernels.h disagree");
                }
            }
            if (cuFuncGetParamInfo(f, k.args.length, offset, size) == 0) {
                throw new IllegalStateException("Kernel " + k.name + " takes more than the " + k.args.length
                        + " parameters CudaKernels packs; the kernels and jkeras_kernels.h disagree");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        check(cuModuleUnload(module), "cuModuleUnload");
        module.setNull();
        image.close();
    }
}
