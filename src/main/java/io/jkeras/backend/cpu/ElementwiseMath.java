package io.jkeras.backend.cpu;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.UnaryOp;

/**
 * The elementwise formulas of the CPU backend over heap chunks: one loop per function, chosen
 * by a switch outside the loop so that each loop is monomorphic and C2 can vectorise it;
 * selections are written with {@link #step} rather than conditionals, for the same reason.
 */
final class ElementwiseMath {
    private static final float SQRT_HALF = 0.70710678118654752f;
    private static final float INV_SQRT_2PI = 0.39894228040143268f;

    private ElementwiseMath() {
    }

    static void unary(UnaryOp op, float p, float[] x, float[] y, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) y[i] = -x[i]; }
            case ABS -> { for (int i = 0; i < n; i++) y[i] = Math.abs(x[i]); }
            case SIGN -> { for (int i = 0; i < n; i++) y[i] = step(x[i]) - step(-x[i]); }
            case SQUARE -> { for (int i = 0; i < n; i++) y[i] = x[i] * x[i]; }
            case SQRT -> { for (int i = 0; i < n; i++) y[i] = (float) Math.sqrt(x[i]); }
            case EXP -> { for (int i = 0; i < n; i++) y[i] = FloatExp.exp(x[i]); }
            case LOG -> { for (int i = 0; i < n; i++) y[i] = FloatLog.log(x[i]); }
            case LOG1P -> { for (int i = 0; i < n; i++) y[i] = FloatLog.log1p(x[i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) y[i] = 1f / x[i]; }
            case ROUND -> { for (int i = 0; i < n; i++) y[i] = (float) Math.rint(x[i]); }
            case RELU -> { for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0f); }
            case LEAKY_RELU -> { for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0f) + p * Math.min(x[i], 0f); }
            case SIGMOID -> { for (int i = 0; i < n; i++) y[i] = sigmoid(x[i]); }
            case TANH -> { for (int i = 0; i < n; i++) y[i] = FloatExp.tanh(x[i]); }
            case ELU -> {
                for (int i = 0; i < n; i++) y[i] = Math.max(x[i], 0f) + p * FloatExp.expm1(negativePart(x[i]));
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    y[i] = UnaryOp.SELU_SCALE * (Math.max(x[i], 0f)
                            + UnaryOp.SELU_ALPHA * FloatExp.expm1(negativePart(x[i])));
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < n; i++) {
                    y[i] = Math.max(x[i], 0f) + FloatLog.log1p(FloatExp.exp(-Math.abs(x[i])));
                }
            }
            case SOFTSIGN -> { for (int i = 0; i < n; i++) y[i] = x[i] / (1f + Math.abs(x[i])); }
            case HARD_SIGMOID -> { for (int i = 0; i < n; i++) y[i] = Math.min(Math.max(0.2f * x[i] + 0.5f, 0f), 1f); }
            case SWISH -> { for (int i = 0; i < n; i++) y[i] = x[i] * sigmoid(x[i]); }
            case GELU -> { for (int i = 0; i < n; i++) y[i] = 0.5f * x[i] * (1f + erf(x[i] * SQRT_HALF)); }
            default -> throw new UnsupportedOperationException(op.name());
        }
    }

    /** Whether {@link #unaryBackward} of {@code op} reads x (so kernels can skip loading it). */
    static boolean backwardReadsX(UnaryOp op) {
        return switch (op) {
            case NEG, SIGN, ROUND, SQRT, EXP, RECIPROCAL, SIGMOID, TANH -> false;
            default -> true;
        };
    }

    /** Whether {@link #unaryBackward} of {@code op} reads y. */
    static boolean backwardReadsY(UnaryOp op) {
        return switch (op) {
            case SQRT, EXP, RECIPROCAL, SIGMOID, TANH, ELU, SELU -> true;
            default -> false;
        };
    }

    static void unaryBackward(UnaryOp op, float p, float[] x, float[] y, float[] dy, float[] dx, int n) {
        switch (op) {
            case NEG -> { for (int i = 0; i < n; i++) dx[i] = -dy[i]; }
            case ABS -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * (step(x[i]) - step(-x[i])); }
            case SIGN, ROUND -> { for (int i = 0; i < n; i++) dx[i] = 0f; }
            case SQUARE -> { for (int i = 0; i < n; i++) dx[i] = 2f * x[i] * dy[i]; }
            case SQRT -> { for (int i = 0; i < n; i++) dx[i] = 0.5f * dy[i] / y[i]; }
            case EXP -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * y[i]; }
            case LOG -> { for (int i = 0; i < n; i++) dx[i] = dy[i] / x[i]; }
            case LOG1P -> { for (int i = 0; i < n; i++) dx[i] = dy[i] / (1f + x[i]); }
            case RECIPROCAL -> { for (int i = 0; i < n; i++) dx[i] = -dy[i] * y[i] * y[i]; }
            case RELU -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * step(x[i]); }
            case LEAKY_RELU -> {
                for (int i = 0; i < n; i++) {
                    float m = step(x[i]);
                    dx[i] = dy[i] * (m + p * (1f - m));
                }
            }
            case SIGMOID -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * y[i] * (1f - y[i]); }
            case TANH -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * (1f - y[i] * y[i]); }
            case ELU -> {
                for (int i = 0; i < n; i++) {
                    float m = step(x[i]);
                    dx[i] = dy[i] * (m + (1f - m) * (y[i] + p));
                }
            }
            case SELU -> {
                for (int i = 0; i < n; i++) {
                    float m = step(x[i]);
                    dx[i] = dy[i] * (m * UnaryOp.SELU_SCALE
                            + (1f - m) * (y[i] + UnaryOp.SELU_SCALE * UnaryOp.SELU_ALPHA));
                }
            }
            case SOFTPLUS -> { for (int i = 0; i < n; i++) dx[i] = dy[i] * sigmoid(x[i]); }
            case SOFTSIGN -> {
                for (int i = 0; i < n; i++) {
                    float d = 1f + Math.abs(x[i]);
                    dx[i] = dy[i] / (d * d);
                }
            }
            case HARD_SIGMOID -> {
                for (int i = 0; i < n; i++) dx[i] = 0.2f * dy[i] * step(2.5f - Math.abs(x[i]));
            }
            case SWISH -> {
                for (int i = 0; i < n; i++) {
                    float s = sigmoid(x[i]);
                    dx[i] = dy[i] * (s + x[i] * s * (1f - s));
                }
            }
            case GELU -> {
                for (int i = 0; i < n; i++) {
                    float cdf = 0.5f * (1f + erf(x[i] * SQRT_HALF));
                    float pdf = INV_SQRT_2PI * FloatExp.exp(-0.5f * x[i] * x[i]);
                    dx[i] = dy[i] * (cdf + x[i] * pdf);
                }
            }
            default -> throw new UnsupportedOperationException(op.name());
        }
    }

    static void binary(BinaryOp op, float[] a, float[] b, float[] out, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) out[i] = a[i] + b[i]; }
            case SUB -> { for (int i = 0; i < n; i++) out[i] = a[i] - b[i]; }
            case MUL -> { for (int i = 0; i < n; i++) out[i] = a[i] * b[i]; }
            case DIV -> { for (int i = 0; i < n; i++) out[i] = a[i] / b[i]; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) out[i] = Math.max(a[i], b[i]); }
            case MINIMUM -> { for (int i = 0; i < n; i++) out[i] = Math.min(a[i], b[i]); }
            case POW -> { for (int i = 0; i < n; i++) out[i] = (float) Math.pow(a[i], b[i]); }
            case EQUAL -> { for (int i = 0; i < n; i++) out[i] = a[i] == b[i] ? 1f : 0f; }
            case GREATER -> { for (int i = 0; i < n; i++) out[i] = a[i] > b[i] ? 1f : 0f; }
            case GREATER_EQUAL -> { for (int i = 0; i < n; i++) out[i] = a[i] >= b[i] ? 1f : 0f; }
            case LESS -> { for (int i = 0; i < n; i++) out[i] = a[i] < b[i] ? 1f : 0f; }
            case LESS_EQUAL -> { for (int i = 0; i < n; i++) out[i] = a[i] <= b[i] ? 1f : 0f; }
            default -> throw new UnsupportedOperationException(op.name());
        }
    }

    /**
     * 1 for v > 0, else 0, without a branch: C2 in Java 17 does not vectorise conditional
     * expressions (a {@code v > 0 ? a : b} loop measured 10x slower than this). Any positive
     * float, subnormals included, times 2^200 reaches 1; the multiply is split in two because
     * 2^200 is not a float.
     */
    static float step(float v) {
        return Math.min(Math.max(v, 0f) * 0x1p100f * 0x1p100f, 1f);
    }

    /**
     * x where x < 0, else +0 (for -0 and NaN too: ELU's and SELU's max(x, 0) term decides those),
     * as elementwise.c's negative_part computes it with a bit mask, which gcc vectorises through
     * expm1 where it would not a select.
     */
    static float negativePart(float x) {
        return x < 0f ? x : 0f;
    }

    /** A numerically stable logistic function: exp of -|x| only, which never overflows. */
    static float sigmoid(float x) {
        float e = FloatExp.exp(-Math.abs(x));
        return x >= 0f ? 1f / (1f + e) : e / (1f + e);
    }

    /**
     * The error function (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7, under
     * float32's resolution near 1); the JDK has none and Commons Math's works in double.
     */
    static float erf(float x) {
        float ax = Math.abs(x);
        float t = 1f / (1f + 0.3275911f * ax);
        float poly = t * (0.254829592f + t * (-0.284496736f + t * (1.421413741f + t * (-1.453152027f + t * 1.061405429f))));
        float r = 1f - poly * FloatExp.exp(-ax * ax);
        return x < 0f ? -r : r;
    }
}
