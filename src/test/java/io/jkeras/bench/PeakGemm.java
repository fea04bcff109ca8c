package io.jkeras.bench;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import java.util.Random;

/**
 * The device's float32 GEMM rate through the backend's own {@code gemm} (OpenBLAS by way of
 * CpuBlas on the CPU, cuBLAS on a GPU): the ceiling W5's GFLOP/s is read against. Square
 * matrices of 2048 on the CPU (each product the flops of one of W5's GEMMs, 512 x 4096 x 4096;
 * PyTorch's header measures the same) and 4096 on a GPU; the best of three timed blocks after
 * warm-up, so another process's burst on a shared machine costs one block, not the figure.
 *
 * @param size    the matrices' side
 * @param gflops  2 size^3 multiply-adds per product, per second, in billions
 */
record PeakGemm(int size, double gflops) {
    private static final int BLOCKS = 3;
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    static PeakGemm measure(Device device) {
        boolean cpu = device.kind() == Device.Kind.CPU;
        int n = cpu ? 2048 : 4096;
        int reps = cpu ? 2 : 20;
        Backend b = device.backend();
        Random r = new Random(3);
        try (Tensor x = b.allocate(n, n); Tensor y = b.allocate(n, n); Tensor z = b.allocate(n, n)) {
            b.upload(Synthetic.normal(n * n, r), 0, x);
            b.upload(Synthetic.normal(n * n, r), 0, y);
            // a second of products first: this runs at the start of a fresh process (OurStage), whose
            // threads, packing buffers and pages are all new
            long warm = System.nanoTime();
            for (int i = 0; i < 2 || System.nanoTime() - warm < WARM_UP_NANOS; i++) {
                b.gemm(x, false, y, false, 1f, 0f, z, n, n, n);
                b.synchronize();
            }
            double best = 0;
            for (int block = 0; block < BLOCKS; block++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < reps; i++) {
                    b.gemm(x, false, y, false, 1f, 0f, z, n, n, n);
                }
                b.synchronize();
                double s = (System.nanoTime() - t0) / 1e9;
                best = Math.max(best, reps * 2.0 * n * n * n / s / 1e9);
            }
            return new PeakGemm(n, best);
        }
    }
}
