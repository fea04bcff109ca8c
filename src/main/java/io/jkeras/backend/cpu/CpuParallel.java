package io.jkeras.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over the CPU's cores with the calling thread taking the first part.
 *
 * <p>The workers spin for {@link #SPIN_NANOS} after each part before they park, so the next
 * kernel of a training step (usually microseconds later) reaches them in about a microsecond;
 * a ForkJoinPool hand-off measured 13-18 us back to back on the 2-core machine, more than a
 * whole ReLU gradient of a 128x512 batch takes. Every GEMM engine runs single-threaded (see
 * {@link CpuBlas}), so these are the only threads that ever spin: nothing else competes for
 * the cores while the caller works between kernels.
 *
 * <p>One loop at a time: a call made while another runs (from a worker, or from a second
 * thread such as a data-loading worker) runs inline on its caller.
 */
final class CpuParallel {
    interface Range {
        void run(int start, int end);
    }

    static final int THREADS = threads();
    /** How long an idle worker keeps spinning before it parks (ns). */
    private static final long SPIN_NANOS = 200_000;

    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final AtomicInteger PENDING = new AtomicInteger();
    private static volatile Throwable failure;

    static {
        for (int i = 0; i < WORKERS.length; i++) {
            WORKERS[i] = new Worker(i);
            WORKERS[i].start();
        }
    }

    private CpuParallel() {
    }

    private static int threads() {
        String env = System.getenv("JKERAS_CPU_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("JKERAS_CPU_THREADS must be a positive integer, got \"" + env + "\"");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Runs {@code body} over [0, n) in up to {@link #THREADS} parts of at least {@code grain} items, 16-aligned. */
    static void forRange(int n, int grain, Range body) {
        int parts = Math.min(THREADS, n / Math.max(1, grain));
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        int step = ((n + parts - 1) / parts + 15) & ~15;
        run((n + step - 1) / step, p -> p * step, p -> Math.min(n, (p + 1) * step), body);
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
        run(parts, p -> (int) ((long) n * p / parts), p -> (int) ((long) n * (p + 1) / parts), body);
    }

    private static void run(int parts, java.util.function.IntUnaryOperator start,
                            java.util.function.IntUnaryOperator end, Range body) {
        if (parts <= 1 || !BUSY.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                body.run(start.applyAsInt(p), end.applyAsInt(p));
            }
            return;
        }
        try {
            failure = null;
            PENDING.set(parts - 1);
            for (int p = 1; p < parts; p++) {
                WORKERS[p - 1].assign(body, start.applyAsInt(p), end.applyAsInt(p));
            }
            body.run(start.applyAsInt(0), end.applyAsInt(0));
            while (PENDING.get() != 0) {
                Thread.onSpinWait();
            }
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        } finally {
            BUSY.set(false);
        }
    }

    /** A thread that runs one part at a time, spinning briefly between parts. */
    private static final class Worker extends Thread {
        private volatile Range body;
        private volatile boolean parked;
        private int start;
        private int end;

        Worker(int index) {
            super("jkeras-cpu-" + (index + 1));
            setDaemon(true);
        }

        void assign(Range r, int s, int e) {
            start = s;
            end = e;
            body = r;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Range r = awaitWork();
                try {
                    r.run(start, end);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    body = null;
                    PENDING.decrementAndGet();
                }
            }
        }

        private Range awaitWork() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Range r = body;
                if (r != null) {
                    return r;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (body == null) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
