package io.jkeras.backend.cpu;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.MemoryPool;
import java.util.Arrays;

/**
 * 2D convolution over NHWC inputs with a (kernelH, kernelW, inChannels, outChannels) kernel,
 * as im2col + GEMM.
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
 * The matrix is never built for the whole batch but in blocks of output rows (whole images
 * when an image fits) of about {@link #BLOCK_FLOATS} floats, small enough to stay in the
 * cache between the build and the GEMM that reads it. Rows are built in per-thread heap
 * arrays from a heap copy of the input rows they need (see {@link OffHeap} for why) and
 * copied out in chunks.
 *
 * <p>Threads: with at least two blocks, the blocks are split into one part per core and each
 * core builds and multiplies its own blocks (single-threaded GEMMs, see {@link CpuBlas}):
 * one fork and one join per call, where building each block on all cores and then
 * multiplying it on all cores takes two hand-offs per block. With a single block, the build
 * is split by rows and the GEMM by bands.
 *
 * <p>A 1x1 convolution with stride 1 and no padding needs no im2col: the input already is
 * the matrix.
 *
 * <p>Where the CPU kernel library is in use ({@link NativeKernels#enabled()}), each thread's
 * im2col rows and col2im sums are done by {@link NativeConv} in place on the tensors, with no
 * heap bands or chunks (same blocks, same threads, same bits); else by the Java code below.
 */
final class CpuConv {
    /** Floats of im2col per block (1 MiB). */
    static final int BLOCK_FLOATS = 1 << 18;
    /** Floats of im2col rows built in heap before one copy out (32 KiB, stays in L1/L2). */
    private static final int CHUNK_FLOATS = 1 << 13;
    /** Parts of a block's rows smaller than this many floats stay on one thread. */
    private static final int GRAIN_FLOATS = 1 << 14;
    /** Runs of a row shorter than this are copied by taps rather than with one copy per run. */
    private static final int SHORT_RUN = 16;

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
    private final boolean pointwise;
    /**
     * One input channel: im2col is built transposed, one row per kernel tap, since each
     * output row's values for one tap are then one run of the input row (a single copy at
     * stride 1), where row by row they are runs of kernelW floats.
     */
    private final boolean tapMajor;
    /**
     * Block b covers output rows ("units", one per (image, oh)) [blocks[b], blocks[b + 1]).
     * Blocks never straddle an image boundary unless they hold whole images.
     */
    private final int[] blocks;
    /** True when every block holds whole images. */
    private final boolean imageAligned;
    /** Most output rows in one block. */
    private final int maxUnits;
    /** The geometry for {@link NativeConv}, or null where the Java code below runs. */
    private final int[] nativeGeometry;

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
        pointwise = kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
                && outH == inH && outW == inW;
        tapMajor = inC == 1;
        long perImage = (long) outH * outW * colWidth;
        imageAligned = perImage <= BLOCK_FLOATS;
        if (batch == 0 || perImage == 0) {
            blocks = new int[] {0};
        } else {
            blocks = imageAligned ? imageBlocks(perImage) : rowBlocks();
        }
        int most = 0;
        for (int b = 0; b + 1 < blocks.length; b++) {
            most = Math.max(most, blocks[b + 1] - blocks[b]);
        }
        maxUnits = most;
        nativeGeometry = NativeKernels.enabled() ? NativeConv.geometry(g) : null;
    }

    /** Whole images per block: as many blocks as the floats need, rounded up to a multiple of the cores. */
    private int[] imageBlocks(long perImage) {
        int threads = CpuParallel.THREADS;
        long needed = Math.max(1, (batch * perImage + BLOCK_FLOATS - 1) / BLOCK_FLOATS);
        long count = Math.min(batch, (needed + threads - 1) / threads * threads);
        int imagesPerBlock = (int) Math.max(1, (batch + count - 1) / count);
        int n = (batch + imagesPerBlock - 1) / imagesPerBlock;
        int[] b = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            b[i] = Math.min(batch, i * imagesPerBlock) * outH;
        }
        return b;
    }

    /** Images too large for one block: runs of output rows within each image. */
    private int[] rowBlocks() {
        int unitsPerBlock = (int) Math.max(1, BLOCK_FLOATS / Math.max(1L, (long) outW * colWidth));
        int perImage = (outH + unitsPerBlock - 1) / unitsPerBlock;
        int[] b = new int[batch * perImage + 1];
        int k = 0;
        for (int image = 0; image < batch; image++) {
            for (int u = 0; u < outH; u += unitsPerBlock) {
                b[k++] = image * outH + u;
            }
        }
        b[k] = batch * outH;
        return b;
    }

    private int rows() {
        return batch * outH * outW;
    }

    // ---- the three kernels ---------------------------------------------------------------

    void forward(long x, long kernel, long y, MemoryPool pool) {
        if (rows() == 0) {
            return;
        }
        if (pointwise) {
            CpuBlas.sgemm(false, false, rows(), outC, inC, 1f, x, kernel, 0f, y);
            return;
        }
        runParts(pool, (part, col, b0, b1, parallel) -> {
            for (int b = b0; b < b1; b++) {
                int r0 = blocks[b] * outW;
                int r1 = blocks[b + 1] * outW;
                if (tapMajor) {
                    // col holds im2col transposed: (taps, rows)
                    im2colTapMajor(x, blocks[b], blocks[b + 1], col);
                    gemm(parallel, true, false, r1 - r0, outC, colWidth, col, kernel, 0f, y + 4L * r0 * outC);
                } else {
                    im2col(x, r0, r1, col, parallel);
                    gemm(parallel, false, false, r1 - r0, outC, colWidth, col, kernel, 0f, y + 4L * r0 * outC);
                }
            }
        });
    }

    void backwardKernel(long x, long dy, long dKernel, MemoryPool pool) {
        int size = colWidth * outC;
        if (rows() == 0) {
            CpuElementwise.fill(dKernel, 0f, size);
            return;
        }
        if (pointwise) {
            CpuBlas.sgemm(true, false, inC, outC, rows(), 1f, x, dy, 0f, dKernel);
            return;
        }
        // part 0 sums into dKernel, the others into their own partial sums, added at the end
        MemoryPool.Block partials = pool.allocate(4L * size * Math.max(1, partCount() - 1), 0);
        try {
            int parts = runParts(pool, (part, col, b0, b1, parallel) -> {
                long target = part == 0 ? dKernel : partials.address() + 4L * (part - 1) * size;
                for (int b = b0; b < b1; b++) {
                    int r0 = blocks[b] * outW;
                    int r1 = blocks[b + 1] * outW;
                    if (tapMajor) {
                        im2colTapMajor(x, blocks[b], blocks[b + 1], col);
                    } else {
                        im2col(x, r0, r1, col, parallel);
                    }
                    gemm(parallel, !tapMajor, false, colWidth, outC, r1 - r0, col, dy + 4L * r0 * outC,
                            b == b0 ? 0f : 1f, target);
                }
            });
            if (parts > 1) {
                float[] sum = new float[size];
                float[] part = new float[size];
                OffHeap.get(dKernel, sum, 0, size);
                for (int p = 1; p < parts; p++) {
                    OffHeap.get(partials.address() + 4L * (p - 1) * size, part, 0, size);
                    for (int i = 0; i < size; i++) {
                        sum[i] += part[i];
                    }
                }
                OffHeap.put(sum, 0, dKernel, size);
            }
        } finally {
            pool.free(partials);
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
            // an image spans blocks: each block adds onto what the previous one left
            CpuElementwise.fill(dx, 0f, inputSize);
        }
        runParts(pool, (part, col, b0, b1, parallel) -> {
            for (int b = b0; b < b1; b++) {
                int u0 = blocks[b];
                int u1 = blocks[b + 1];
                gemm(parallel, false, true, (u1 - u0) * outW, colWidth, outC, dy + 4L * u0 * outW * outC, kernel, 0f,
                        col);
                col2im(col, u0, u1, dx, parallel);
            }
        });
    }

    // ---- splitting the blocks over the cores ---------------------------------------------

    private interface PartBody {
        /** Runs blocks [b0, b1) with the im2col buffer {@code col}; {@code parallel}: may use several threads inside. */
        void run(int part, long col, int b0, int b1, boolean parallel);
    }

    /** One part per core, at most one per block, and (for split images) at most one per image. */
    private int partCount() {
        int units = imageAligned ? blocks.length - 1 : batch;
        return Math.max(1, Math.min(CpuParallel.THREADS, units));
    }

    /** First block of each part, and the end: parts never split an image's blocks. */
    private int[] partBounds(int parts) {
        int[] bounds = new int[parts + 1];
        int nb = blocks.length - 1;
        for (int p = 0; p <= parts; p++) {
            if (imageAligned) {
                bounds[p] = (int) ((long) nb * p / parts);
            } else {
                int firstUnit = (int) ((long) batch * p / parts) * outH;
                int b = 0;
                while (b < nb && blocks[b] < firstUnit) {
                    b++;
                }
                bounds[p] = b;
            }
        }
        return bounds;
    }

    /** Runs {@code body} over the blocks, one part per core; returns the number of parts. */
    private int runParts(MemoryPool pool, PartBody body) {
        int parts = partCount();
        long blockBytes = 4L * maxUnits * outW * colWidth;
        MemoryPool.Block col = pool.allocate(blockBytes * parts, 0);
        try {
            if (parts == 1) {
                body.run(0, col.address(), 0, blocks.length - 1, true);
                return 1;
            }
            int[] bounds = partBounds(parts);
            CpuParallel.forItems(parts, 1, (s, e) -> {
                for (int p = s; p < e; p++) {
                    body.run(p, col.address() + blockBytes * p, bounds[p], bounds[p + 1], false);
                }
            });
            return parts;
        } finally {
            pool.free(col);
        }
    }

    /** A GEMM split over the cores ({@code parallel}) or on this thread (inside a part). */
    private static void gemm(boolean parallel, boolean transA, boolean transB, int m, int n, int k, long a, long b,
                             float beta, long c) {
        if (parallel) {
            CpuBlas.sgemm(transA, transB, m, n, k, 1f, a, b, beta, c);
        } else {
            CpuBlas.sgemmHere(transA, transB, m, n, k, 1f, a, b, beta, c);
        }
    }

    // ---- im2col --------------------------------------------------------------------------

    /** Builds im2col rows [r0, r1) (global row numbers) into {@code col}. */
    private void im2col(long x, int r0, int r1, long col, boolean parallel) {
        if (!parallel) {
            buildRows(x, r0, r1, col);
            return;
        }
        int grain = Math.max(1, GRAIN_FLOATS / colWidth);
        CpuParallel.forRange(r1 - r0, grain, (s, e) -> buildRows(x, r0 + s, r0 + e, col + 4L * s * colWidth));
    }

    private void buildRows(long x, int rs, int re, long dst) {
        if (nativeGeometry != null) {
            NativeConv.im2col(x, dst, rs, re, nativeGeometry);
            return;
        }
        Scratch sc = Scratch.get();
        int rowsPerImage = outH * outW;
        int chunkRows = Math.max(1, CHUNK_FLOATS / colWidth);
        float[] chunk = sc.array(0, chunkRows * colWidth);
        boolean byTaps = kernelW * inC < SHORT_RUN || dilationW != 1;
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
                if (byTaps) {
                    buildByTaps(band, bandStart, q - first, qe - first, chunk);
                } else {
                    for (int row = q; row < qe; row++) {
                        int p = row - first;
                        buildRow(band, ((p / outW) * strideH - bandStart) * paddedW + (p % outW) * strideW, chunk,
                                (row - q) * colWidth);
                    }
                }
                OffHeap.put(chunk, 0, dst + 4L * (q - rs) * colWidth, (qe - q) * colWidth);
            }
            r = imageEnd;
        }
    }

    /**
     * im2col of output rows [u0, u1) transposed into {@code col}: row t (kernel tap (i, j)) holds
     * the tap's input value for each output pixel. One input channel only.
     */
    private void im2colTapMajor(long x, int u0, int u1, long col) {
        if (nativeGeometry != null) {
            NativeConv.im2colTapMajor(x, col, u0, u1, nativeGeometry);
            return;
        }
        Scratch sc = Scratch.get();
        int rowsInBlock = (u1 - u0) * outW;
        float[] tapRow = sc.array(0, rowsInBlock);
        int firstImage = u0 / outH;
        int images = (u1 - 1) / outH - firstImage + 1;
        // the padded input rows each image of the block needs, one after another
        int[] bandStart = new int[images];
        int[] offset = new int[images + 1];
        for (int k = 0; k < images; k++) {
            int image = firstImage + k;
            int ohA = Math.max(u0, image * outH) - image * outH;
            int ohB = Math.min(u1, (image + 1) * outH) - image * outH;
            bandStart[k] = ohA * strideH;
            int bandEnd = (ohB - 1) * strideH + (kernelH - 1) * dilationH + 1;
            offset[k + 1] = offset[k] + (bandEnd - bandStart[k]) * paddedW;
        }
        float[] bands = sc.array(1, offset[images]);
        for (int k = 0; k < images; k++) {
            int rows = (offset[k + 1] - offset[k]) / paddedW;
            loadBand(x, firstImage + k, bandStart[k], bandStart[k] + rows, bands, offset[k]);
        }
        for (int i = 0; i < kernelH; i++) {
            for (int j = 0; j < kernelW; j++) {
                int d = 0;
                for (int u = u0; u < u1; u++, d += outW) {
                    int k = u / outH - firstImage;
                    int oh = u % outH;
                    int src = offset[k] + (oh * strideH - bandStart[k] + i * dilationH) * paddedW + j * dilationW;
                    if (strideW == 1) {
                        System.arraycopy(bands, src, tapRow, d, outW);
                    } else {
                        for (int ow = 0; ow < outW; ow++) {
                            tapRow[d + ow] = bands[src + ow * strideW];
                        }
                    }
                }
                OffHeap.put(tapRow, 0, col + 4L * (i * kernelW + j) * rowsInBlock, rowsInBlock);
            }
        }
    }

    /** One im2col row: the window whose top-left padded pixel is {@code pixel} of the band. */
    private void buildRow(float[] band, int pixel, float[] out, int o) {
        int rowStep = dilationH * paddedW * inC;
        int run = kernelW * inC;
        for (int i = 0, src = pixel * inC; i < kernelH; i++, src += rowStep, o += run) {
            System.arraycopy(band, src, out, o, run);
        }
    }

    /**
     * Rows for pixels [p0, p1) of one image (p = oh * outW + ow) into {@code out} from row 0,
     * one kernel tap at a time along each output row: for few channels a row is many tiny
     * runs, and one strided loop per tap beats a copy call per run.
     */
    private void buildByTaps(float[] band, int bandStart, int p0, int p1, float[] out) {
        int p = p0;
        while (p < p1) {
            int oh = p / outW;
            int ow = p % outW;
            int count = Math.min(p1 - p, outW - ow);
            int pixel = (oh * strideH - bandStart) * paddedW + ow * strideW;
            int srcStep = strideW * inC;
            int rowBase = (p - p0) * colWidth;
            for (int i = 0; i < kernelH; i++) {
                for (int j = 0; j < kernelW; j++) {
                    int src = (pixel + i * dilationH * paddedW + j * dilationW) * inC;
                    int dst = rowBase + (i * kernelW + j) * inC;
                    if (inC == 1) {
                        for (int k = 0; k < count; k++, src += srcStep, dst += colWidth) {
                            out[dst] = band[src];
                        }
                    } else {
                        for (int k = 0; k < count; k++, src += srcStep, dst += colWidth) {
                            for (int c = 0; c < inC; c++) {
                                out[dst + c] = band[src + c];
                            }
                        }
                    }
                }
            }
            p += count;
        }
    }

    // ---- col2im --------------------------------------------------------------------------

    /** Adds the dcol rows of output rows [u0, u1) onto dx, one image per piece of work. */
    private void col2im(long col, int u0, int u1, long dx, boolean parallel) {
        int firstImage = u0 / outH;
        int images = (u1 - 1) / outH - firstImage + 1;
        CpuParallel.Range body = (s, e) -> {
            if (nativeGeometry != null) {
                int ua = Math.max(u0, (firstImage + s) * outH);
                int ub = Math.min(u1, (firstImage + e) * outH);
                NativeConv.col2im(col + 4L * (ua - u0) * outW * colWidth, dx, ua, ub, nativeGeometry);
                return;
            }
            for (int i = s; i < e; i++) {
                int image = firstImage + i;
                int ua = Math.max(u0, image * outH);
                int ub = Math.min(u1, (image + 1) * outH);
                scatterImage(col + 4L * (ua - u0) * outW * colWidth, image, ua - image * outH, ub - image * outH, dx);
            }
        };
        if (parallel) {
            CpuParallel.forItems(images, 1, body);
        } else {
            body.run(0, images);
        }
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
        int run = kernelW * inC;
        float[] a = dilationW == 1 && run >= 2 * SHORT_RUN ? sc.array(2, run) : null;
        float[] b = a != null ? sc.array(3, run) : null;
        int pa = ohA * outW;
        int pb = ohB * outW;
        for (int q = pa; q < pb; q += chunkRows) {
            int qe = Math.min(pb, q + chunkRows);
            OffHeap.get(col + 4L * (q - pa) * colWidth, chunk, 0, (qe - q) * colWidth);
            for (int p = q; p < qe; p++) {
                int pixel = ((p / outW) * strideH - bandStart) * paddedW + (p % outW) * strideW;
                if (a != null) {
                    addRowStaged(chunk, (p - q) * colWidth, band, pixel, a, b);
                } else {
                    addRow(chunk, (p - q) * colWidth, band, pixel);
                }
            }
        }
        storeBand(band, bandStart, bandEnd, dx, image);
    }

    /** The transpose of {@link #buildRow}: adds one dcol row onto the window it came from. */
    private void addRow(float[] row, int o, float[] band, int pixel) {
        int rowStep = dilationH * paddedW * inC;
        int colStep = dilationW * inC;
        for (int i = 0, dst = pixel * inC; i < kernelH; i++, dst += rowStep) {
            for (int j = 0, d = dst; j < kernelW; j++, d += colStep, o += inC) {
                for (int c = 0; c < inC; c++) {
                    band[d + c] += row[o + c];
                }
            }
        }
    }

    /**
     * {@link #addRow} for long runs: each run of the row and of the band is copied to the
     * start of a staging array, so the add is one loop with a single index. C2 in Java 17
     * leaves a loop that reads and writes float arrays at two different offsets unvectorised
     * (measured 2.5x slower than the three copies and the vector loop together).
     */
    private void addRowStaged(float[] row, int o, float[] band, int pixel, float[] a, float[] b) {
        int rowStep = dilationH * paddedW * inC;
        int run = kernelW * inC;
        for (int i = 0, dst = pixel * inC; i < kernelH; i++, dst += rowStep, o += run) {
            System.arraycopy(row, o, a, 0, run);
            System.arraycopy(band, dst, b, 0, run);
            for (int k = 0; k < run; k++) {
                b[k] += a[k];
            }
            System.arraycopy(b, 0, band, dst, run);
        }
    }

    // ---- padded bands of one image -------------------------------------------------------

    /**
     * Copies padded rows [bandStart, bandEnd) of image {@code image} of {@code src} into
     * {@code band} (paddedW * inC floats per row), zeros where the band lies in the padding.
     */
    private void loadBand(long src, int image, int bandStart, int bandEnd, float[] band) {
        loadBand(src, image, bandStart, bandEnd, band, 0);
    }

    /** {@link #loadBand} into {@code band[off..]}. */
    private void loadBand(long src, int image, int bandStart, int bandEnd, float[] band, int off) {
        int rowFloats = paddedW * inC;
        int from = Math.max(bandStart, padTop);
        int to = Math.min(bandEnd, padTop + inH);
        if (paddedW != inW || from != bandStart || to != bandEnd) {
            Arrays.fill(band, off, off + (bandEnd - bandStart) * rowFloats, 0f);
        }
        if (from >= to) {
            return;
        }
        long base = src + 4L * (((long) image * inH + (from - padTop)) * inW * inC);
        if (paddedW == inW) {
            OffHeap.get(base, band, off + (from - bandStart) * rowFloats, (to - from) * rowFloats);
        } else {
            for (int h = from; h < to; h++) {
                OffHeap.get(base + 4L * (h - from) * inW * inC, band, off + (h - bandStart) * rowFloats + padLeft * inC,
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
