package io.jkeras.backend.cuda;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.MemoryPool;

/**
 * 2D convolution over NHWC inputs with a (kernelH, kernelW, inChannels, outChannels) kernel
 * as im2col + cuBLAS GEMM, the same structure as the CPU's {@code CpuConv}.
 *
 * <p>The im2col matrix has one row per output pixel (image, oh, ow) and one column per
 * kernel tap (kh, kw, c), the kernel's own memory order, so the kernel is a
 * (kh*kw*c, outC) matrix as it is:
 * <ul>
 *   <li>forward: {@code y = col * K};</li>
 *   <li>backward input: {@code dcol = dy * K^T}, then col2im gathers every dcol entry back
 *       onto the input pixel it read;</li>
 *   <li>backward kernel: {@code dK = col^T * dy}, summed block after block (beta 1).</li>
 * </ul>
 * The matrix is built for blocks of whole images of at most {@link #COL_BUDGET_FLOATS}
 * floats (one image when an image is larger), in one buffer from the pool that goes back
 * when the call has queued its work: the stream runs in order, so the next user of the
 * block runs after these kernels. Whole images per block let col2im write each image's dx
 * once, with no accumulation across blocks.
 *
 * <p>A 1x1 convolution with stride 1 and no padding needs no im2col: the input already is
 * the matrix.
 */
final class CudaConv {
    /** Floats of im2col per block (64 MiB): large GEMMs, bounded memory. */
    static final long COL_BUDGET_FLOATS = 1L << 24;

    private final CudaBackend be;
    private final Conv2DGeometry g;
    private final int batch;
    private final int outHw;
    private final int outC;
    private final int inC;
    private final int colWidth;
    private final long perImage;
    private final int imagesPerBlock;
    private final boolean pointwise;

    CudaConv(CudaBackend be, Conv2DGeometry g) {
        this.be = be;
        this.g = g;
        batch = g.batch();
        outHw = g.outH() * g.outW();
        outC = g.outChannels();
        inC = g.inChannels();
        colWidth = g.kernelH() * g.kernelW() * inC;
        perImage = (long) outHw * colWidth;
        pointwise = g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padTop() == 0 && g.padLeft() == 0 && g.outH() == g.inH() && g.outW() == g.inW();
        imagesPerBlock = imagesPerBlock();
    }

    /** As many whole images as the budget holds, then evened out over the blocks that makes. */
    private int imagesPerBlock() {
        if (batch == 0 || perImage == 0) {
            return Math.max(1, batch);
        }
        long fit = Math.max(1, Math.min(batch, COL_BUDGET_FLOATS / perImage));
        long blocks = (batch + fit - 1) / fit;
        return (int) ((batch + blocks - 1) / blocks);
    }

    private long rows() {
        return (long) batch * outHw;
    }

    void forward(long x, long kernel, long y) {
        if (rows() == 0) {
            return;
        }
        if (pointwise) {
            be.gemm(false, false, (int) rows(), outC, inC, 1f, x, kernel, 0f, y);
            return;
        }
        MemoryPool.Block col = be.pool().allocate(4L * imagesPerBlock * perImage, CudaBackend.STREAM);
        try {
            for (int i0 = 0; i0 < batch; i0 += imagesPerBlock) {
                int images = Math.min(imagesPerBlock, batch - i0);
                im2col(x, col.address(), i0, images);
                be.gemm(false, false, images * outHw, outC, colWidth, 1f, col.address(), kernel, 0f,
                        y + 4L * i0 * outHw * outC);
            }
        } finally {
            be.pool().free(col);
        }
    }

    void backwardKernel(long x, long dy, long dKernel) {
        if (rows() == 0) {
            be.fill(dKernel, 0f, (long) colWidth * outC);
            return;
        }
        if (pointwise) {
            be.gemm(true, false, inC, outC, (int) rows(), 1f, x, dy, 0f, dKernel);
            return;
        }
        MemoryPool.Block col = be.pool().allocate(4L * imagesPerBlock * perImage, CudaBackend.STREAM);
        try {
            for (int i0 = 0; i0 < batch; i0 += imagesPerBlock) {
                int images = Math.min(imagesPerBlock, batch - i0);
                im2col(x, col.address(), i0, images);
                be.gemm(true, false, colWidth, outC, images * outHw, 1f, col.address(), dy + 4L * i0 * outHw * outC,
                        i0 == 0 ? 0f : 1f, dKernel);
            }
        } finally {
            be.pool().free(col);
        }
    }

    void backwardInput(long dy, long kernel, long dx) {
        long inputSize = (long) batch * g.inH() * g.inW() * inC;
        if (rows() == 0) {
            be.fill(dx, 0f, inputSize);
            return;
        }
        if (pointwise) {
            be.gemm(false, true, (int) rows(), inC, outC, 1f, dy, kernel, 0f, dx);
            return;
        }
        MemoryPool.Block col = be.pool().allocate(4L * imagesPerBlock * perImage, CudaBackend.STREAM);
        try {
            for (int i0 = 0; i0 < batch; i0 += imagesPerBlock) {
                int images = Math.min(imagesPerBlock, batch - i0);
                be.gemm(false, true, images * outHw, colWidth, outC, 1f, dy + 4L * i0 * outHw * outC, kernel, 0f,
                        col.address());
                be.launchItems(be.args(CudaKernels.COL2IM).in(col.address()).out(dx).conv(g).i(i0).i(images),
                        (long) images * g.inH() * g.inW() * inC);
            }
        } finally {
            be.pool().free(col);
        }
    }

    private void im2col(long x, long col, int image0, int images) {
        be.launchItems(be.args(CudaKernels.IM2COL).in(x).out(col).conv(g).i(image0).i(images), images * perImage);
    }
}
