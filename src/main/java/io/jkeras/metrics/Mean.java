package io.jkeras.metrics;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;

/**
 * Keras's {@code Mean} metric: the weighted mean of values seen so far,
 * {@code total = sum(w * v)}, {@code count = sum(w)} (the element count when unweighted),
 * both device scalars updated in place. Weights of lower rank get trailing axes and are
 * broadcast to the values, so (B) weights count once per value of each sample. With no
 * weight seen the result is NaN (0 / 0), as in Keras 2.3.
 */
public class Mean extends Metric {
    private Tensor total;
    private Tensor count;

    public Mean() {
        this("mean");
    }

    public Mean(String name) {
        super(name);
    }

    /** Folds {@code values} (any shape) with {@code weights} (null, or broadcastable to values). */
    public void update(Tensor values, Tensor weights) {
        Tape.paused(() -> {
            ensureState(values.backend());
            Tensor batchTotal;
            Tensor batchCount;
            if (weights == null) {
                batchTotal = MathOps.sum(values);
                batchCount = MathOps.scalar(values.backend(), values.size());
            } else {
                Tensor w = weights.size() == values.size() ? MathOps.reshape(weights, values.shape())
                        : MathOps.broadcastTo(alignTo(weights, values), values.shape());
                Tensor wv = MathOps.mul(values, w);
                batchTotal = MathOps.sum(wv);
                batchCount = MathOps.sum(w);
                wv.close();
                w.close();
            }
            Backend be = values.backend();
            be.binary(io.jkeras.backend.BinaryOp.ADD, total, batchTotal, total);
            be.binary(io.jkeras.backend.BinaryOp.ADD, count, batchCount, count);
            batchTotal.close();
            batchCount.close();
            return null;
        });
    }

    private static Tensor alignTo(Tensor w, Tensor values) {
        if (w.rank() < values.rank()) {
            int[] s = new int[values.rank()];
            int[] ws = w.shape();
            for (int i = 0; i < s.length; i++) {
                s[i] = i < ws.length ? ws[i] : 1;
            }
            return w.reshape(s);
        }
        return w;
    }

    private void ensureState(Backend backend) {
        if (total == null) {
            total = TensorScope.outside(() -> MathOps.zeros(backend));
            count = TensorScope.outside(() -> MathOps.zeros(backend));
        }
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        update(yPred, sampleWeight);
    }

    @Override
    public double result() {
        if (total == null) {
            return Double.NaN;
        }
        double c = count.item();
        return c == 0 ? Double.NaN : total.item() / c;
    }

    /** The accumulated total and weight, copied to the host. */
    public double[] totals() {
        return total == null ? new double[2] : new double[] {total.item(), count.item()};
    }

    @Override
    public void resetState() {
        if (total != null) {
            total.backend().fill(total, 0f);
            count.backend().fill(count, 0f);
        }
    }

    @Override
    public Metric copy(String newName) {
        return new Mean(newName);
    }

    @Override
    public void close() {
        if (total != null) {
            total.close();
            count.close();
            total = null;
            count = null;
        }
    }
}
