package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.BroadcastPlan;
import io.jkeras.backend.Conv2DGeometry;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The packed launch block, byte by byte, on the host (it is plain native memory: no GPU
 * needed): the extra array points at the size cell and the arguments, the size cell holds
 * the kernel's block size, and each argument lands at the table's offset in native order.
 */
class KernelArgsTest {

    @Test
    void extraArrayPointsAtArgumentsAndSize() {
        try (KernelArgs a = new KernelArgs()) {
            a.begin(CudaKernels.FILL).out(0x1000L).f(2.5f).n(7);
            assertEquals(CudaKernels.FILL, a.finish());
            assertEquals(a.extraAddress(), a.extra().address());
            assertEquals(1, a.extraEntry(0), "CU_LAUNCH_PARAM_BUFFER_POINTER");
            assertEquals(a.argsAddress(), a.extraEntry(1));
            assertEquals(2, a.extraEntry(2), "CU_LAUNCH_PARAM_BUFFER_SIZE");
            assertEquals(a.sizeAddress(), a.extraEntry(3));
            assertEquals(0, a.extraEntry(4), "CU_LAUNCH_PARAM_END");
            assertEquals(CudaKernels.FILL.size, a.sizeCell());
            assertEquals(0, a.argsAddress() % 16, "arguments start aligned");
        }
    }

    @Test
    void scalarKernelArgumentsAtTheirOffsets() {
        try (KernelArgs a = new KernelArgs()) {
            a.begin(CudaKernels.BINARY_SCALAR[0]).in(0x1111_2222_3333L).f(-1.5f).i(1).out(0x4444_5555_6666L).n(1L << 33);
            a.finish();
            ByteBuffer b = ByteBuffer.wrap(a.packed()).order(ByteOrder.nativeOrder());
            assertEquals(32, b.capacity());
            assertEquals(0x1111_2222_3333L, b.getLong(0));
            assertEquals(-1.5f, b.getFloat(8));
            assertEquals(1, b.getInt(12));
            assertEquals(0x4444_5555_6666L, b.getLong(16));
            assertEquals(1L << 33, b.getLong(24));
        }
    }

    @Test
    void broadcastStructIsPackedAfterTheCount() {
        BroadcastPlan plan = BroadcastPlan.of(new int[] {4, 1, 3}, new int[] {5, 1}, new int[] {4, 5, 3});
        try (KernelArgs a = new KernelArgs()) {
            a.begin(CudaKernels.BINARY[0]).in(8).in(16).out(24).n(plan.size).broadcast(plan).finish();
            ByteBuffer b = ByteBuffer.wrap(a.packed()).order(ByteOrder.nativeOrder());
            assertEquals(108, b.capacity());
            assertEquals(60, b.getLong(24));
            int rank = b.getInt(32);
            assertEquals(plan.rank(), rank);
            for (int k = 0; k < CudaKernels.MAX_RANK; k++) {
                assertEquals(k < rank ? plan.dims[k] : 0, b.getInt(36 + 4 * k), "dims[" + k + "]");
                assertEquals(k < rank ? plan.aStrides[k] : 0, b.getInt(60 + 4 * k), "a_strides[" + k + "]");
                assertEquals(k < rank ? plan.bStrides[k] : 0, b.getInt(84 + 4 * k), "b_strides[" + k + "]");
            }
        }
    }

    @Test
    void convStructHoldsTheGeometryInOrder() {
        Conv2DGeometry g = Conv2DGeometry.of(2, 9, 7, 3, 5, 3, 2, 2, 1, true, 1, 2);
        try (KernelArgs a = new KernelArgs()) {
            a.begin(CudaKernels.IM2COL).in(1).out(2).conv(g).i(1).i(1).finish();
            ByteBuffer b = ByteBuffer.wrap(a.packed()).order(ByteOrder.nativeOrder());
            int[] expected = {g.batch(), g.inH(), g.inW(), g.inChannels(), g.outH(), g.outW(), g.outChannels(),
                    g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.dilationH(),
                    g.dilationW()};
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], b.getInt(16 + 4 * k), "jk_conv2d field " + k);
            }
            assertEquals(1, b.getInt(76));
            assertEquals(1, b.getInt(80));
        }
    }

    @Test
    void unsignedSeedKeepsAllBits() {
        try (KernelArgs a = new KernelArgs()) {
            a.begin(CudaKernels.DROPOUT).in(1).out(2).f(0.25f).seed(0x9E3779B97F4A7C15L).n(10).finish();
            ByteBuffer b = ByteBuffer.wrap(a.packed()).order(ByteOrder.nativeOrder());
            assertEquals(0.25f, b.getFloat(16));
            assertEquals(0x9E3779B97F4A7C15L, b.getLong(24));
            assertEquals(10, b.getLong(32));
        }
    }

    @Test
    void wrongKindOrCountFailsLoudly() {
        try (KernelArgs a = new KernelArgs()) {
            IllegalStateException kind = assertThrows(IllegalStateException.class,
                    () -> a.begin(CudaKernels.CLIP).in(1).i(3));
            assertTrue(kind.getMessage().contains("clip_kernel") && kind.getMessage().contains("float"),
                    kind.getMessage());
            IllegalStateException few = assertThrows(IllegalStateException.class,
                    () -> a.begin(CudaKernels.CLIP).in(1).f(0).finish());
            assertTrue(few.getMessage().contains("5 arguments"), few.getMessage());
            assertThrows(IllegalStateException.class, () -> a.begin(CudaKernels.KERNELS_VERSION).intOut(1).intOut(2));
        }
    }
}
