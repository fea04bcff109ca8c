package io.jkeras.backend.cpu;

/**
 * Fused optimizer updates: one pass over parameter, gradient and slots per step, in the CPU
 * kernel library where it loaded ({@link NativeOptimizers}: the same loops in C, bit for bit,
 * 2.4x faster) and otherwise in the Java loops below.
 *
 * <p>Subnormal floats: the JVM cannot turn on flush-to-zero (FTZ) or denormals-are-zero
 * (DAZ), and every arithmetic instruction that reads or makes a subnormal takes a microcode
 * assist. They appear in two ways: slots of weights whose gradient stays 0 (dead units,
 * constant input pixels) decay into them, and near-zero losses make gradients so small that
 * their squares underflow (measured: Adam over 670K weights took 0.67 ms with g = 1e-3,
 * 2.2 ms with g = 1e-20, 3.5 ms with subnormal g; PyTorch's W1 halves its speed without FTZ).
 * So, like FTZ/DAZ on other frameworks' CPUs, these kernels round values with
 * {@code (x + C) - C}: two additions C2 vectorises (a compare-and-select measured 5x slower,
 * as C2 in Java 17 does not vectorise conditionals), exact for |x| above about C * 2^25 and
 * zero for |x| below about C * 2^-24:
 * <ul>
 *   <li>{@link #flush} (C = 2^-100) on every stored moment: zero below ~2^-125, so slots never
 *       hold subnormals;</li>
 *   <li>{@link #grad} (C = 2^-66) on gradients entering a product: zero below ~2^-90, so
 *       {@code (1 - beta1) g} and {@code lr g} stay normal; a gradient that small moves no
 *       weight by a representable amount;</li>
 *   <li>{@link #squared} (C = 2^-34) before squaring: zero below ~2^-58, so
 *       {@code (1 - beta2) g^2} stays normal; such squares are far below epsilon^2 and never
 *       change {@code sqrt(v) + epsilon}.</li>
 *   <li>{@link #forStep} (C = 2^-70) on the first moment where the step multiplies it (Adam,
 *       AMSGrad, Adamax, Nadam; the stored moment keeps its flush): zero below ~2^-94, so
 *       {@code lr m / (sqrt(v) + epsilon)} stays normal for learning rates down to about 2^-32.
 *       Without it, a model that fits its batch to a loss of 0 (W4 of the benchmark) decays
 *       every m towards 2^-124 while v stays large, and each step's {@code lr m} made a
 *       subnormal for every weight: Adam over W4's 670K weights took 1.0-2.7 ms a step there
 *       against 0.3 ms. A step that small (below lr 2^-71) moves only weights below about 2^-47.</li>
 * </ul>
 */
final class CpuOptimizers {
    private static final int CHUNK = Scratch.CHUNK;
    private static final float FLUSH = 0x1p-100f;
    private static final float GRAD = 0x1p-66f;
    private static final float SQUARE = 0x1p-34f;
    private static final float STEP = 0x1p-70f;

    private CpuOptimizers() {
    }

    private static float flush(float v) {
        return (v + FLUSH) - FLUSH;
    }

    private static float grad(float g) {
        return (g + GRAD) - GRAD;
    }

    /** A moment as the step multiplies it: zero below about 2^-94 (see the class comment). */
    private static float forStep(float m) {
        return (m + STEP) - STEP;
    }

    private static float squared(float g) {
        float q = (g + SQUARE) - SQUARE;
        return q * q;
    }

    /** The address of element {@code i} of the float tensor at {@code address}; 0 (no tensor) stays 0. */
    private static long at(long address, int i) {
        return address == 0 ? 0 : address + 4L * i;
    }

    /** One fused update over a chunk: {@code a[i]} holds the chunk of the i-th tensor. */
    private interface ChunkUpdate {
        void apply(float[][] a, int len);
    }

    /**
     * Runs {@code body} over [0, n) in chunks of every tensor (addresses, parameter first,
     * gradient second, then the slots), writing back all but the gradient. One virtual call per
     * chunk; the loops inside each body stay monomorphic for C2.
     */
    private static void update(int n, ChunkUpdate body, long... tensors) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[][] a = new float[tensors.length][];
            for (int t = 0; t < tensors.length; t++) {
                a[t] = sc.array(t, CHUNK);
            }
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long offset = 4L * i;
                for (int t = 0; t < tensors.length; t++) {
                    OffHeap.get(tensors[t] + offset, a[t], 0, len);
                }
                body.apply(a, len);
                for (int t = 0; t < tensors.length; t++) {
                    if (t != 1) {
                        OffHeap.put(a[t], 0, tensors[t] + offset, len);
                    }
                }
            }
        });
    }

    static void sgd(long p, long g, long v, int n, float lr, float momentum, boolean nesterov) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.sgd(at(p, s), at(g, s), at(v, s), e - s, lr, momentum, nesterov));
            return;
        }
        if (v == 0) {
            update(n, (a, len) -> {
                float[] ps = a[0];
                float[] gs = a[1];
                for (int j = 0; j < len; j++) {
                    ps[j] -= lr * grad(gs[j]);
                }
            }, p, g);
        } else if (nesterov) {
            update(n, (a, len) -> {
                float[] ps = a[0];
                float[] gs = a[1];
                float[] vs = a[2];
                for (int j = 0; j < len; j++) {
                    float vel = flush(momentum * vs[j] - lr * grad(gs[j]));
                    vs[j] = vel;
                    ps[j] += momentum * vel - lr * grad(gs[j]);
                }
            }, p, g, v);
        } else {
            update(n, (a, len) -> {
                float[] ps = a[0];
                float[] gs = a[1];
                float[] vs = a[2];
                for (int j = 0; j < len; j++) {
                    float vel = flush(momentum * vs[j] - lr * grad(gs[j]));
                    vs[j] = vel;
                    ps[j] += vel;
                }
            }, p, g, v);
        }
    }

    static void rmsprop(long p, long g, long acc, int n, float lr, float rho, float eps) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.rmsprop(at(p, s), at(g, s), at(acc, s), e - s, lr, rho, eps));
            return;
        }
        update(n, (a, len) -> {
            float[] ps = a[0];
            float[] gs = a[1];
            float[] as = a[2];
            for (int j = 0; j < len; j++) {
                float ac = flush(rho * as[j] + (1f - rho) * squared(gs[j]));
                as[j] = ac;
                ps[j] -= lr * grad(gs[j]) / ((float) Math.sqrt(ac) + eps);
            }
        }, p, g, acc);
    }

    static void adagrad(long p, long g, long acc, int n, float lr, float eps) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.adagrad(at(p, s), at(g, s), at(acc, s), e - s, lr, eps));
            return;
        }
        update(n, (a, len) -> {
            float[] ps = a[0];
            float[] gs = a[1];
            float[] as = a[2];
            for (int j = 0; j < len; j++) {
                float ac = as[j] + squared(gs[j]);
                as[j] = ac;
                ps[j] -= lr * grad(gs[j]) / ((float) Math.sqrt(ac) + eps);
            }
        }, p, g, acc);
    }

    static void adadelta(long p, long g, long acc, long delta, int n, float lr, float rho, float eps) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.adadelta(at(p, s), at(g, s), at(acc, s), at(delta, s), e - s, lr,
                            rho, eps));
            return;
        }
        update(n, (a, len) -> {
            float[] ps = a[0];
            float[] gs = a[1];
            float[] as = a[2];
            float[] ds = a[3];
            for (int j = 0; j < len; j++) {
                float ac = flush(rho * as[j] + (1f - rho) * squared(gs[j]));
                float upd = grad(gs[j]) * (float) Math.sqrt(ds[j] + eps) / (float) Math.sqrt(ac + eps);
                ps[j] -= lr * upd;
                as[j] = ac;
                ds[j] = flush(rho * ds[j] + (1f - rho) * squared(upd));
            }
        }, p, g, acc, delta);
    }

    static void adam(long p, long g, long m, long v, long vHat, int n, float lrT, float b1, float b2, float eps) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.adam(at(p, s), at(g, s), at(m, s), at(v, s), at(vHat, s), e - s,
                            lrT, b1, b2, eps));
            return;
        }
        if (vHat == 0) {
            update(n, (a, len) -> {
                float[] ps = a[0];
                float[] gs = a[1];
                float[] ms = a[2];
                float[] vs = a[3];
                for (int j = 0; j < len; j++) {
                    float gj = grad(gs[j]);
                    float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                    float vj = flush(b2 * vs[j] + (1f - b2) * squared(gj));
                    ms[j] = mj;
                    vs[j] = vj;
                    ps[j] -= lrT * forStep(mj) / ((float) Math.sqrt(vj) + eps);
                }
            }, p, g, m, v);
        } else {
            update(n, (a, len) -> {
                float[] ps = a[0];
                float[] gs = a[1];
                float[] ms = a[2];
                float[] vs = a[3];
                float[] hs = a[4];
                for (int j = 0; j < len; j++) {
                    float gj = grad(gs[j]);
                    float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                    float vj = flush(b2 * vs[j] + (1f - b2) * squared(gj));
                    float hj = Math.max(hs[j], vj);
                    ms[j] = mj;
                    vs[j] = vj;
                    hs[j] = hj;
                    ps[j] -= lrT * forStep(mj) / ((float) Math.sqrt(hj) + eps);
                }
            }, p, g, m, v, vHat);
        }
    }

    static void adamax(long p, long g, long m, long u, int n, float lrT, float b1, float b2, float eps) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.adamax(at(p, s), at(g, s), at(m, s), at(u, s), e - s, lrT, b1, b2,
                            eps));
            return;
        }
        update(n, (a, len) -> {
            float[] ps = a[0];
            float[] gs = a[1];
            float[] ms = a[2];
            float[] us = a[3];
            for (int j = 0; j < len; j++) {
                float gj = grad(gs[j]);
                float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                float uj = flush(Math.max(b2 * us[j], Math.abs(gj)));
                ms[j] = mj;
                us[j] = uj;
                ps[j] -= lrT * forStep(mj) / (uj + eps);
            }
        }, p, g, m, u);
    }

    static void nadam(long p, long g, long m, long v, int n, float lr, float b1, float b2, float eps, float muT,
                      float muNext, float mScheduleNew, float mScheduleNext, float beta2PowT) {
        if (NativeKernels.enabled()) {
            CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) ->
                    NativeOptimizers.nadam(at(p, s), at(g, s), at(m, s), at(v, s), e - s, lr, b1, b2,
                            eps, muT, muNext, mScheduleNew, mScheduleNext, beta2PowT));
            return;
        }
        update(n, (a, len) -> {
            float[] ps = a[0];
            float[] gs = a[1];
            float[] ms = a[2];
            float[] vs = a[3];
            for (int j = 0; j < len; j++) {
                float gj = grad(gs[j]);
                float gPrime = gj / (1f - mScheduleNew);
                float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                float mHat = mj / (1f - mScheduleNext);
                float vj = flush(b2 * vs[j] + (1f - b2) * squared(gj));
                float vHat = vj / (1f - beta2PowT);
                float mBar = (1f - muT) * gPrime + muNext * mHat;
                ms[j] = mj;
                vs[j] = vj;
                ps[j] -= lr * forStep(mBar) / ((float) Math.sqrt(vHat) + eps);
            }
        }, p, g, m, v);
    }
}
