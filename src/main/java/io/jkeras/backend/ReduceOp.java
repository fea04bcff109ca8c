package io.jkeras.backend;

/** Reductions over one contiguous run of axes; ARGMAX gives the first index of the maximum. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN, ARGMAX
}
