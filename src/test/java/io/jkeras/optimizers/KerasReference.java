package io.jkeras.optimizers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keras 2.3 optimizers written out in plain double arithmetic, one update per element,
 * to check the fused kernels against. Hyper-parameters are the float32 values Keras keeps in
 * its variables (0.999f, not 0.999), so only rounding, not the formula, separates the two.
 */
abstract class KerasReference {
    double lr;
    double decay;
    Double clipnorm;
    Double clipvalue;
    long iterations;
    private final Map<Integer, double[][]> slots = new HashMap<>();

    KerasReference(double lr) {
        this.lr = lr;
    }

    static double f32(double v) {
        return (float) v;
    }

    abstract int slotCount();

    /** One element's update; {@code s[k]} is slot k of that element, updated in place. */
    abstract double update(double p, double g, double[] s, double lr, long t);

    void beginStep(long t) {
    }

    /** One step over all variables, with Keras's global clipnorm, clipvalue and decay. */
    void step(List<double[]> params, List<double[]> grads) {
        List<double[]> gs = new ArrayList<>();
        for (double[] g : grads) {
            gs.add(g.clone());
        }
        if (clipnorm != null) {
            double sq = 0;
            for (double[] g : gs) {
                for (double x : g) {
                    sq += x * x;
                }
            }
            double n = Math.sqrt(sq);
            if (n >= clipnorm) {
                for (double[] g : gs) {
                    for (int i = 0; i < g.length; i++) {
                        g[i] = g[i] * clipnorm / n;
                    }
                }
            }
        }
        if (clipvalue != null) {
            for (double[] g : gs) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = Math.max(-clipvalue, Math.min(clipvalue, g[i]));
                }
            }
        }
        long t = iterations + 1;
        double lrEff = lr / (1 + decay * iterations);
        beginStep(t);
        for (int v = 0; v < params.size(); v++) {
            double[] p = params.get(v);
            double[][] s = slotsOf(v, p.length);
            double[] e = new double[slotCount()];
            for (int i = 0; i < p.length; i++) {
                for (int k = 0; k < e.length; k++) {
                    e[k] = s[k][i];
                }
                p[i] = update(p[i], gs.get(v)[i], e, lrEff, t);
                for (int k = 0; k < e.length; k++) {
                    s[k][i] = e[k];
                }
            }
        }
        iterations = t;
    }

    private double[][] slotsOf(int v, int n) {
        double[][] s = slots.get(v);
        if (s == null || s.length < slotCount()) {
            double[][] grown = new double[slotCount()][];
            for (int k = 0; k < grown.length; k++) {
                grown[k] = s != null && k < s.length ? s[k] : new double[n];
            }
            s = grown;
            slots.put(v, s);
        }
        return s;
    }

    /** Slots in Keras's get_weights order: slot 0 of every variable, then slot 1, ... */
    List<double[]> slotValues(int variables, int[] sizes) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < slotCount(); k++) {
            for (int v = 0; v < variables; v++) {
                out.add(slotsOf(v, sizes[v])[k]);
            }
        }
        return out;
    }

    static final class Sgd extends KerasReference {
        double momentum;
        final boolean nesterov;

        Sgd(double lr, double momentum, boolean nesterov) {
            super(lr);
            this.momentum = f32(momentum);
            this.nesterov = nesterov;
        }

        @Override
        int slotCount() {
            return momentum > 0 ? 1 : 0;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            if (momentum == 0) {
                return p - lr * g;
            }
            double v = momentum * s[0] - lr * g;
            s[0] = v;
            return nesterov ? p + momentum * v - lr * g : p + v;
        }
    }

    static final class Rmsprop extends KerasReference {
        final double rho = f32(0.9);
        final double eps = f32(1e-7);

        Rmsprop(double lr) {
            super(lr);
        }

        @Override
        int slotCount() {
            return 1;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            return p - lr * g / (Math.sqrt(s[0]) + eps);
        }
    }

    static final class Adagrad extends KerasReference {
        final double eps = f32(1e-7);

        Adagrad(double lr) {
            super(lr);
        }

        @Override
        int slotCount() {
            return 1;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            s[0] += g * g;
            return p - lr * g / (Math.sqrt(s[0]) + eps);
        }
    }

    static final class Adadelta extends KerasReference {
        final double rho = f32(0.95);
        final double eps = f32(1e-7);

        Adadelta(double lr) {
            super(lr);
        }

        @Override
        int slotCount() {
            return 2;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            s[0] = rho * s[0] + (1 - rho) * g * g;
            double u = g * Math.sqrt(s[1] + eps) / Math.sqrt(s[0] + eps);
            s[1] = rho * s[1] + (1 - rho) * u * u;
            return p - lr * u;
        }
    }

    static final class Adam extends KerasReference {
        final double b1 = f32(0.9);
        final double b2;
        final double eps = f32(1e-7);
        final boolean amsgrad;

        Adam(double lr, boolean amsgrad) {
            this(lr, 0.999, amsgrad);
        }

        Adam(double lr, double beta2, boolean amsgrad) {
            super(lr);
            this.b2 = f32(beta2);
            this.amsgrad = amsgrad;
        }

        @Override
        int slotCount() {
            return amsgrad ? 3 : 2;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            double denom = s[1];
            if (amsgrad) {
                s[2] = Math.max(s[2], s[1]);
                denom = s[2];
            }
            return p - lrT * s[0] / (Math.sqrt(denom) + eps);
        }
    }

    static final class Adamax extends KerasReference {
        final double b1 = f32(0.9);
        final double b2 = f32(0.999);
        final double eps = f32(1e-7);

        Adamax(double lr) {
            super(lr);
        }

        @Override
        int slotCount() {
            return 2;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            s[0] = b1 * s[0] + (1 - b1) * g;
            s[1] = Math.max(b2 * s[1], Math.abs(g));
            return p - lr / (1 - Math.pow(b1, t)) * s[0] / (s[1] + eps);
        }
    }

    static final class Nadam extends KerasReference {
        final double b1 = f32(0.9);
        final double b2 = f32(0.999);
        final double eps = f32(1e-7);
        final double scheduleDecay = 0.004;
        double mSchedule = 1;
        private double muT;
        private double muNext;
        private double sNew;

        Nadam(double lr) {
            super(lr);
        }

        @Override
        int slotCount() {
            return 2;
        }

        @Override
        void beginStep(long t) {
            muT = b1 * (1 - 0.5 * Math.pow(0.96, t * scheduleDecay));
            muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * scheduleDecay));
            sNew = mSchedule * muT;
            mSchedule = sNew;
        }

        @Override
        double update(double p, double g, double[] s, double lr, long t) {
            double gHat = g / (1 - sNew);
            s[0] = b1 * s[0] + (1 - b1) * g;
            double mHat = s[0] / (1 - sNew * muNext);
            s[1] = b2 * s[1] + (1 - b2) * g * g;
            double vHat = s[1] / (1 - Math.pow(b2, t));
            double mBar = (1 - muT) * gHat + muNext * mHat;
            return p - lr * mBar / (Math.sqrt(vHat) + eps);
        }
    }
}
