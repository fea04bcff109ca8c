package io.jkeras.training;

import io.jkeras.Batch;
import io.jkeras.Sequence;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Batches from a {@link Sequence} or an {@code Iterator<Batch>}, read on the calling thread
 * ({@code workers == 0}) or ahead by {@code workers} threads, at most {@code maxQueueSize}
 * batches ahead. Each batch is checked against the model where it is read, so a worker also
 * does that work.
 *
 * <p>A Sequence is read pass by pass: each pass uses every index once, in order (or shuffled
 * per pass when asked), and results are delivered in that order whatever the worker count;
 * {@link Sequence#onEpochEnd()} runs after each complete pass. An epoch takes
 * {@link #steps()} batches, so passes and epochs coincide by default. A plain iterator is
 * read under a lock (Java iterators are not thread-safe), so workers overlap the checking and
 * the training step, not the iterator itself; when it runs out, {@link #next()} returns null.
 */
final class GeneratorStream implements BatchStream {
    private final Sequence sequence;
    private final Iterator<Batch> iterator;
    private final Integer stepsOverride;
    private final Function<Batch, ArrayData> check;
    private final int maxQueueSize;
    private final boolean shuffle;
    private final ExecutorService pool;
    private final ArrayDeque<Future<ArrayData>> ahead = new ArrayDeque<>();

    private Random rng = new Random(0);
    private int[] pass;
    private int submitted;
    private int consumed;
    private volatile boolean iteratorDone;
    private long delivered;

    private GeneratorStream(Sequence sequence, Iterator<Batch> iterator, Integer steps, Function<Batch, ArrayData> check,
                            int workers, int maxQueueSize, boolean shuffle) {
        this.sequence = sequence;
        this.iterator = iterator;
        this.stepsOverride = steps;
        this.check = check;
        this.maxQueueSize = Math.max(1, maxQueueSize);
        this.shuffle = shuffle;
        this.pool = workers > 0 ? Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "jkeras-batch-worker");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** {@code steps} null means one pass over the sequence per epoch. */
    static GeneratorStream of(Sequence seq, Integer steps, Function<Batch, ArrayData> check, int workers,
                              int maxQueueSize, boolean shuffle) {
        return new GeneratorStream(seq, null, steps, check, workers, maxQueueSize, shuffle);
    }

    static GeneratorStream of(Iterator<Batch> it, int steps, Function<Batch, ArrayData> check, int workers,
                              int maxQueueSize) {
        return new GeneratorStream(null, it, steps, check, workers, maxQueueSize, false);
    }

    @Override
    public int steps() {
        return stepsOverride != null ? stepsOverride : sequence.size();
    }

    @Override
    public int samples() {
        return -1;
    }

    @Override
    public void beginEpoch(Random rng) {
        this.rng = rng;
        if (sequence != null && pass == null) {
            startPass();
        }
    }

    private void startPass() {
        int n = sequence.size();
        pass = new int[n];
        for (int i = 0; i < n; i++) {
            pass[i] = i;
        }
        if (shuffle) {
            ArrayStream.shuffle(pass, rng);
        }
        submitted = 0;
        consumed = 0;
    }

    @Override
    public HostBatch next() {
        ArrayData d;
        if (sequence != null) {
            if (consumed >= pass.length) {
                sequence.onEpochEnd();
                startPass();
                if (pass.length == 0) {
                    return null;
                }
            }
            int index = pass[consumed];
            d = pool == null ? check.apply(read(index)) : take(index);
            consumed++;
        } else {
            d = pool == null ? checkOrNull(readIterator()) : take(-1);
            if (d == null) {
                return null;
            }
        }
        delivered++;
        return new HostBatch(d, null, 0, d.samples());
    }

    private Batch read(int index) {
        Batch b = sequence.get(index);
        if (b == null) {
            throw new IllegalArgumentException("Sequence.get(" + index + ") returned null; expected a Batch");
        }
        return b;
    }

    private Batch readIterator() {
        synchronized (iterator) {
            if (iteratorDone || !iterator.hasNext()) {
                iteratorDone = true;
                return null;
            }
            Batch b = iterator.next();
            if (b == null) {
                throw new IllegalArgumentException("The generator yielded null; expected a Batch");
            }
            return b;
        }
    }

    private ArrayData checkOrNull(Batch b) {
        return b == null ? null : check.apply(b);
    }

    /** The next batch from the workers, keeping up to maxQueueSize of them in flight. */
    private ArrayData take(int index) {
        refill();
        Future<ArrayData> f = ahead.poll();
        if (f == null) {
            return null;
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String which = index >= 0 ? "batch " + index + " of the Sequence" : "a batch of the generator";
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(which + ": " + iae.getMessage(), iae);
            }
            throw new IllegalStateException("A worker thread failed to produce " + which + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a batch", e);
        } catch (CancellationException e) {
            throw new IllegalStateException("The batch workers were shut down", e);
        }
    }

    private void refill() {
        while (ahead.size() < maxQueueSize) {
            if (sequence != null) {
                if (submitted >= pass.length) {
                    return;
                }
                int index = pass[submitted++];
                ahead.add(pool.submit(() -> check.apply(read(index))));
            } else {
                if (iteratorDone) {
                    return;
                }
                ahead.add(pool.submit(() -> checkOrNull(readIterator())));
            }
        }
    }

    @Override
    public void endEpoch(boolean stopped) {
        if (sequence != null && !stopped && pass != null && consumed >= pass.length) {
            sequence.onEpochEnd();
            pass = null;
        }
    }

    /** Batches handed out so far. */
    long delivered() {
        return delivered;
    }

    @Override
    public void close() {
        if (pool != null) {
            for (Future<ArrayData> f : ahead) {
                f.cancel(true);
            }
            ahead.clear();
            pool.shutdownNow();
        }
    }
}
