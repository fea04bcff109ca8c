package io.jkeras.backend.cpu;

/**
 * Fused optimizer updates: one pass over parameter, gradient and slots per step.
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
 * </ul>
 */
final class CpuOptimizers {
    private static final int CHUNK = Scratch.CHUNK;
    private static final float FLUSH = 0x1p-100f;
    private static final float GRAD = 0x1p-66f;
    private static final float SQUARE = 0x1p-34f;

    private CpuOptimizers() {
    }

    private static float flush(float v) {
        return (v + FLUSH) - FLUSH;
    }

    private static float grad(float g) {
        return (g + GRAD) - GRAD;
    }

    private static float squared(float g) {
        float q = (g + SQUARE) - SQUARE;
        return q * q;
    }

    static void sgd(long p, long g, long v, int n, float lr, float momentum, boolean nesterov) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] vs = sc.array(2, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                if (v == 0) {
                    for (int j = 0; j < len; j++) {
                        ps[j] -= lr * grad(gs[j]);
                    }
                } else {
                    OffHeap.get(v + o, vs, 0, len);
                    if (nesterov) {
                        for (int j = 0; j < len; j++) {
                            float vel = flush(momentum * vs[j] - lr * grad(gs[j]));
                            vs[j] = vel;
                            ps[j] += momentum * vel - lr * grad(gs[j]);
                        }
                    } else {
                        for (int j = 0; j < len; j++) {
                            float vel = flush(momentum * vs[j] - lr * grad(gs[j]));
                            vs[j] = vel;
                            ps[j] += vel;
                        }
                    }
                    OffHeap.put(vs, 0, v + o, len);
                }
                OffHeap.put(ps, 0, p + o, len);
            }
        });
    }

    static void rmsprop(long p, long g, long a, int n, float lr, float rho, float eps) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] as = sc.array(2, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(a + o, as, 0, len);
                for (int j = 0; j < len; j++) {
                    float acc = flush(rho * as[j] + (1f - rho) * squared(gs[j]));
                    as[j] = acc;
                    ps[j] -= lr * grad(gs[j]) / ((float) Math.sqrt(acc) + eps);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(as, 0, a + o, len);
            }
        });
    }

    static void adagrad(long p, long g, long a, int n, float lr, float eps) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] as = sc.array(2, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(a + o, as, 0, len);
                for (int j = 0; j < len; j++) {
                    float acc = as[j] + squared(gs[j]);
                    as[j] = acc;
                    ps[j] -= lr * grad(gs[j]) / ((float) Math.sqrt(acc) + eps);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(as, 0, a + o, len);
            }
        });
    }

    static void adadelta(long p, long g, long a, long d, int n, float lr, float rho, float eps) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] as = sc.array(2, CHUNK);
            float[] ds = sc.array(3, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(a + o, as, 0, len);
                OffHeap.get(d + o, ds, 0, len);
                for (int j = 0; j < len; j++) {
                    float acc = flush(rho * as[j] + (1f - rho) * squared(gs[j]));
                    float upd = grad(gs[j]) * (float) Math.sqrt(ds[j] + eps) / (float) Math.sqrt(acc + eps);
                    ps[j] -= lr * upd;
                    as[j] = acc;
                    ds[j] = flush(rho * ds[j] + (1f - rho) * upd * upd);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(as, 0, a + o, len);
                OffHeap.put(ds, 0, d + o, len);
            }
        });
    }

    static void adam(long p, long g, long m, long v, long vHat, int n, float lrT, float b1, float b2, float eps) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] ms = sc.array(2, CHUNK);
            float[] vs = sc.array(3, CHUNK);
            float[] hs = sc.array(4, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(m + o, ms, 0, len);
                OffHeap.get(v + o, vs, 0, len);
                if (vHat == 0) {
                    for (int j = 0; j < len; j++) {
                        float gj = grad(gs[j]);
                        float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                        float vj = flush(b2 * vs[j] + (1f - b2) * squared(gj));
                        ms[j] = mj;
                        vs[j] = vj;
                        ps[j] -= lrT * mj / ((float) Math.sqrt(vj) + eps);
                    }
                } else {
                    OffHeap.get(vHat + o, hs, 0, len);
                    for (int j = 0; j < len; j++) {
                        float gj = grad(gs[j]);
                        float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                        float vj = flush(b2 * vs[j] + (1f - b2) * squared(gj));
                        float hj = Math.max(hs[j], vj);
                        ms[j] = mj;
                        vs[j] = vj;
                        hs[j] = hj;
                        ps[j] -= lrT * mj / ((float) Math.sqrt(hj) + eps);
                    }
                    OffHeap.put(hs, 0, vHat + o, len);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(ms, 0, m + o, len);
                OffHeap.put(vs, 0, v + o, len);
            }
        });
    }

    static void adamax(long p, long g, long m, long u, int n, float lrT, float b1, float b2, float eps) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] ms = sc.array(2, CHUNK);
            float[] us = sc.array(3, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(m + o, ms, 0, len);
                OffHeap.get(u + o, us, 0, len);
                for (int j = 0; j < len; j++) {
                    float mj = flush(b1 * ms[j] + (1f - b1) * grad(gs[j]));
                    float uj = flush(Math.max(b2 * us[j], Math.abs(grad(gs[j]))));
                    ms[j] = mj;
                    us[j] = uj;
                    ps[j] -= lrT * mj / (uj + eps);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(ms, 0, m + o, len);
                OffHeap.put(us, 0, u + o, len);
            }
        });
    }

    static void nadam(long p, long g, long m, long v, int n, float lr, float b1, float b2, float eps, float muT,
                      float muNext, float mScheduleNew, float mScheduleNext, float beta2PowT) {
        CpuParallel.forRange(n, CpuElementwise.GRAIN, (s, e) -> {
            Scratch sc = Scratch.get();
            float[] ps = sc.array(0, CHUNK);
            float[] gs = sc.array(1, CHUNK);
            float[] ms = sc.array(2, CHUNK);
            float[] vs = sc.array(3, CHUNK);
            for (int i = s; i < e; i += CHUNK) {
                int len = Math.min(CHUNK, e - i);
                long o = 4L * i;
                OffHeap.get(p + o, ps, 0, len);
                OffHeap.get(g + o, gs, 0, len);
                OffHeap.get(m + o, ms, 0, len);
                OffHeap.get(v + o, vs, 0, len);
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
                    ps[j] -= lr * mBar / ((float) Math.sqrt(vHat) + eps);
                }
                OffHeap.put(ps, 0, p + o, len);
                OffHeap.put(ms, 0, m + o, len);
                OffHeap.put(vs, 0, v + o, len);
            }
        });
    }
}
