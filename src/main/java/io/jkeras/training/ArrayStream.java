package io.jkeras.training;

import java.util.Random;

/**
 * Batches of arrays. Without {@code steps}, each epoch is one pass in batches of
 * {@code batchSize} (the last one shorter), in natural order, shuffled, or with whole batch
 * blocks shuffled (Keras's shuffle="batch"). With {@code steps} (Keras 2.15's semantics for
 * steps_per_epoch on arrays), each epoch takes that many batches from a stream that repeats
 * the data, reshuffled at every pass.
 */
final class ArrayStream implements BatchStream {
    enum Shuffle { NONE, SAMPLES, BATCHES }

    private final ArrayData data;
    private final int batchSize;
    private final Shuffle shuffle;
    private final Integer steps;
    private int[] order;
    private int cursor;
    private boolean passStarted;
    private Random rng;

    ArrayStream(ArrayData data, int batchSize, Shuffle shuffle, Integer steps) {
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.steps = steps;
    }

    @Override
    public int steps() {
        return steps != null ? steps : (data.samples() + batchSize - 1) / batchSize;
    }

    @Override
    public int samples() {
        return steps != null ? -1 : data.samples();
    }

    @Override
    public void beginEpoch(Random rng) {
        this.rng = rng;
        if (steps == null || !passStarted) {
            startPass();
        }
    }

    private void startPass() {
        order = epochOrder(data.samples(), batchSize, shuffle, rng);
        cursor = 0;
        passStarted = true;
    }

    @Override
    public HostBatch next() {
        int n = data.samples();
        if (n == 0) {
            return null;
        }
        if (cursor >= n) {
            if (steps == null) {
                return null;
            }
            startPass();
        }
        int from = cursor;
        int to = Math.min(n, cursor + batchSize);
        cursor = to;
        return new HostBatch(data, order, from, to);
    }

    @Override
    public void endEpoch(boolean stopped) {
    }

    @Override
    public void close() {
    }

    /** The sample order of one pass, or null for the natural order (uploaded without gathering). */
    static int[] epochOrder(int n, int batchSize, Shuffle shuffle, Random rng) {
        if (shuffle == Shuffle.NONE) {
            return null;
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle == Shuffle.BATCHES) {
            // Keras's batch_shuffle: whole batch-sized blocks move; a trailing partial block stays last
            int blocks = n / batchSize;
            int[] perm = new int[blocks];
            for (int i = 0; i < blocks; i++) {
                perm[i] = i;
            }
            shuffle(perm, rng);
            int[] out = order.clone();
            for (int b = 0; b < blocks; b++) {
                System.arraycopy(order, perm[b] * batchSize, out, b * batchSize, batchSize);
            }
            return out;
        }
        shuffle(order, rng);
        return order;
    }

    static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
