package io.jkeras.backend;

/**
 * Elementwise functions of two tensors with NumPy broadcasting. Comparisons give 1 or 0.
 * Gradients are composed in {@code io.jkeras.ops} from these same functions.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, POW, EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL
}
