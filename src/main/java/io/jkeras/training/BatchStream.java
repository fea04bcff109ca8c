package io.jkeras.training;

import java.util.Random;

/**
 * Where a loop's batches come from, epoch by epoch: arrays ({@link ArrayStream}) or a
 * Sequence or iterator ({@link GeneratorStream}). Keras 3's split: the stream owns x, y,
 * weights, batching, shuffling and read-ahead; the {@link Trainer} owns epochs, callbacks and
 * validation.
 */
interface BatchStream extends AutoCloseable {
    /** Batches in the coming epoch (read after the previous epoch ended). */
    int steps();

    /** Samples per epoch for the progress bar, or -1 when it counts steps. */
    int samples();

    void beginEpoch(Random rng);

    /** The next batch, or null when the data ran out (a finite iterator). */
    HostBatch next();

    /** Called after the epoch's callbacks; {@code stopped}: training ends here. */
    void endEpoch(boolean stopped);

    @Override
    void close();
}
