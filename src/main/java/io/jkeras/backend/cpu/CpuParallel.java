package io.jkeras.backend.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits a loop over the CPU's cores. The caller runs the first part itself, so a two-core
 * machine uses one pool thread, and small loops (under {@code grain} items per part) stay
 * on the caller with no hand-off at all.
 */
final class CpuParallel {
    interface Range {
        void run(int start, int end);
    }

    static final int THREADS = threads();
    private static final ForkJoinPool POOL = new ForkJoinPool(Math.max(1, THREADS - 1), p -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
        t.setName("jkeras-cpu-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, false);

    private CpuParallel() {
    }

    private static int threads() {
        String env = System.getenv("JKERAS_CPU_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(env.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("JKERAS_CPU_THREADS must be a positive integer, got \"" + env + "\"");
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Like {@link #forRange} but splits [0, n) into near-equal parts with no alignment, for
     * loops over a few large items (images of a batch) where rounding parts to 16 items would
     * leave a core idle.
     */
    static void forItems(int n, int grain, Range body) {
        int parts = Math.min(THREADS, n / Math.max(1, grain));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        for (int p = 1; p < parts; p++) {
            final int start = (int) ((long) n * p / parts);
            final int end = (int) ((long) n * (p + 1) / parts);
            tasks[p - 1] = POOL.submit(() -> body.run(start, end));
        }
        body.run(0, (int) ((long) n / parts));
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    /** Runs {@code body} over [0, n) in up to {@link #THREADS} parts of at least {@code grain} items. */
    static void forRange(int n, int grain, Range body) {
        int parts = Math.min(THREADS, n / Math.max(1, grain));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        int step = (n + parts - 1) / parts;
        step = (step + 15) & ~15;
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        int count = 0;
        for (int s = step; s < n; s += step) {
            final int start = s;
            final int end = Math.min(n, s + step);
            tasks[count++] = POOL.submit(() -> body.run(start, end));
        }
        body.run(0, Math.min(step, n));
        for (int i = 0; i < count; i++) {
            tasks[i].join();
        }
    }
}
