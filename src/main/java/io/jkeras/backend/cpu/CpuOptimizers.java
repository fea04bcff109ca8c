package io.jkeras.backend.cpu;

/**
 * Fused optimizer updates: one pass over parameter, gradient and slots per step.
 *
 * <p>Moments are flushed to zero below the smallest normal float: the JVM cannot turn on
 * flush-to-zero, and Adam's slots of weights whose gradient stays 0 (dead units, constant
 * input pixels) otherwise decay into subnormals, where every arithmetic instruction takes a
 * microcode assist (PyTorch's W1 halves its speed that way without FTZ). The flush is
 * {@code (x + 2^-100) - 2^-100}: exact for |x| >= 2^-76, zero for every |x| below about
 * 2^-125, and two additions C2 vectorises; a compare-and-select ({@code |x| < MIN_NORMAL ? 0 : x})
 * measured 5x slower because C2 in Java 17 does not vectorise conditionals.
 */
final class CpuOptimizers {
    private static final int CHUNK = Scratch.CHUNK;

    private CpuOptimizers() {
    }

    private static final float FLUSH = 0x1p-100f;

    private static float flush(float v) {
        return (v + FLUSH) - FLUSH;
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
                        ps[j] -= lr * gs[j];
                    }
                } else {
                    OffHeap.get(v + o, vs, 0, len);
                    if (nesterov) {
                        for (int j = 0; j < len; j++) {
                            float vel = flush(momentum * vs[j] - lr * gs[j]);
                            vs[j] = vel;
                            ps[j] += momentum * vel - lr * gs[j];
                        }
                    } else {
                        for (int j = 0; j < len; j++) {
                            float vel = flush(momentum * vs[j] - lr * gs[j]);
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
                    float acc = flush(rho * as[j] + (1f - rho) * gs[j] * gs[j]);
                    as[j] = acc;
                    ps[j] -= lr * gs[j] / ((float) Math.sqrt(acc) + eps);
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
                    float acc = as[j] + gs[j] * gs[j];
                    as[j] = acc;
                    ps[j] -= lr * gs[j] / ((float) Math.sqrt(acc) + eps);
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
                    float acc = flush(rho * as[j] + (1f - rho) * gs[j] * gs[j]);
                    float upd = gs[j] * (float) Math.sqrt(ds[j] + eps) / (float) Math.sqrt(acc + eps);
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
                        float gj = gs[j];
                        float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                        float vj = flush(b2 * vs[j] + (1f - b2) * gj * gj);
                        ms[j] = mj;
                        vs[j] = vj;
                        ps[j] -= lrT * mj / ((float) Math.sqrt(vj) + eps);
                    }
                } else {
                    OffHeap.get(vHat + o, hs, 0, len);
                    for (int j = 0; j < len; j++) {
                        float gj = gs[j];
                        float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                        float vj = flush(b2 * vs[j] + (1f - b2) * gj * gj);
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
                    float mj = flush(b1 * ms[j] + (1f - b1) * gs[j]);
                    float uj = flush(Math.max(b2 * us[j], Math.abs(gs[j])));
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
                    float gj = gs[j];
                    float gPrime = gj / (1f - mScheduleNew);
                    float mj = flush(b1 * ms[j] + (1f - b1) * gj);
                    float mHat = mj / (1f - mScheduleNext);
                    float vj = flush(b2 * vs[j] + (1f - b2) * gj * gj);
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
