package io.jkeras.regularizers;

import io.jkeras.backend.Tensor;
import io.jkeras.ops.MathOps;

/** {@code l1 * sum(|w|) + l2 * sum(w^2)} (Keras's L1L2). */
public final class L1L2 implements Regularizer {
    private final float l1;
    private final float l2;

    public L1L2(double l1, double l2) {
        if (l1 < 0 || l2 < 0) {
            throw new IllegalArgumentException("l1 and l2 must be >= 0, got l1=" + l1 + ", l2=" + l2);
        }
        this.l1 = (float) l1;
        this.l2 = (float) l2;
    }

    public double l1() {
        return l1;
    }

    public double l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor w) {
        Tensor total = null;
        if (l1 > 0f) {
            Tensor a = MathOps.abs(w);
            Tensor s = MathOps.sum(a);
            total = MathOps.mul(s, l1);
            MathOps.dispose(a, s);
        }
        if (l2 > 0f) {
            Tensor q = MathOps.square(w);
            Tensor s = MathOps.sum(q);
            Tensor p = MathOps.mul(s, l2);
            MathOps.dispose(q, s);
            if (total == null) {
                total = p;
            } else {
                Tensor t = MathOps.add(total, p);
                MathOps.dispose(total, p);
                total = t;
            }
        }
        return total != null ? total : MathOps.scalar(w.backend(), 0f);
    }

    @Override
    public String toString() {
        return "L1L2(l1=" + l1 + ", l2=" + l2 + ")";
    }
}
