package io.jkeras.backend.cpu;

import io.jkeras.backend.CounterRng;

/** Network kernels of the CPU backend that are neither GEMM nor plain elementwise. */
final class CpuNn {
    private static final int CHUNK = Scratch.CHUNK;

    private CpuNn() {
    }

    static void dropout(long x, float rate, long seed, long y, int n) {
        float scale = 1f / (1f - rate);
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            float[] v = Scratch.get().array(0, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                OffHeap.get(x + 4L * i, v, 0, len);
                for (int j = 0; j < len; j++) {
                    v[j] = CounterRng.uniform(seed, i + j) >= rate ? v[j] * scale : 0f;
                }
                OffHeap.put(v, 0, y + 4L * i, len);
            }
        });
    }
}
