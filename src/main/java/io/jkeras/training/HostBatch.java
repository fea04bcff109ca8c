package io.jkeras.training;

/** Rows {@code order[from..to)} (or {@code [from, to)} when order is null) of checked host arrays. */
record HostBatch(ArrayData data, int[] order, int from, int to) {
    int size() {
        return to - from;
    }
}
