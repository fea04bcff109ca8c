package io.jkeras;

/**
 * Keras's {@code keras.utils.Sequence}: a data set in batches that can be read in any order,
 * so that several worker threads can prepare batches while each index is still used exactly
 * once per epoch, in order.
 */
public interface Sequence {
    /** Batches per epoch. */
    int size();

    /** Batch {@code index}, 0 <= index < size(). Called from worker threads when workers > 0. */
    Batch get(int index);

    /** Called after each full pass over the sequence (e.g. to reshuffle). */
    default void onEpochEnd() {
    }
}
