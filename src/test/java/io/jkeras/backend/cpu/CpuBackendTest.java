package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TransferStats;
import org.junit.jupiter.api.Test;

class CpuBackendTest {
    private final CpuBackend backend = new CpuBackend(Device.cpu());

    @Test
    void uploadRowsWritesTheOrderedRowsInOneTransfer() {
        int rowSize = 3;
        int rows = 40_000; // enough rows for the copy to be split over the threads
        float[] src = new float[rows * rowSize];
        for (int i = 0; i < src.length; i++) {
            src[i] = i;
        }
        int[] order = new int[rows + 10];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) ((i * 7919L) % rows);
        }
        int from = 5;
        int to = from + rows;
        float[] expected = new float[rows * rowSize];
        for (int i = from; i < to; i++) {
            System.arraycopy(src, order[i] * rowSize, expected, (i - from) * rowSize, rowSize);
        }
        TransferStats before = backend.transferStats();
        try (Tensor t = backend.allocate(rows, rowSize)) {
            backend.uploadRows(src, rowSize, order, from, to, null, t);
            TransferStats after = backend.transferStats();
            assertEquals(1, after.uploads() - before.uploads());
            assertEquals(4L * rows * rowSize, after.uploadBytes() - before.uploadBytes());
            float[] got = new float[rows * rowSize];
            backend.download(t, got, 0);
            assertArrayEquals(expected, got);
        }
    }

    @Test
    void aLargeUploadSplitOverTheThreadsArrivesWhole() {
        int n = (1 << 18) + 37; // several parts, the last one short
        float[] src = new float[n + 5];
        for (int i = 0; i < src.length; i++) {
            src[i] = i * 0.5f;
        }
        TransferStats before = backend.transferStats();
        try (Tensor t = backend.allocate(n)) {
            backend.upload(src, 5, t);
            assertEquals(1, backend.transferStats().uploads() - before.uploads());
            float[] got = new float[n];
            backend.download(t, got, 0);
            for (int i = 0; i < n; i++) {
                assertEquals(src[i + 5], got[i], "float " + i);
            }
        }
    }

    @Test
    void uploadRowsRejectsAWrongSizeOrARowOutsideTheArray() {
        float[] src = new float[4 * 2];
        try (Tensor t = backend.allocate(2, 2)) {
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> backend.uploadRows(src, 2, new int[] {0, 1, 2}, 0, 3, null, t));
            assertTrue(size.getMessage().contains("rows [0, 3) of 2 floats"), size.getMessage());
            IllegalArgumentException row = assertThrows(IllegalArgumentException.class,
                    () -> backend.uploadRows(src, 2, new int[] {0, 4}, 0, 2, null, t));
            assertTrue(row.getMessage().contains("row 4 (order[1])"), row.getMessage());
        }
    }
}
