package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GemmBandsTest {

    @ParameterizedTest(name = "{0}x{1}x{2} on {3} threads")
    @CsvSource({
        "128, 512, 784, 2", "784, 512, 128, 2", "128, 512, 512, 3", "32, 512, 784, 2", "4096, 4096, 512, 2",
        "512, 4096, 4096, 2", "1000, 50, 300, 4", "100, 4000, 20, 2", "50, 50, 5000, 2"})
    void bandsCoverTheOutputAndStartOnTiles(int m, int n, int k, int threads) {
        GemmBands bands = GemmBands.of(m, n, k, threads);
        int length = bands.byRows ? m : n;
        int unit = bands.byRows ? GemmBands.ROW_UNIT : GemmBands.COLUMN_UNIT;
        assertEquals(m >= n, bands.byRows, "cut along the longer side of the output");
        assertTrue(bands.count >= 2 && bands.count <= threads * CpuParallel.PARTS_PER_THREAD,
                "count " + bands.count);
        int units = (length + unit - 1) / unit;
        assertTrue(bands.count % threads == 0 || bands.count == units, "count " + bands.count + " for " + threads);
        assertEquals(0, bands.start(0));
        assertEquals(length, bands.start(bands.count));
        for (int p = 1; p <= bands.count; p++) {
            assertTrue(bands.start(p) > bands.start(p - 1), "band " + p + " is empty");
            if (p < bands.count) {
                assertEquals(0, bands.start(p) % unit, "band " + p + " starts off a tile");
            }
        }
    }

    @Test
    void smallProductsAndSingleThreadsStayWhole() {
        assertEquals(1, GemmBands.of(128, 10, 512, 2).count, "128x10x512 is below the split");
        assertEquals(1, GemmBands.of(128, 512, 784, 1).count, "one thread");
    }

    @Test
    void bandsSharingAnOperandLargerThanL2AreLong() {
        // 512x4096x4096: each column band packs all of a (512 x 4096, 8 MiB) again
        GemmBands wide = GemmBands.of(512, 4096, 4096, 2);
        assertFalse(wide.byRows);
        int least = GemmBands.WIDE_MIN_BAND / GemmBands.COLUMN_UNIT * GemmBands.COLUMN_UNIT;
        assertEquals(4, wide.count);
        for (int p = 0; p < wide.count; p++) {
            assertTrue(wide.start(p + 1) - wide.start(p) >= least, "band " + p);
        }
        // 128x512x784: a is 392 KiB, so every thread gets several bands
        assertEquals(2 * CpuParallel.PARTS_PER_THREAD, GemmBands.of(128, 512, 784, 2).count);
    }

    @ParameterizedTest(name = "{0} rows on {1} threads: {2} bands")
    @CsvSource({"1024, 2, 8", "784, 2, 8", "1000, 3, 12", "20, 2, 2", "8, 2, 1", "3, 4, 1", "4096, 1, 4"})
    void rowBandsOverASharedPackedBCoverTheRowsAndStartOnTiles(int m, int threads, int count) {
        GemmBands rows = GemmBands.rows(m, threads);
        assertTrue(rows.byRows);
        assertEquals(count, rows.count, "CpuParallel's parts, a multiple of the threads where there are enough");
        assertEquals(0, rows.start(0));
        assertEquals(m, rows.start(rows.count));
        for (int p = 1; p <= rows.count; p++) {
            assertTrue(rows.start(p) > rows.start(p - 1), "band " + p + " is empty");
            if (p < rows.count) {
                assertEquals(0, rows.start(p) % GemmBands.ROW_UNIT, "band " + p + " starts off a tile");
            }
        }
    }
}
