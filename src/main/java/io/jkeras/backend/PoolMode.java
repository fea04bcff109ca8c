package io.jkeras.backend;

/** 2D pooling modes; AVERAGE excludes padding from the count, as Keras (TensorFlow) does. */
public enum PoolMode {
    MAX, AVERAGE
}
