package io.jkeras.backend.cuda;

import io.jkeras.backend.BroadcastPlan;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.cuda.CudaKernels.Arg;
import io.jkeras.backend.cuda.CudaKernels.Kernel;
import java.nio.ByteBuffer;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One thread's reusable launch block for {@code cuLaunchKernel}'s packed ({@code extra})
 * argument form, in one native allocation made once:
 * <pre>
 *   [0, 40)    extra: BUFFER_POINTER, &amp;args, BUFFER_SIZE, &amp;size, END
 *   [40, 48)   size: the kernel's argument bytes (size_t)
 *   [64, ...)  args: the arguments at the offsets of {@link CudaKernels}
 * </pre>
 * Everything is written through a {@link ByteBuffer} view in plain Java, so a launch costs
 * one JNI call and no allocation (per-launch JavaCPP allocation measured 2-6 us, see
 * gpu-runtime-notes 2.4). The driver copies the arguments at launch, so the block is
 * reusable as soon as {@code cuLaunchKernel} returns.
 *
 * <p>Arguments are written in order with the typed methods; each checks that the kernel's
 * next argument has that kind, so a Java call site that disagrees with the table fails
 * loudly instead of launching with garbage.
 */
final class KernelArgs implements AutoCloseable {
    private static final int EXTRA_OFFSET = 0;
    private static final int SIZE_OFFSET = 40;
    private static final int ARGS_OFFSET = 64;
    private static final int BLOCK_BYTES = ARGS_OFFSET + CudaKernels.align(CudaKernels.MAX_ARG_BYTES, 64);

    private final BytePointer block;
    private final ByteBuffer buf;
    private final PointerPointer<?> extra;
    private Kernel kernel;
    private int next;

    KernelArgs() {
        block = new BytePointer(BLOCK_BYTES);
        buf = block.asByteBuffer();
        long base = block.address();
        // the C constants are compile-time ints in the preset, inlined here: no CUDA class is touched
        buf.putLong(EXTRA_OFFSET, cudart.CU_LAUNCH_PARAM_BUFFER_POINTER_AS_INT);
        buf.putLong(EXTRA_OFFSET + 8, base + ARGS_OFFSET);
        buf.putLong(EXTRA_OFFSET + 16, cudart.CU_LAUNCH_PARAM_BUFFER_SIZE_AS_INT);
        buf.putLong(EXTRA_OFFSET + 24, base + SIZE_OFFSET);
        buf.putLong(EXTRA_OFFSET + 32, cudart.CU_LAUNCH_PARAM_END_AS_INT);
        // a PointerPointer is passed to C as the void** it points at; the Pointer overload of
        // cuLaunchKernel would pass the address of a cell holding it (@ByPtrPtr) instead
        extra = new PointerPointer<>(new DevicePointer(base + EXTRA_OFFSET));
    }

    /** Starts the arguments of {@code k}. */
    KernelArgs begin(Kernel k) {
        kernel = k;
        next = 0;
        buf.putLong(SIZE_OFFSET, k.size);
        return this;
    }

    KernelArgs in(Tensor t) {
        return pointer(Arg.IN, t.address());
    }

    KernelArgs out(Tensor t) {
        return pointer(Arg.OUT, t.address());
    }

    /** A read-only device address that is not a whole tensor (a block of the im2col buffer). */
    KernelArgs in(long address) {
        return pointer(Arg.IN, address);
    }

    KernelArgs out(long address) {
        return pointer(Arg.OUT, address);
    }

    KernelArgs intOut(long address) {
        return pointer(Arg.INT_OUT, address);
    }

    KernelArgs i(int v) {
        buf.putInt(slot(Arg.INT), v);
        return this;
    }

    KernelArgs f(float v) {
        buf.putFloat(slot(Arg.FLOAT), v);
        return this;
    }

    /** A {@code long long} (element count). */
    KernelArgs n(long v) {
        buf.putLong(slot(Arg.LONG_LONG), v);
        return this;
    }

    /** An {@code unsigned long long}: the bits of {@code v}. */
    KernelArgs seed(long v) {
        buf.putLong(slot(Arg.ULONG_LONG), v);
        return this;
    }

    KernelArgs broadcast(BroadcastPlan plan) {
        return broadcast(plan, 0);
    }

    /** The plan's axes from {@code first} on (the inner part of a plan with too many axes). */
    KernelArgs broadcast(BroadcastPlan plan, int first) {
        int off = slot(Arg.BROADCAST);
        int rank = plan.rank() - first;
        if (rank < 0 || rank > CudaKernels.MAX_RANK) {
            throw new IllegalArgumentException("a jk_broadcast holds 0 to " + CudaKernels.MAX_RANK + " axes, got "
                    + rank);
        }
        buf.putInt(off, rank);
        for (int k = 0; k < CudaKernels.MAX_RANK; k++) {
            buf.putInt(off + 4 * (1 + k), k < rank ? plan.dims[first + k] : 0);
            buf.putInt(off + 4 * (1 + CudaKernels.MAX_RANK + k), k < rank ? plan.aStrides[first + k] : 0);
            buf.putInt(off + 4 * (1 + 2 * CudaKernels.MAX_RANK + k), k < rank ? plan.bStrides[first + k] : 0);
        }
        return this;
    }

    KernelArgs transpose(TransposePlan plan) {
        int off = slot(Arg.TRANSPOSE);
        int rank = plan.rank();
        buf.putInt(off, rank);
        for (int k = 0; k < CudaKernels.MAX_RANK; k++) {
            buf.putInt(off + 4 * (1 + k), k < rank ? plan.inDims()[k] : 0);
            buf.putInt(off + 4 * (1 + CudaKernels.MAX_RANK + k), k < rank ? plan.perm()[k] : 0);
        }
        return this;
    }

    KernelArgs conv(Conv2DGeometry g) {
        int off = slot(Arg.CONV2D);
        int[] v = {g.batch(), g.inH(), g.inW(), g.inChannels(), g.outH(), g.outW(), g.outChannels(),
                g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.dilationH(),
                g.dilationW()};
        for (int k = 0; k < v.length; k++) {
            buf.putInt(off + 4 * k, v[k]);
        }
        return this;
    }

    /** The kernel being packed, after checking every argument was given. */
    Kernel finish() {
        if (next != kernel.args.length) {
            throw new IllegalStateException(kernel.name + " takes " + kernel.args.length + " arguments, "
                    + next + " were packed");
        }
        return kernel;
    }

    /** The {@code extra} array to pass to {@code cuLaunchKernel}. */
    PointerPointer<?> extra() {
        return extra;
    }

    /** The packed argument bytes of the current kernel (for tests). */
    byte[] packed() {
        byte[] out = new byte[kernel.size];
        buf.get(ARGS_OFFSET, out);
        return out;
    }

    /** The size cell as the driver will read it (for tests). */
    long sizeCell() {
        return buf.getLong(SIZE_OFFSET);
    }

    /** Address of the packed arguments (for tests). */
    long argsAddress() {
        return block.address() + ARGS_OFFSET;
    }

    long sizeAddress() {
        return block.address() + SIZE_OFFSET;
    }

    long extraAddress() {
        return block.address() + EXTRA_OFFSET;
    }

    long extraEntry(int i) {
        return buf.getLong(EXTRA_OFFSET + 8 * i);
    }

    private KernelArgs pointer(Arg kind, long address) {
        buf.putLong(slot(kind), address);
        return this;
    }

    private int slot(Arg kind) {
        if (next >= kernel.args.length) {
            throw new IllegalStateException(kernel.name + " takes " + kernel.args.length
                    + " arguments, got one more (" + kind.cType + ")");
        }
        Arg expected = kernel.args[next];
        if (expected != kind) {
            throw new IllegalStateException(kernel.name + ": argument " + next + " is " + expected.cType
                    + ", the call site packs " + kind.cType);
        }
        return ARGS_OFFSET + kernel.offsets[next++];
    }

    @Override
    public void close() {
        block.close();
    }
}
