package io.jkeras.backend.cpu;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.MemoryPool;
import java.util.Arrays;

/**
 * 2D convolution over NHWC inputs with a (kernelH, kernelW, inChannels, outChannels) kernel,
 * as im2col + OpenBLAS GEMM.
 *
 * <p>The im2col matrix has one row per output pixel (image, oh, ow) and one column per
 * kernel tap (kh, kw, c), the kernel's own memory order, so the kernel is used as a
 * (kh*kw*c, outC) matrix without any reordering:
 * <ul>
 *   <li>forward: {@code y = col * K};</li>
 *   <li>backward input: {@code dcol = dy * K^T}, then col2im adds each dcol row back onto the
 *       input pixels it was read from;</li>
 *   <li>backward kernel: {@code dK = col^T * dy}, accumulated block by block.</li>
 * </ul>
 * The matrix is never built for the whole batch: blocks of output rows (whole images when an
 * image fits) are built into one pooled native buffer of about {@link #BLOCK_FLOATS} floats,
 * small enough to stay in the caches between the build and the GEMM that reads it. Rows are
 * built in per-thread heap arrays from a heap copy of the input rows they need (see
 * {@link OffHeap} for why) and copied out in chunks. A 1x1 convolution with stride 1 and no
 * padding needs no im2col at all: the input already is the matrix.
 */
final class CpuConv {
    /** Floats of im2col per GEMM block (1 MiB): measured faster than whole-batch blocks for the W2 layers. */
    static final int BLOCK_FLOATS = 1 << 18;
    /** Floats of im2col rows built in heap before one copy out (32 KiB, stays in L1/L2). */
    private static final int CHUNK_FLOATS = 1 << 13;
    /** Parts of a block's rows smaller than this many floats stay on one thread. */
    private static final int GRAIN_FLOATS = 1 << 14;

    private final int batch;
    private final int inH;
    private final int inW;
    private final int inC;
    private final int outH;
    private final int outW;
    private final int outC;
    private final int kernelH;
    private final int kernelW;
    private final int strideH;
    private final int strideW;
    private final int padTop;
    private final int padLeft;
    private final int dilationH;
    private final int dilationW;
    /** Rows and columns of the input once padded (zeros around it) as far as any window reaches. */
    private final int paddedH;
    private final int paddedW;
    /** Columns of im2col: kernelH * kernelW * inC. */
    private final int colWidth;
    /** Output rows (image, oh) per block; each has outW im2col rows. */
    private final int unitsPerBlock;
    /** True when every block holds whole images, so col2im never shares an image between blocks. */
    private final boolean imageAligned;
    private final boolean pointwise;

    CpuConv(Conv2DGeometry g) {
        batch = g.batch();
        inH = g.inH();
        inW = g.inW();
        inC = g.inChannels();
        outH = g.outH();
        outW = g.outW();
        outC = g.outChannels();
        kernelH = g.kernelH();
        kernelW = g.kernelW();
        strideH = g.strideH();
        strideW = g.strideW();
        padTop = g.padTop();
        padLeft = g.padLeft();
        dilationH = g.dilationH();
        dilationW = g.dilationW();
        paddedH = Math.max(inH + padTop, (outH - 1) * strideH + (kernelH - 1) * dilationH + 1);
        paddedW = Math.max(inW + padLeft, (outW - 1) * strideW + (kernelW - 1) * dilationW + 1);
        colWidth = kernelH * kernelW * inC;
        long perImage = (long) outH * outW * colWidth;
        if (perImage > 0 && perImage <= BLOCK_FLOATS) {
            unitsPerBlock = (int) (BLOCK_FLOATS / perImage) * outH;
            imageAligned = true;
        } else {
            unitsPerBlock = (int) Math.max(1, BLOCK_FLOATS / Math.max(1L, (long) outW * colWidth));
            imageAligned = unitsPerBlock % Math.max(1, outH) == 0;
        }
        pointwise = kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
                && outH == inH && outW == inW;
    }

    private int rows() {
        return batch * outH * outW;
    }

    void forward(long x, long kernel, long y, MemoryPool pool) {
        if (rows() == 0) {
            return;
        }
        if (pointwise) {
            CpuBlas.sgemm(false, false, rows(), outC, inC, 1f, x, kernel, 0f, y);
            return;
        }
        MemoryPool.Block col = allocateBlock(pool);
        try {
            int units = batch * outH;
            for (int u0 = 0; u0 < units; u0 += unitsPerBlock) {
                int r0 = u0 * outW;
                int r1 = Math.min(units, u0 + unitsPerBlock) * outW;
                im2col(x, r0, r1, col.address());
                CpuBlas.sgemm(false, false, r1 - r0, outC, colWidth, 1f, col.address(), kernel, 0f, y + 4L * r0 * outC);
            }
        } finally {
            pool.free(col);
        }
    }

    void backwardKernel(long x, long dy, long dKernel, MemoryPool pool) {
        if (rows() == 0) {
            CpuElementwise.fill(dKernel, 0f, colWidth * outC);
            return;
        }
        if (pointwise) {
            CpuBlas.sgemm(true, false, inC, outC, rows(), 1f, x, dy, 0f, dKernel);
            return;
        }
        MemoryPool.Block col = allocateBlock(pool);
        try {
            int units = batch * outH;
            for (int u0 = 0; u0 < units; u0 += unitsPerBlock) {
                int r0 = u0 * outW;
                int r1 = Math.min(units, u0 + unitsPerBlock) * outW;
                im2col(x, r0, r1, col.address());
                CpuBlas.sgemm(true, false, colWidth, outC, r1 - r0, 1f, col.address(), dy + 4L * r0 * outC,
                        u0 == 0 ? 0f : 1f, dKernel);
            }
        } finally {
            pool.free(col);
        }
    }

    void backwardInput(long dy, long kernel, long dx, MemoryPool pool) {
        int inputSize = batch * inH * inW * inC;
        if (rows() == 0) {
            CpuElementwise.fill(dx, 0f, inputSize);
            return;
        }
        if (pointwise) {
            CpuBlas.sgemm(false, true, rows(), inC, outC, 1f, dy, kernel, 0f, dx);
            return;
        }
        if (!imageAligned) {
            // images span blocks: each block adds onto what the previous one left
            CpuElementwise.fill(dx, 0f, inputSize);
        }
        MemoryPool.Block col = allocateBlock(pool);
        try {
            int units = batch * outH;
            for (int u0 = 0; u0 < units; u0 += unitsPerBlock) {
                int u1 = Math.min(units, u0 + unitsPerBlock);
                CpuBlas.sgemm(false, true, (u1 - u0) * outW, colWidth, outC, 1f, dy + 4L * u0 * outW * outC, kernel,
                        0f, col.address());
                col2im(col.address(), u0, u1, dx);
            }
        } finally {
            pool.free(col);
        }
    }

    private MemoryPool.Block allocateBlock(MemoryPool pool) {
        long units = Math.min(unitsPerBlock, (long) batch * outH);
        return pool.allocate(4L * units * outW * colWidth, 0);
    }

    // ---- im2col --------------------------------------------------------------------------

    /** Builds im2col rows [r0, r1) (global row numbers) into {@code col}, split over the cores by rows. */
    private void im2col(long x, int r0, int r1, long col) {
        int grain = Math.max(1, GRAIN_FLOATS / colWidth);
        CpuParallel.forRange(r1 - r0, grain, (s, e) -> buildRows(x, r0 + s, r0 + e, col + 4L * s * colWidth));
    }

    private void buildRows(long x, int rs, int re, long dst) {
        Scratch sc = Scratch.get();
        int rowsPerImage = outH * outW;
        int chunkRows = Math.max(1, CHUNK_FLOATS / colWidth);
        float[] chunk = sc.array(0, chunkRows * colWidth);
        int r = rs;
        while (r < re) {
            int image = r / rowsPerImage;
            int first = image * rowsPerImage;
            int imageEnd = Math.min(re, first + rowsPerImage);
            int bandStart = ((r - first) / outW) * strideH;
            int bandEnd = ((imageEnd - 1 - first) / outW) * strideH + (kernelH - 1) * dilationH + 1;
            float[] band = sc.array(1, (bandEnd - bandStart) * paddedW * inC);
            loadBand(x, image, bandStart, bandEnd, band);
            for (int q = r; q < imageEnd; q += chunkRows) {
                int qe = Math.min(imageEnd, q + chunkRows);
                for (int row = q; row < qe; row++) {
                    int p = row - first;
                    buildRow(band, ((p / outW) * strideH - bandStart) * paddedW + (p % outW) * strideW, chunk,
                            (row - q) * colWidth);
                }
                OffHeap.put(chunk, 0, dst + 4L * (q - rs) * colWidth, (qe - q) * colWidth);
            }
            r = imageEnd;
        }
    }

    /** One im2col row: the window whose top-left padded pixel is {@code pixel} of the band. */
    private void buildRow(float[] band, int pixel, float[] out, int o) {
        int rowStep = dilationH * paddedW * inC;
        int src = pixel * inC;
        if (dilationW == 1) {
            int run = kernelW * inC;
            for (int i = 0; i < kernelH; i++, src += rowStep, o += run) {
                copy(band, src, out, o, run);
            }
        } else {
            int colStep = dilationW * inC;
            for (int i = 0; i < kernelH; i++, src += rowStep) {
                for (int j = 0, s = src; j < kernelW; j++, s += colStep, o += inC) {
                    copy(band, s, out, o, inC);
                }
            }
        }
    }

    private static void copy(float[] src, int s, float[] dst, int d, int len) {
        if (len >= 16) {
            System.arraycopy(src, s, dst, d, len);
        } else {
            for (int i = 0; i < len; i++) {
                dst[d + i] = src[s + i];
            }
        }
    }

    // ---- col2im --------------------------------------------------------------------------

    /**
     * Adds the dcol rows of output rows [u0, u1) onto dx. Each image of the block is one piece
     * of work, so threads never write the same pixels.
     */
    private void col2im(long col, int u0, int u1, long dx) {
        int firstImage = u0 / outH;
        int images = (u1 - 1) / outH - firstImage + 1;
        CpuParallel.forItems(images, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                int image = firstImage + i;
                int ua = Math.max(u0, image * outH);
                int ub = Math.min(u1, (image + 1) * outH);
                scatterImage(col + 4L * (ua - u0) * outW * colWidth, image, ua - image * outH, ub - image * outH, dx);
            }
        });
    }

    /** Adds the dcol rows of output rows [ohA, ohB) of one image onto its dx. */
    private void scatterImage(long col, int image, int ohA, int ohB, long dx) {
        Scratch sc = Scratch.get();
        boolean whole = ohA == 0 && ohB == outH;
        int bandStart = whole ? 0 : ohA * strideH;
        int bandEnd = whole ? paddedH : (ohB - 1) * strideH + (kernelH - 1) * dilationH + 1;
        float[] band = sc.array(1, (bandEnd - bandStart) * paddedW * inC);
        if (whole) {
            Arrays.fill(band, 0, (bandEnd - bandStart) * paddedW * inC, 0f);
        } else {
            loadBand(dx, image, bandStart, bandEnd, band);
        }
        int chunkRows = Math.max(1, CHUNK_FLOATS / colWidth);
        float[] chunk = sc.array(0, chunkRows * colWidth);
        int pa = ohA * outW;
        int pb = ohB * outW;
        for (int q = pa; q < pb; q += chunkRows) {
            int qe = Math.min(pb, q + chunkRows);
            OffHeap.get(col + 4L * (q - pa) * colWidth, chunk, 0, (qe - q) * colWidth);
            for (int p = q; p < qe; p++) {
                addRow(chunk, (p - q) * colWidth, band,
                        ((p / outW) * strideH - bandStart) * paddedW + (p % outW) * strideW);
            }
        }
        storeBand(band, bandStart, bandEnd, dx, image);
    }

    /** The transpose of {@link #buildRow}: adds one dcol row onto the window it came from. */
    private void addRow(float[] row, int o, float[] band, int pixel) {
        int rowStep = dilationH * paddedW * inC;
        int dst = pixel * inC;
        if (dilationW == 1) {
            int run = kernelW * inC;
            for (int i = 0; i < kernelH; i++, dst += rowStep, o += run) {
                for (int j = 0; j < run; j++) {
                    band[dst + j] += row[o + j];
                }
            }
        } else {
            int colStep = dilationW * inC;
            for (int i = 0; i < kernelH; i++, dst += rowStep) {
                for (int j = 0, d = dst; j < kernelW; j++, d += colStep, o += inC) {
                    for (int c = 0; c < inC; c++) {
                        band[d + c] += row[o + c];
                    }
                }
            }
        }
    }

    // ---- padded bands of one image -------------------------------------------------------

    /**
     * Copies padded rows [bandStart, bandEnd) of image {@code image} of {@code src} into
     * {@code band} (paddedW * inC floats per row), zeros where the band lies in the padding.
     */
    private void loadBand(long src, int image, int bandStart, int bandEnd, float[] band) {
        int rowFloats = paddedW * inC;
        int from = Math.max(bandStart, padTop);
        int to = Math.min(bandEnd, padTop + inH);
        if (paddedW != inW || from != bandStart || to != bandEnd) {
            Arrays.fill(band, 0, (bandEnd - bandStart) * rowFloats, 0f);
        }
        if (from >= to) {
            return;
        }
        long base = src + 4L * (((long) image * inH + (from - padTop)) * inW * inC);
        if (paddedW == inW) {
            OffHeap.get(base, band, (from - bandStart) * rowFloats, (to - from) * rowFloats);
        } else {
            for (int h = from; h < to; h++) {
                OffHeap.get(base + 4L * (h - from) * inW * inC, band, (h - bandStart) * rowFloats + padLeft * inC,
                        inW * inC);
            }
        }
    }

    /** Writes the unpadded part of padded rows [bandStart, bandEnd) back to image {@code image} of {@code dst}. */
    private void storeBand(float[] band, int bandStart, int bandEnd, long dst, int image) {
        int rowFloats = paddedW * inC;
        int from = Math.max(bandStart, padTop);
        int to = Math.min(bandEnd, padTop + inH);
        if (from >= to) {
            return;
        }
        long base = dst + 4L * (((long) image * inH + (from - padTop)) * inW * inC);
        if (paddedW == inW) {
            OffHeap.put(band, (from - bandStart) * rowFloats, base, (to - from) * rowFloats);
        } else {
            for (int h = from; h < to; h++) {
                OffHeap.put(band, (h - bandStart) * rowFloats + padLeft * inC, base + 4L * (h - from) * inW * inC,
                        inW * inC);
            }
        }
    }
}
