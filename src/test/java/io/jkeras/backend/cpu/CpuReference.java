package io.jkeras.backend.cpu;

import io.jkeras.backend.*;
import java.io.*;
import java.util.*;

/**
 * Writes the records native/emulation/kernel_parity.cpp checks the kernels against: for each
 * kernel, inputs (with NaN, infinities, signed zeros, ties where they matter) and what the CPU
 * backend computes from them. In this package for the CPU backend's internals. Run by
 * KernelEmulationTest (and native/emulation/run); test code, not part of the jar.
 */
public final class CpuReference {
    static Backend b;
    static DataOutputStream out;
    static Random rnd = new Random(42);

    static void i32(int v) throws IOException { out.writeInt(Integer.reverseBytes(v)); }
    static void f32(float v) throws IOException { out.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v))); }

    static void rec(String kernel, int[] ints, float[] floats, float[]... arrays) throws IOException {
        byte[] nb = kernel.getBytes();
        i32(nb.length); out.write(nb);
        i32(ints.length); for (int v : ints) i32(v);
        i32(floats.length); for (float v : floats) f32(v);
        i32(arrays.length);
        for (float[] a : arrays) { i32(a.length); for (float v : a) f32(v); }
    }

    static Tensor t(float[] data, int... shape) { Tensor t = b.allocate(shape); b.upload(data, 0, t); return t; }
    static float[] get(Tensor t) { float[] a = new float[t.size()]; b.download(t, a, 0); return a; }
    static float[] rand(int n, float lo, float hi) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rnd.nextFloat(); return a; }
    static float[] ints(int n, int lo, int hi) { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = lo + rnd.nextInt(hi - lo); return a; }
    static int size(int[] s) { int n = 1; for (int d : s) n *= d; return n; }
    static int[] geo(Conv2DGeometry g) { return new int[] {g.batch(), g.inH(), g.inW(), g.inChannels(), g.outH(), g.outW(), g.outChannels(), g.kernelH(), g.kernelW(), g.strideH(), g.strideW(), g.padTop(), g.padLeft(), g.dilationH(), g.dilationW()}; }

    public static void main(String[] args) throws Exception {
        write(args[0]);
    }

    /** Writes the records to {@code file}; the inputs are the same on every call. */
    public static synchronized void write(String file) throws IOException {
        rnd = new Random(42);
        b = new CpuBackend(Device.cpu());
        out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file)));
        float[] specials = {0f, -0f, 1f, -1f, 2.5f, -2.5f, 30f, -30f, 90f, -90f, 0.5f, -0.5f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e-3f, -1e-3f, 3f, -3f};
        // unary
        for (UnaryOp op : UnaryOp.values()) {
            int n = 1500;
            float[] x = rand(n, -5f, 5f);
            System.arraycopy(specials, 0, x, 0, specials.length);
            if (op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RECIPROCAL) for (int i = specials.length; i < n; i++) x[i] = Math.abs(x[i]) + 0.01f;
            float p = op == UnaryOp.LEAKY_RELU ? 0.3f : op == UnaryOp.ELU ? 0.7f : 0f;
            Tensor xt = t(x, n), yt = b.allocate(n), dyt = t(rand(n, -2f, 2f), n), dxt = b.allocate(n);
            b.unary(op, p, xt, yt);
            b.unaryBackward(op, p, xt, yt, dyt, dxt);
            String name = op.name().toLowerCase();
            rec(name + "_forward_kernel", new int[0], new float[] {p}, x, get(yt));
            rec(name + "_backward_kernel", new int[0], new float[] {p}, x, get(yt), get(dyt), get(dxt));
        }
        // binary
        int[][][] shapes = {{{3, 4, 5}, {5}}, {{3, 1, 5}, {1, 4, 1}}, {{2, 3}, {2, 3}}, {{}, {7}}, {{4, 1}, {1}}, {{2, 1, 3, 1}, {1, 5, 1, 4}}, {{1}, {1}}};
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] sh : shapes) {
                int[] outShape = Shapes.broadcast(sh[0], sh[1]);
                float[] a = op == BinaryOp.POW ? rand(size(sh[0]), 0.1f, 3f) : ints(size(sh[0]), -3, 4);
                float[] bb = op == BinaryOp.POW ? rand(size(sh[1]), -2f, 2f) : ints(size(sh[1]), -3, 4);
                if (op == BinaryOp.DIV) for (int i = 0; i < bb.length; i++) if (bb[i] == 0) bb[i] = 0.5f;
                Tensor at = t(a, sh[0]), bt = t(bb, sh[1]), ot = b.allocate(outShape);
                b.binary(op, at, bt, ot);
                BroadcastPlan plan = BroadcastPlan.of(sh[0], sh[1], outShape);
                int[] ints = new int[1 + 3 * plan.rank()];
                ints[0] = plan.rank();
                for (int k = 0; k < plan.rank(); k++) { ints[1 + k] = plan.dims[k]; ints[1 + plan.rank() + k] = plan.aStrides[k]; ints[1 + 2 * plan.rank() + k] = plan.bStrides[k]; }
                rec(op.name().toLowerCase() + "_binary_kernel", ints, new float[0], a, bb, get(ot));
            }
            for (int first = 0; first < 2; first++) {
                float[] x = op == BinaryOp.POW ? rand(777, 0.1f, 3f) : ints(777, -3, 4);
                x[0] = Float.NaN;
                float c = op == BinaryOp.POW ? (first == 1 ? 1.7f : -1.3f) : 2f;
                Tensor xt = t(x, 777), ot = b.allocate(777);
                b.binaryScalar(op, xt, c, first == 1, ot);
                rec(op.name().toLowerCase() + "_scalar_kernel", new int[] {first}, new float[] {c}, x, get(ot));
            }
        }
        // fill, clip, affine, where, broadcast
        { Tensor ft = b.allocate(1234); b.fill(ft, 3.25f); rec("fill_kernel", new int[0], new float[] {3.25f}, get(ft)); }
        { float[] x = rand(999, -3, 3); x[0] = Float.NaN; Tensor xt = t(x, 999), ot = b.allocate(999); b.clip(xt, -1f, 2f, ot); rec("clip_kernel", new int[0], new float[] {-1f, 2f}, x, get(ot)); }
        { float[] x = rand(999, -3, 3); Tensor xt = t(x, 999), ot = b.allocate(999); b.affine(xt, 1.5f, -0.25f, ot); rec("affine_kernel", new int[0], new float[] {1.5f, -0.25f}, x, get(ot)); }
        { float[] c = ints(500, -1, 2); c[0] = Float.NaN; float[] a = rand(500, -1, 1), bb = rand(500, -1, 1);
          Tensor ct = t(c, 500), at = t(a, 500), bt = t(bb, 500), ot = b.allocate(500); b.where(ct, at, bt, ot); rec("where_kernel", new int[0], new float[0], c, a, bb, get(ot)); }
        int[][][] bshapes = {{{5}, {3, 4, 5}}, {{3, 1, 2}, {2, 3, 4, 2}}, {{}, {6}}, {{1, 1}, {3, 3}}, {{4, 1}, {4, 6}}};
        for (int[][] sh : bshapes) {
            float[] x = rand(size(sh[0]), -1, 1);
            Tensor xt = t(x, sh[0]), ot = b.allocate(sh[1]);
            b.broadcastTo(xt, ot);
            BroadcastPlan plan = BroadcastPlan.of(sh[0], null, sh[1]);
            int[] ints = new int[1 + 3 * plan.rank()];
            ints[0] = plan.rank();
            for (int k = 0; k < plan.rank(); k++) { ints[1 + k] = plan.dims[k]; ints[1 + plan.rank() + k] = plan.aStrides[k]; ints[1 + 2 * plan.rank() + k] = 12345; }
            rec("broadcast_kernel", ints, new float[0], x, get(ot));
        }
        // reductions
        int[][] rshapes = {{3, 1000, 1}, {2, 7, 5}, {1, 300, 3}, {4, 1, 2}, {2, 0, 3}, {1, 5000, 1}, {6, 33, 40}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] s : rshapes) {
                int n = s[0] * s[1] * s[2];
                float[] x = op == ReduceOp.ARGMAX || op == ReduceOp.MAX || op == ReduceOp.MIN ? ints(n, -20, 20) : rand(n, -1, 1);
                if (op == ReduceOp.ARGMAX && n > 10) { x[3] = Float.NaN; }
                if (op == ReduceOp.MAX && n > 40) { x[40] = Float.NaN; }
                Tensor xt = t(x, Math.max(n, 0)), ot = b.allocate(s[0] * s[2]);
                b.reduce(op, xt, s[0], s[1], s[2], ot);
                rec("reduce_" + op.name().toLowerCase() + "_kernel", s, new float[0], x, get(ot));
            }
        }
        // argmax all -inf row
        { float[] x = {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1f, 1f, 0f}; Tensor xt = t(x, 6), ot = b.allocate(2); b.reduce(ReduceOp.ARGMAX, xt, 2, 3, 1, ot); rec("reduce_argmax_kernel", new int[] {2, 3, 1}, new float[0], x, get(ot)); }
        // transpose
        int[][][] tcases = {{{2, 3, 4}, {2, 0, 1}}, {{5, 6}, {1, 0}}, {{2, 3, 4, 5}, {3, 1, 0, 2}}, {{7}, {0}}, {{2, 1, 3, 2, 2, 3}, {5, 4, 3, 2, 1, 0}}};
        for (int[][] tc : tcases) {
            int n = size(tc[0]);
            float[] x = rand(n, -1, 1);
            int[] os = new int[tc[0].length];
            for (int k = 0; k < os.length; k++) os[k] = tc[0][tc[1][k]];
            Tensor xt = t(x, tc[0]), ot = b.allocate(os);
            b.transpose(xt, tc[1], ot);
            int[] ints = new int[1 + 2 * tc[0].length];
            ints[0] = tc[0].length;
            for (int k = 0; k < tc[0].length; k++) { ints[1 + k] = tc[0][k]; ints[1 + tc[0].length + k] = tc[1][k]; }
            rec("transpose_kernel", ints, new float[0], x, get(ot));
        }
        // copy_axis
        { int outer = 3, xl = 5, ol = 7, inner = 4, xs = 1, os = 2, len = 3;
          float[] x = rand(outer * xl * inner, -1, 1); float[] o0 = new float[outer * ol * inner]; Arrays.fill(o0, -7f);
          Tensor xt = t(x, outer * xl * inner), ot = t(o0, outer * ol * inner);
          b.copyAxis(xt, xl, xs, ot, ol, os, outer, len, inner);
          rec("copy_axis_kernel", new int[] {xl, xs, ol, os, outer, len, inner}, new float[0], x, o0, get(ot)); }
        // one_hot
        { float[] lab = ints(37, 0, 6); Tensor lt = t(lab, 37), ot = b.allocate(37, 6); b.oneHot(lt, 6, ot); rec("one_hot_kernel", new int[] {37, 6}, new float[0], lab, get(ot)); }
        // in_top_k
        for (int k : new int[] {1, 2, 3}) {
            int n = 40, c = 5;
            float[] p = ints(n * c, 0, 4); p[7] = Float.NaN; p[11] = Float.POSITIVE_INFINITY;
            float[] tg = ints(n, 0, c); tg[0] = -1; tg[1] = 5; tg[2] = -0.5f; tg[3] = 2.7f; tg[4] = Float.NaN; tg[2 * 1] = -0.5f;
            Tensor pt = t(p, n, c), tt = t(tg, n), ot = b.allocate(n);
            b.inTopK(pt, tt, k, ot);
            rec("in_top_k_kernel", new int[] {n, c, k}, new float[0], p, tg, get(ot));
        }
        // softmax
        for (int[] rc : new int[][] {{5, 1000}, {7, 3}, {2, 1}, {3, 257}}) {
            int n = rc[0] * rc[1];
            float[] x = rand(n, -40, 40);
            float[] dy = rand(n, -1, 1);
            Tensor xt = t(x, rc[0], rc[1]), yt = b.allocate(rc[0], rc[1]), dyt = t(dy, rc[0], rc[1]), dxt = b.allocate(rc[0], rc[1]);
            b.softmax(xt, yt); b.softmaxBackward(yt, dyt, dxt);
            rec("softmax_forward_kernel", rc, new float[0], x, get(yt));
            rec("softmax_backward_kernel", rc, new float[0], get(yt), dy, get(dxt));
            b.logSoftmax(xt, yt); b.logSoftmaxBackward(yt, dyt, dxt);
            rec("log_softmax_forward_kernel", rc, new float[0], x, get(yt));
            rec("log_softmax_backward_kernel", rc, new float[0], get(yt), dy, get(dxt));
        }
        // convolution: (batch, inH, inW, inC, outC, kH, kW, sH, sW, same, dH, dW)
        int[][] convs = {{2, 7, 6, 3, 4, 3, 3, 1, 1, 1, 1, 1}, {3, 9, 8, 2, 5, 3, 2, 2, 2, 1, 1, 1}, {2, 8, 8, 1, 3, 3, 3, 1, 1, 0, 2, 2},
                         {1, 5, 5, 4, 2, 1, 1, 1, 1, 0, 1, 1}, {2, 6, 7, 2, 3, 2, 3, 3, 2, 1, 1, 2}, {2, 4, 4, 2, 2, 5, 5, 1, 1, 1, 1, 1}};
        for (int[] c : convs) {
            Conv2DGeometry g = Conv2DGeometry.of(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9] == 1, c[10], c[11]);
            float[] x = rand(c[0] * c[1] * c[2] * c[3], -1, 1);
            float[] k = rand(c[5] * c[6] * c[3] * c[4], -1, 1);
            float[] dy = rand(c[0] * g.outH() * g.outW() * c[4], -1, 1);
            Tensor xt = t(x, c[0], c[1], c[2], c[3]), kt = t(k, c[5], c[6], c[3], c[4]), yt = b.allocate(c[0], g.outH(), g.outW(), c[4]);
            Tensor dyt = t(dy, c[0], g.outH(), g.outW(), c[4]), dxt = b.allocate(c[0], c[1], c[2], c[3]), dkt = b.allocate(c[5], c[6], c[3], c[4]);
            b.conv2d(g, xt, kt, yt); b.conv2dBackwardInput(g, dyt, kt, dxt); b.conv2dBackwardKernel(g, xt, dyt, dkt);
            rec("conv", geo(g), new float[0], x, k, get(yt), dy, get(dxt), get(dkt));
        }
        // pooling
        int[][] pools = {{2, 6, 6, 3, 2, 2, 2, 2, 0}, {2, 7, 5, 2, 3, 3, 2, 2, 1}, {1, 5, 5, 1, 3, 3, 1, 1, 1}, {2, 8, 7, 3, 3, 2, 2, 3, 0}, {1, 4, 4, 2, 2, 2, 1, 1, 0}};
        for (int[] p : pools) {
            Conv2DGeometry g = Conv2DGeometry.of(p[0], p[1], p[2], p[3], p[3], p[4], p[5], p[6], p[7], p[8] == 1, 1, 1);
            float[] x = ints(p[0] * p[1] * p[2] * p[3], -3, 3);
            float[] dy = rand(p[0] * g.outH() * g.outW() * p[3], -1, 1);
            for (PoolMode mode : PoolMode.values()) {
                Tensor xt = t(x, p[0], p[1], p[2], p[3]), yt = b.allocate(p[0], g.outH(), g.outW(), p[3]);
                Tensor dyt = t(dy, p[0], g.outH(), g.outW(), p[3]), dxt = b.allocate(p[0], p[1], p[2], p[3]);
                b.pool2d(mode, g, xt, yt); b.pool2dBackward(mode, g, xt, yt, dyt, dxt);
                rec(mode == PoolMode.MAX ? "max_pool" : "avg_pool", geo(g), new float[0], x, get(yt), dy, get(dxt));
            }
        }
        // batch norm
        for (int[] rc : new int[][] {{300, 5}, {7, 3}, {1000, 1}, {64, 33}}) {
            int n = rc[0] * rc[1];
            float[] x = rand(n, -2, 5), gam = rand(rc[1], 0.5f, 2f), bet = rand(rc[1], -1, 1), dy = rand(n, -1, 1);
            Tensor xt = t(x, rc[0], rc[1]), gt = t(gam, rc[1]), bt = t(bet, rc[1]), yt = b.allocate(rc[0], rc[1]), mt = b.allocate(rc[1]), vt = b.allocate(rc[1]);
            b.batchNormTraining(xt, gt, bt, 1e-3f, yt, mt, vt);
            Tensor dyt = t(dy, rc[0], rc[1]), dxt = b.allocate(rc[0], rc[1]), dgt = b.allocate(rc[1]), dbt = b.allocate(rc[1]);
            b.batchNormBackward(xt, gt, mt, vt, 1e-3f, dyt, dxt, dgt, dbt);
            rec("batchnorm", rc, new float[] {1e-3f}, x, gam, bet, get(yt), get(mt), get(vt), dy, get(dxt), get(dgt), get(dbt));
        }
        // dropout
        for (long seed : new long[] {0L, 12345L, -987654321987L, Long.MIN_VALUE}) {
            for (float rate : new float[] {0.3f, 0.5f, 0.9f}) {
                float[] x = rand(5000, -1, 1);
                Tensor xt = t(x, 5000), yt = b.allocate(5000);
                b.dropout(xt, rate, seed, yt);
                rec("dropout_forward_kernel", new int[] {(int) seed, (int) (seed >>> 32)}, new float[] {rate}, x, get(yt));
            }
        }
        // optimizers: arrays = p, g, slots..., then expected p, slots...
        int n = 1000;
        for (int mode = 0; mode < 3; mode++) {
            float[] p = rand(n, -1, 1), g = rand(n, -1, 1), v = rand(n, -0.1f, 0.1f);
            Tensor pt = t(p, n), gt = t(g, n), vt = mode == 0 ? null : t(v, n);
            b.sgdUpdate(pt, gt, vt, 0.01f, 0.9f, mode == 2);
            if (mode == 0) rec("sgd_update_kernel", new int[0], new float[] {0.01f}, p, g, get(pt));
            else rec("sgd_momentum_update_kernel", new int[] {mode == 2 ? 1 : 0}, new float[] {0.01f, 0.9f}, p, g, v, get(pt), get(vt));
        }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), a = rand(n, 0, 0.1f); Tensor pt = t(p, n), gt = t(g, n), at = t(a, n);
          b.rmspropUpdate(pt, gt, at, 0.001f, 0.9f, 1e-7f); rec("rmsprop_update_kernel", new int[0], new float[] {0.001f, 0.9f, 1e-7f}, p, g, a, get(pt), get(at)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), a = rand(n, 0, 0.1f); Tensor pt = t(p, n), gt = t(g, n), at = t(a, n);
          b.adagradUpdate(pt, gt, at, 0.01f, 1e-7f); rec("adagrad_update_kernel", new int[0], new float[] {0.01f, 1e-7f}, p, g, a, get(pt), get(at)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), a = rand(n, 0, 0.1f), d = rand(n, 0, 0.01f); Tensor pt = t(p, n), gt = t(g, n), at = t(a, n), dt = t(d, n);
          b.adadeltaUpdate(pt, gt, at, dt, 1.0f, 0.95f, 1e-7f); rec("adadelta_update_kernel", new int[0], new float[] {1.0f, 0.95f, 1e-7f}, p, g, a, d, get(pt), get(at), get(dt)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), m = rand(n, -0.1f, 0.1f), v = rand(n, 0, 0.01f); Tensor pt = t(p, n), gt = t(g, n), mt = t(m, n), vt = t(v, n);
          b.adamUpdate(pt, gt, mt, vt, null, 0.0007f, 0.9f, 0.999f, 1e-7f); rec("adam_update_kernel", new int[0], new float[] {0.0007f, 0.9f, 0.999f, 1e-7f}, p, g, m, v, get(pt), get(mt), get(vt)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), m = rand(n, -0.1f, 0.1f), v = rand(n, 0, 0.01f), h = rand(n, 0, 0.01f); Tensor pt = t(p, n), gt = t(g, n), mt = t(m, n), vt = t(v, n), ht = t(h, n);
          b.adamUpdate(pt, gt, mt, vt, ht, 0.0007f, 0.9f, 0.999f, 1e-7f); rec("adam_amsgrad_update_kernel", new int[0], new float[] {0.0007f, 0.9f, 0.999f, 1e-7f}, p, g, m, v, h, get(pt), get(mt), get(vt), get(ht)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), m = rand(n, -0.1f, 0.1f), u = rand(n, 0, 0.5f); Tensor pt = t(p, n), gt = t(g, n), mt = t(m, n), ut = t(u, n);
          b.adamaxUpdate(pt, gt, mt, ut, 0.002f, 0.9f, 0.999f, 1e-7f); rec("adamax_update_kernel", new int[0], new float[] {0.002f, 0.9f, 0.999f, 1e-7f}, p, g, m, u, get(pt), get(mt), get(ut)); }
        { float[] p = rand(n, -1, 1), g = rand(n, -1, 1), m = rand(n, -0.1f, 0.1f), v = rand(n, 0, 0.01f); Tensor pt = t(p, n), gt = t(g, n), mt = t(m, n), vt = t(v, n);
          float[] s = {0.002f, 0.9f, 0.999f, 1e-7f, 0.8f, 0.81f, 0.7f, 0.56f, 0.002f};
          b.nadamUpdate(pt, gt, mt, vt, s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]); rec("nadam_update_kernel", new int[0], s, p, g, m, v, get(pt), get(mt), get(vt)); }
        rec("kernels_version_kernel", new int[0], new float[0]);
        out.close();
        b.close();
    }
}
