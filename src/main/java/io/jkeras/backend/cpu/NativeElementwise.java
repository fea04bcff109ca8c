package io.jkeras.backend.cpu;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.UnaryOp;

/**
 * The elementwise functions of the CPU kernel library ({@code native/cpu/elementwise.c}) over
 * native memory in place: the {@link ElementwiseMath} formulas, which C computes to the same
 * bits, exp, expm1, tanh, log and log1p included ({@link FloatExp} and {@link FloatLog} have C
 * twins). Binary operations without a C loop have the code -1 and stay in Java. Callers check
 * {@link NativeKernels#enabled()} first, which loads the library.
 *
 * <p>The natives return false for a code they do not know, which a caller treats as a bug.
 */
final class NativeElementwise {
    private NativeElementwise() {
    }

    /** The library's code of {@code op}'s forward function (every unary function has one). */
    static int unaryCode(UnaryOp op) {
        return code(op);
    }

    /** The library's code of {@code op}'s gradient (every unary function has one). */
    static int unaryBackwardCode(UnaryOp op) {
        return code(op);
    }

    /** The code elementwise.c gives each function it has (written out: no reliance on ordinals). */
    private static int code(UnaryOp op) {
        return switch (op) {
            case NEG -> 0;
            case ABS -> 1;
            case SIGN -> 2;
            case SQUARE -> 3;
            case SQRT -> 4;
            case EXP -> 5;
            case LOG -> 6;
            case LOG1P -> 7;
            case RECIPROCAL -> 8;
            case ROUND -> 9;
            case RELU -> 10;
            case LEAKY_RELU -> 11;
            case SIGMOID -> 12;
            case TANH -> 13;
            case ELU -> 14;
            case SELU -> 15;
            case SOFTPLUS -> 16;
            case SOFTSIGN -> 17;
            case HARD_SIGMOID -> 18;
            case SWISH -> 19;
            case GELU -> 20;
            default -> throw new IllegalArgumentException("no native code for " + op);
        };
    }

    /** The library's code of {@code op}, or -1 where Java computes it. */
    static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> 0;
            case SUB -> 1;
            case MUL -> 2;
            case DIV -> 3;
            case MAXIMUM -> 4;
            case MINIMUM -> 5;
            case EQUAL -> 7;
            case GREATER -> 8;
            case GREATER_EQUAL -> 9;
            case LESS -> 10;
            case LESS_EQUAL -> 11;
            default -> -1;
        };
    }

    /** Throws where a native reported an unknown code: the two tables above and the C file disagree. */
    static void check(boolean known, String kernel, int code) {
        if (!known) {
            throw new IllegalStateException("the CPU kernel library has no " + kernel + " function " + code
                    + ": NativeElementwise and native/cpu/elementwise.c disagree");
        }
    }

    /** {@code y = f(x)} over n floats. */
    static native boolean unary(int code, float p, long x, long y, int n);

    /** {@code dx = f'(x, y) dy} over n floats; x and y are read for every code (pass dy where unused). */
    static native boolean unaryBackward(int code, float p, long x, long y, long dy, long dx, int n);

    /** {@code out = a op b} over n floats. */
    static native boolean binary(int code, long a, long b, long out, int n);

    /** {@code out = c op x} ({@code scalarFirst}) or {@code x op c} over n floats. */
    static native boolean binaryScalar(int code, long x, float c, boolean scalarFirst, long out, int n);

    /**
     * Rows [r0, r1) of {@code out = big op row} ({@code row op big} where {@code rowFirst}),
     * {@code big} and {@code out} (rows, cols), {@code row} one row of cols repeated.
     */
    static native boolean binaryTiled(int code, long row, boolean rowFirst, long big, long out, int r0, int r1,
                                      int cols);
}
