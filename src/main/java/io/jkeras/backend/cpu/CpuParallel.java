package io.jkeras.backend.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a loop over the CPU's cores: the loop is cut into parts, and the calling thread and
 * the workers each claim the next unclaimed part until none is left.
 *
 * <p>Parts are claimed, not dealt out, because a core's share of a loop cannot be known in
 * advance on a shared machine. In W1 (a 784-512-512-10 MLP, 2-core VM) a worker handed half of
 * a GEMM started more than a millisecond late in 1% of the calls (a JIT compiler thread or
 * another tenant had its core), and one core ran 5-30% slower than the other for seconds at a
 * time; with halves fixed in advance the caller spent 10-35% of each epoch waiting for the
 * worker. With claimed parts, a late or slow thread simply takes fewer of them, and the caller
 * never waits for a worker that has not started: it waits only for parts already running.
 *
 * <p>A part's bounds depend only on the loop's size, never on which thread runs it or when, so
 * results do not change from run to run.
 *
 * <p>The workers spin for {@link #SPIN_NANOS} after each loop before they park, so the next
 * kernel of a training step (usually microseconds later) reaches them in about a microsecond;
 * a ForkJoinPool hand-off measured 13-18 us back to back on the 2-core machine, more than a
 * whole ReLU gradient of a 128x512 batch takes. Every GEMM engine runs single-threaded (see
 * {@link CpuBlas}), so these are the only threads that ever spin.
 *
 * <p>One loop at a time: a call made while another runs (from a worker, or from a second
 * thread such as a data-loading worker) runs inline on its caller.
 */
final class CpuParallel {
    interface Range {
        void run(int start, int end);
    }

    static final int THREADS = threads();
    /**
     * Parts per thread a loop is cut into, at most: enough that a thread starting late or
     * running slow leaves little for the others to wait on, few enough that claiming (one atomic
     * increment) and each part's start-up stay negligible.
     */
    static final int PARTS_PER_THREAD = 4;
    /** How long an idle worker keeps spinning before it parks (ns). */
    private static final long SPIN_NANOS = 200_000;

    private static final Worker[] WORKERS = new Worker[THREADS - 1];
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** The loop the workers join; null between loops, so no finished loop's body stays reachable. */
    private static final AtomicReference<Loop> CURRENT = new AtomicReference<>();
    /** Loops started so far; written only by the thread that holds {@link #BUSY}. */
    private static long started;

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

    /**
     * Runs {@code body} over [0, n) in parts of at least {@code grain} items, each but the last a
     * multiple of 16 items, up to {@link #PARTS_PER_THREAD} per thread.
     */
    static void forRange(int n, int grain, Range body) {
        int parts = parts(n, grain);
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        int step = ((n + parts - 1) / parts + 15) & ~15;
        run(new Loop(body, n, (n + step - 1) / step, step));
    }

    /**
     * Like {@link #forRange} but splits [0, n) into near-equal parts with no alignment, for
     * loops over a few large items (images of a batch, bands of a GEMM) where rounding parts to
     * 16 items would leave a core idle. With {@code n} at most {@link #THREADS} times
     * {@link #PARTS_PER_THREAD} and {@code grain} 1, each item is a part.
     */
    static void forItems(int n, int grain, Range body) {
        int parts = parts(n, grain);
        if (parts <= 1) {
            body.run(0, n);
            return;
        }
        run(new Loop(body, n, parts, 0));
    }

    /** How many parts of at least {@code grain} items a loop over n items takes: 1 runs it on the caller. */
    private static int parts(int n, int grain) {
        return THREADS == 1 ? 1 : Math.min(THREADS * PARTS_PER_THREAD, n / Math.max(1, grain));
    }

    private static void run(Loop loop) {
        if (!BUSY.compareAndSet(false, true)) {
            loop.runAll();
            return;
        }
        try {
            loop.number = ++started;
            CURRENT.set(loop);
            for (Worker w : WORKERS) {
                w.wake();
            }
            loop.work();
            loop.awaitRunning();
        } finally {
            CURRENT.set(null);
            BUSY.set(false);
        }
        Throwable t = loop.failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    /** One loop's parts and who is running them. */
    private static final class Loop {
        private final Range body;
        private final int n;
        private final int parts;
        /** Items per part; 0 for near-equal parts. */
        private final int step;
        private final AtomicInteger next = new AtomicInteger();
        /** Threads inside {@link #work}; raised before a thread's first claim. */
        private final AtomicInteger running = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Which loop this is, so that a worker remembers the last it joined without keeping it. */
        private long number;

        Loop(Range body, int n, int parts, int step) {
            this.body = body;
            this.n = n;
            this.parts = parts;
            this.step = step;
        }

        private int start(int p) {
            return step > 0 ? p * step : (int) ((long) n * p / parts);
        }

        private int end(int p) {
            return step > 0 ? Math.min(n, (p + 1) * step) : (int) ((long) n * (p + 1) / parts);
        }

        /**
         * Claims and runs parts until none is left. A failure stops every thread's claims; the
         * first one is kept for the caller.
         */
        void work() {
            running.incrementAndGet();
            try {
                for (int p = next.getAndIncrement(); p < parts; p = next.getAndIncrement()) {
                    body.run(start(p), end(p));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                next.set(parts);
            } finally {
                running.decrementAndGet();
            }
        }

        /**
         * Waits for the parts other threads have claimed. Called once this thread's own claim
         * found none left: every thread that claimed a part raised {@link #running} before its
         * claim, so this sees it until that part is done, and never waits for a worker that has
         * not started.
         */
        void awaitRunning() {
            while (running.get() != 0) {
                Thread.onSpinWait();
            }
        }

        /** Every part on the calling thread, in order (a nested or concurrent loop). */
        void runAll() {
            for (int p = 0; p < parts; p++) {
                body.run(start(p), end(p));
            }
        }
    }

    /** A thread that joins each loop, spinning briefly between loops. */
    private static final class Worker extends Thread {
        private volatile boolean parked;

        Worker(int index) {
            super("jkeras-cpu-" + (index + 1));
            setDaemon(true);
        }

        void wake() {
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                Loop loop = awaitLoop(seen);
                seen = loop.number;
                loop.work();
            }
        }

        /** The next loop after loop number {@code seen}; a late worker may find it already finished. */
        private Loop awaitLoop(long seen) {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                Loop loop = CURRENT.get();
                if (loop != null && loop.number != seen) {
                    return loop;
                }
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                loop = CURRENT.get();
                if (loop == null || loop.number == seen) {
                    LockSupport.park(this);
                }
                parked = false;
                spinUntil = System.nanoTime() + SPIN_NANOS;
            }
        }
    }
}
