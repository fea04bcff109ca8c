package io.jkeras.backend;

/**
 * Elementwise functions of one tensor. Each backend implements every constant forward
 * ({@code y = f(x)}) and backward ({@code dx = dy * f'(x)}, which may read x, y or both).
 * {@code param} is the one hyper-parameter some functions take (ELU's alpha, LeakyReLU's slope).
 */
public enum UnaryOp {
    NEG, ABS, SIGN, SQUARE, SQRT, EXP, LOG, LOG1P, RECIPROCAL, ROUND,
    RELU, LEAKY_RELU, SIGMOID, TANH, ELU, SELU, SOFTPLUS, SOFTSIGN, HARD_SIGMOID, SWISH, GELU;

    /** SELU's constants (Klambauer et al. 2017, as in Keras). */
    public static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    public static final float SELU_SCALE = 1.0507009873554804934193349852946f;
}
