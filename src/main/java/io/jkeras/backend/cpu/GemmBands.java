package io.jkeras.backend.cpu;

/**
 * How {@link CpuBlas} cuts a GEMM's output into bands for {@link CpuParallel}: along rows when
 * the output is at least as tall as it is wide, else along columns, several bands per thread
 * so that the threads claim them as they come free.
 *
 * <p>Band edges fall on the micro-kernel's tiles (8 rows, 48 columns: native/cpu/sgemm.c), so
 * no band leaves a narrow edge tile in the middle of the output. Each band packs the whole of
 * the operand it shares with the others (k x n for row bands, m x k for column bands); while
 * that fits in a core's L2 the repacking is free (single-thread 128x512x784 ran at the same
 * speed in one band or in eleven), but beyond it each band streams it from memory again, so
 * bands of such products are some {@link #WIDE_MIN_BAND} long, a whole number of tiles
 * (512x4096x4096 lost 5-10% in bands of 512 columns, none in bands of 1024); row bands over
 * jkeras's sgemm share one packed b instead (see {@link #rows}). The band count is a
 * multiple of the thread count: near-equal bands claimed by equal threads then finish together.
 */
final class GemmBands {
    /** Below this many multiply-adds (m * n * k) a GEMM stays on the calling thread. */
    static final long SPLIT_MIN = 1L << 22;
    static final int ROW_UNIT = 8;
    static final int COLUMN_UNIT = NativeSgemm.PANEL;
    /** The shared operand's floats that still fit a core's L2 (1 MiB of its 2 MiB). */
    static final long L2_FLOATS = 1L << 18;
    static final int WIDE_MIN_BAND = 1024;

    final boolean byRows;
    final int count;
    private final int length;
    private final int unit;
    private final int units;

    private GemmBands(boolean byRows, int length, int unit, int count) {
        this.byRows = byRows;
        this.length = length;
        this.unit = unit;
        this.units = (length + unit - 1) / unit;
        this.count = count;
    }

    /** The bands of an (m, n) output with inner size k, for up to {@code threads} threads. */
    static GemmBands of(int m, int n, int k, int threads) {
        boolean byRows = m >= n;
        int length = byRows ? m : n;
        int unit = byRows ? ROW_UNIT : COLUMN_UNIT;
        if (threads <= 1 || (long) m * n * k < SPLIT_MIN) {
            return new GemmBands(byRows, length, unit, 1);
        }
        long shared = (long) k * (byRows ? n : m);
        int units = (length + unit - 1) / unit;
        int minUnits = shared > L2_FLOATS ? Math.max(1, WIDE_MIN_BAND / unit) : 1;
        return new GemmBands(byRows, length, unit, count(units, Math.max(threads, units / minUnits), threads));
    }

    /**
     * Up to {@code wanted} bands (and at most {@link CpuParallel}'s parts) of {@code units}
     * tiles, none empty, in a multiple of the threads where there are that many: near-equal
     * bands claimed by equal threads finish together, and three on two threads take as long as
     * four.
     */
    private static int count(int units, int wanted, int threads) {
        int count = Math.min(Math.min(threads * CpuParallel.PARTS_PER_THREAD, wanted), units);
        if (count >= threads) {
            count -= count % threads;
        }
        return Math.max(1, count);
    }

    /**
     * Row bands of an m-row output whose threads share one packed copy of b (see CpuBlas): as
     * many as {@link CpuParallel} cuts a loop into, a multiple of the thread count, none empty.
     */
    static GemmBands rows(int m, int threads) {
        int units = (m + ROW_UNIT - 1) / ROW_UNIT;
        return new GemmBands(true, m, ROW_UNIT, count(units, units, Math.max(1, threads)));
    }

    /** The first row (or column) of band {@code p}; {@code start(count)} is the output's length. */
    int start(int p) {
        return (int) Math.min(length, (long) unit * ((long) units * p / count));
    }
}
