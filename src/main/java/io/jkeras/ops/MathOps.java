package io.jkeras.ops;

import io.jkeras.backend.Backend;
import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.Shapes;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.UnaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * Differentiable array math: each op checks shapes, allocates its output, calls one backend
 * kernel, and (when a tracked tensor is among its inputs) records its gradient rule, written
 * right beside it with these same ops.
 */
public final class MathOps {
    private MathOps() {
    }

    // ---- creation ------------------------------------------------------------------------

    public static Tensor empty(Backend backend, int... shape) {
        return backend.allocate(shape);
    }

    public static Tensor full(Backend backend, float value, int... shape) {
        Tensor t = backend.allocate(shape);
        backend.fill(t, value);
        return t;
    }

    public static Tensor zeros(Backend backend, int... shape) {
        return full(backend, 0f, shape);
    }

    public static Tensor scalar(Backend backend, float value) {
        return full(backend, value);
    }

    /** Uploads {@code data} (copied) as a tensor of {@code shape}. */
    public static Tensor constant(Backend backend, float[] data, int... shape) {
        if (data.length != Shapes.size(shape)) {
            throw new IllegalArgumentException("constant: " + data.length + " values do not fill shape "
                    + Arrays.toString(shape));
        }
        Tensor t = backend.allocate(shape);
        backend.upload(data, 0, t);
        return t;
    }

    public static Tensor onesLike(Tensor x) {
        return full(x.backend(), 1f, x.shape());
    }

    public static Tensor zerosLike(Tensor x) {
        return full(x.backend(), 0f, x.shape());
    }

    /** A copy that gradients do not flow through. */
    public static Tensor stopGradient(Tensor x) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().copy(x, y);
        return y;
    }

    /**
     * Closes temporaries of a forward computation, unless a tape is recording: recorded
     * gradient rules may still read them, and the step's scope frees them afterwards.
     */
    public static void dispose(Tensor... tensors) {
        if (Tape.isRecording()) {
            return;
        }
        for (Tensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }

    // ---- elementwise unary ---------------------------------------------------------------

    /** y = f(x) for an elementwise function with its derivative in the backend. */
    public static Tensor unary(UnaryOp op, float param, Tensor x) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().unary(op, param, x, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = x.backend().allocate(x.shape());
                x.backend().unaryBackward(op, param, x, y, dy, dx);
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /**
     * {@code x = f(x)} in place, for a tensor the caller owns; never recorded, so it may only
     * run while no tape records (gradient rules would read the overwritten input).
     */
    public static Tensor unaryInPlace(UnaryOp op, float param, Tensor x) {
        if (Tape.isRecording()) {
            throw new IllegalStateException("In-place " + op + " while a tape records: its gradient would need the"
                    + " overwritten input");
        }
        x.backend().unary(op, param, x, x);
        return x;
    }

    /**
     * {@code x += b} in place, {@code b} broadcast to x's shape, for a tensor the caller owns
     * (a layer's own intermediate at inference); never recorded, so it may only run while no
     * tape records. A convolution's bias added this way needs no second output of the
     * convolution's size (85 MiB for the W2 CNN's first one at batch 1024): the benchmark's W3,
     * whose pool peaks while it evaluates at that batch, peaked at 149.3 MiB instead of 174.6.
     */
    public static Tensor addInPlace(Tensor x, Tensor b) {
        if (Tape.isRecording()) {
            throw new IllegalStateException("In-place add while a tape records: recorded gradient rules may read "
                    + Arrays.toString(x.shape()) + " as it was");
        }
        int[] shape = broadcastShape(BinaryOp.ADD, x, b);
        if (!Arrays.equals(shape, x.shape())) {
            throw new IllegalArgumentException("addInPlace: b of shape " + Arrays.toString(b.shape())
                    + " broadcasts x of shape " + Arrays.toString(x.shape()) + " to " + Arrays.toString(shape)
                    + "; expected x's own shape");
        }
        x.backend().binary(BinaryOp.ADD, x, b, x);
        return x;
    }

    public static Tensor neg(Tensor x) {
        return unary(UnaryOp.NEG, 0f, x);
    }

    public static Tensor abs(Tensor x) {
        return unary(UnaryOp.ABS, 0f, x);
    }

    public static Tensor sign(Tensor x) {
        return unary(UnaryOp.SIGN, 0f, x);
    }

    public static Tensor square(Tensor x) {
        return unary(UnaryOp.SQUARE, 0f, x);
    }

    public static Tensor sqrt(Tensor x) {
        return unary(UnaryOp.SQRT, 0f, x);
    }

    public static Tensor exp(Tensor x) {
        return unary(UnaryOp.EXP, 0f, x);
    }

    public static Tensor log(Tensor x) {
        return unary(UnaryOp.LOG, 0f, x);
    }

    public static Tensor log1p(Tensor x) {
        return unary(UnaryOp.LOG1P, 0f, x);
    }

    public static Tensor reciprocal(Tensor x) {
        return unary(UnaryOp.RECIPROCAL, 0f, x);
    }

    /** Round half to even (gradient zero). */
    public static Tensor round(Tensor x) {
        return unary(UnaryOp.ROUND, 0f, x);
    }

    // ---- elementwise with scalars --------------------------------------------------------

    /** {@code a * x + b}. */
    public static Tensor affine(Tensor x, float a, float b) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().affine(x, a, b, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> new Tensor[] {affine(dy, a, 0f)});
        }
        return y;
    }

    public static Tensor mul(Tensor x, float c) {
        return affine(x, c, 0f);
    }

    public static Tensor add(Tensor x, float c) {
        return affine(x, 1f, c);
    }

    /** {@code c - x}. */
    public static Tensor rsub(float c, Tensor x) {
        return affine(x, -1f, c);
    }

    /** {@code x ^ p} for a constant exponent. */
    public static Tensor pow(Tensor x, float p) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().binaryScalar(BinaryOp.POW, x, p, false, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor d = pow(x, p - 1f);
                Tensor scaled = mul(d, p);
                d.close();
                Tensor dx = mul(dy, scaled);
                scaled.close();
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /** {@code c / x}. */
    public static Tensor rdiv(float c, Tensor x) {
        Tensor r = reciprocal(x);
        if (c == 1f) {
            return r;
        }
        Tensor y = mul(r, c);
        dispose(r);
        return y;
    }

    /** {@code max(x, c)}; the gradient goes to x where x > c (TensorFlow's choice for ties: to x when x >= c). */
    public static Tensor maximum(Tensor x, float c) {
        return scalarSelect(BinaryOp.MAXIMUM, BinaryOp.GREATER_EQUAL, x, c);
    }

    /** {@code min(x, c)}, gradient to x where x <= c. */
    public static Tensor minimum(Tensor x, float c) {
        return scalarSelect(BinaryOp.MINIMUM, BinaryOp.LESS_EQUAL, x, c);
    }

    private static Tensor scalarSelect(BinaryOp op, BinaryOp passes, Tensor x, float c) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().binaryScalar(op, x, c, false, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor mask = compare(passes, x, c);
                Tensor dx = mul(dy, mask);
                mask.close();
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /** {@code min(max(x, lo), hi)}; the gradient passes where {@code lo <= x <= hi}. */
    public static Tensor clip(Tensor x, float lo, float hi) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().clip(x, lo, hi, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor ge = compare(BinaryOp.GREATER_EQUAL, x, lo);
                Tensor le = compare(BinaryOp.LESS_EQUAL, x, hi);
                Tensor mask = mul(ge, le);
                ge.close();
                le.close();
                Tensor dx = mul(dy, mask);
                mask.close();
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    /** 1 where {@code x op c} holds, else 0 (not differentiable). */
    public static Tensor compare(BinaryOp op, Tensor x, float c) {
        Tensor y = x.backend().allocate(x.shape());
        x.backend().binaryScalar(op, x, c, false, y);
        return y;
    }

    /** 1 where {@code a op b} holds, else 0, with broadcasting (not differentiable). */
    public static Tensor compare(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = a.backend().allocate(broadcastShape(op, a, b));
        a.backend().binary(op, a, b, out);
        return out;
    }

    // ---- elementwise binary with broadcasting -------------------------------------------

    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = binaryRaw(BinaryOp.ADD, a, b);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> new Tensor[] {
                    needsGrad(a) ? sumToShape(dy, a.shape()) : null,
                    needsGrad(b) ? sumToShape(dy, b.shape()) : null});
        }
        return out;
    }

    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = binaryRaw(BinaryOp.SUB, a, b);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> {
                Tensor gb = null;
                if (needsGrad(b)) {
                    Tensor n = neg(dy);
                    gb = sumToShape(n, b.shape());
                    if (gb != n) {
                        n.close();
                    }
                }
                return new Tensor[] {needsGrad(a) ? sumToShape(dy, a.shape()) : null, gb};
            });
        }
        return out;
    }

    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = binaryRaw(BinaryOp.MUL, a, b);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> new Tensor[] {
                    needsGrad(a) ? productGrad(dy, b, a.shape()) : null,
                    needsGrad(b) ? productGrad(dy, a, b.shape()) : null});
        }
        return out;
    }

    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = binaryRaw(BinaryOp.DIV, a, b);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> {
                Tensor ga = null;
                Tensor gb = null;
                if (needsGrad(a)) {
                    Tensor q = binaryRaw(BinaryOp.DIV, dy, b);
                    ga = sumToShape(q, a.shape());
                    if (ga != q) {
                        q.close();
                    }
                }
                if (needsGrad(b)) {
                    // d(a/b)/db = -out / b
                    Tensor q = binaryRaw(BinaryOp.DIV, out, b);
                    Tensor p = binaryRaw(BinaryOp.MUL, dy, q);
                    q.close();
                    Tensor n = neg(p);
                    p.close();
                    gb = sumToShape(n, b.shape());
                    if (gb != n) {
                        n.close();
                    }
                }
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    /** Elementwise maximum; ties send the gradient to {@code a}. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return select(BinaryOp.MAXIMUM, BinaryOp.GREATER_EQUAL, a, b);
    }

    /** Elementwise minimum; ties send the gradient to {@code a}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return select(BinaryOp.MINIMUM, BinaryOp.LESS_EQUAL, a, b);
    }

    private static Tensor select(BinaryOp op, BinaryOp aWins, Tensor a, Tensor b) {
        Tensor out = binaryRaw(op, a, b);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> {
                Tensor mask = compare(aWins, a, b);
                Tensor ga = null;
                Tensor gb = null;
                if (needsGrad(a)) {
                    ga = productGrad(dy, mask, a.shape());
                }
                if (needsGrad(b)) {
                    Tensor inv = rsub(1f, mask);
                    gb = productGrad(dy, inv, b.shape());
                    inv.close();
                }
                mask.close();
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    /** {@code cond != 0 ? a : b}; all three of one shape. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape()) || cond.size() != a.size()) {
            throw new IllegalArgumentException("where: shapes " + Arrays.toString(cond.shape()) + ", "
                    + Arrays.toString(a.shape()) + ", " + Arrays.toString(b.shape()) + " must match");
        }
        Tensor out = a.backend().allocate(a.shape());
        a.backend().where(cond, a, b, out);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> {
                Tensor zero = zerosLike(dy);
                Tensor ga = needsGrad(a) ? rawWhere(cond, dy, zero) : null;
                Tensor gb = needsGrad(b) ? rawWhere(cond, zero, dy) : null;
                zero.close();
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    private static Tensor rawWhere(Tensor cond, Tensor a, Tensor b) {
        Tensor out = a.backend().allocate(a.shape());
        a.backend().where(cond, a, b, out);
        return out;
    }

    /** The gradient of a product with respect to one factor: dy * other, summed to {@code shape}. */
    private static Tensor productGrad(Tensor dy, Tensor other, int[] shape) {
        Tensor p = binaryRaw(BinaryOp.MUL, dy, other);
        Tensor g = sumToShape(p, shape);
        if (g != p) {
            p.close();
        }
        return g;
    }

    static boolean needsGrad(Tensor t) {
        return t.tapeIndex() >= 0;
    }

    private static Tensor binaryRaw(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = a.backend().allocate(broadcastShape(op, a, b));
        a.backend().binary(op, a, b, out);
        return out;
    }

    private static int[] broadcastShape(BinaryOp op, Tensor a, Tensor b) {
        int[] s = Shapes.broadcast(a.shape(), b.shape());
        if (s == null) {
            throw new IllegalArgumentException("Operands of " + op.name().toLowerCase() + " could not be broadcast"
                    + " together: shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        return s;
    }

    /**
     * Sums {@code g} over the axes along which a tensor of {@code shape} was broadcast, giving
     * {@code shape}; returns {@code g} itself when nothing was broadcast.
     */
    public static Tensor sumToShape(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            int target = i < lead ? 1 : shape[i - lead];
            if (target == 1 && gs[i] != 1) {
                axes[n++] = i;
            }
        }
        Tensor summed = sum(g, Arrays.copyOf(axes, n), true);
        Tensor out = summed.reshape(shape);
        summed.close();
        return out;
    }

    // ---- reductions ----------------------------------------------------------------------

    /** Sum over {@code axes} (all axes when empty). */
    public static Tensor sum(Tensor x, int[] axes, boolean keepDims) {
        return reduce(ReduceOp.SUM, x, axes, keepDims);
    }

    public static Tensor sum(Tensor x) {
        return sum(x, new int[0], false);
    }

    public static Tensor mean(Tensor x, int[] axes, boolean keepDims) {
        return reduce(ReduceOp.MEAN, x, axes, keepDims);
    }

    public static Tensor mean(Tensor x) {
        return mean(x, new int[0], false);
    }

    public static Tensor max(Tensor x, int[] axes, boolean keepDims) {
        return reduce(ReduceOp.MAX, x, axes, keepDims);
    }

    public static Tensor min(Tensor x, int[] axes, boolean keepDims) {
        return reduce(ReduceOp.MIN, x, axes, keepDims);
    }

    /** Index of the first maximum along {@code axis} (not differentiable). */
    public static Tensor argmax(Tensor x, int axis) {
        return reduce(ReduceOp.ARGMAX, x, new int[] {axis}, false);
    }

    private static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        for (int a : axes) {
            reduced[Shapes.normalizeAxis(a, rank)] = true;
        }
        int[] shape = x.shape();
        int[] keptShape = shape.clone();
        int[] outShape = new int[rank];
        int outRank = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                keptShape[i] = 1;
                if (keepDims) {
                    outShape[outRank++] = 1;
                }
            } else {
                outShape[outRank++] = shape[i];
            }
        }
        outShape = Arrays.copyOf(outShape, outRank);
        Tensor y = reduceKept(op, x, reduced, keptShape);
        Tensor out = y.reshape(outShape);
        y.close();
        if (op != ReduceOp.ARGMAX && Tape.recording(x)) {
            Tape.record(out, new Tensor[] {x}, dy -> new Tensor[] {reduceGrad(op, x, out, dy, keptShape)});
        }
        return out;
    }

    /** Reduces the marked axes, one contiguous run at a time; result has {@code keptShape}. */
    private static Tensor reduceKept(ReduceOp op, Tensor x, boolean[] reduced, int[] keptShape) {
        Backend be = x.backend();
        int rank = x.rank();
        int[] shape = x.shape();
        int first = -1;
        int last = -1;
        int runs = 0;
        for (int i = 0; i < rank; i++) {
            if (reduced[i] && shape[i] != 1) {
                if (first < 0 || last != i - 1) {
                    runs++;
                }
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        if (runs == 0) {
            Tensor y = be.allocate(keptShape);
            be.copy(x, y);
            return y;
        }
        if (runs == 1 || op == ReduceOp.ARGMAX) {
            if (runs > 1) {
                throw new IllegalArgumentException("argmax over several axes is not supported");
            }
            int outer = Shapes.size(shape, 0, first);
            int len = Shapes.size(shape, first, last + 1);
            int inner = Shapes.size(shape, last + 1, rank);
            Tensor y = be.allocate(keptShape);
            be.reduce(op, x, outer, len, inner, y);
            return y;
        }
        // Several runs: reduce the last run, then the rest (MEAN stays exact: every run divides by its own length).
        boolean[] lastRun = new boolean[rank];
        boolean[] rest = reduced.clone();
        for (int i = last; i >= 0 && reduced[i]; i--) {
            lastRun[i] = true;
            rest[i] = false;
        }
        int[] midShape = shape.clone();
        for (int i = 0; i < rank; i++) {
            if (lastRun[i]) {
                midShape[i] = 1;
            }
        }
        Tensor mid = reduceKept(op, x, lastRun, midShape);
        Tensor y = reduceKept(op, mid, rest, keptShape);
        mid.close();
        return y;
    }

    private static Tensor reduceGrad(ReduceOp op, Tensor x, Tensor out, Tensor dy, int[] keptShape) {
        Backend be = x.backend();
        Tensor dyKept = dy.reshape(keptShape);
        Tensor dx = be.allocate(x.shape());
        switch (op) {
            case SUM -> be.broadcastTo(dyKept, dx);
            case MEAN -> {
                be.broadcastTo(dyKept, dx);
                float count = (float) x.size() / Math.max(1, out.size());
                be.affine(dx, 1f / count, 0f, dx);
            }
            case MAX, MIN -> {
                // TensorFlow's rule: the gradient is shared equally among tied extrema.
                Tensor outKept = out.reshape(keptShape);
                Tensor mask = compare(BinaryOp.EQUAL, x, outKept);
                outKept.close();
                boolean[] all = new boolean[x.rank()];
                for (int i = 0; i < all.length; i++) {
                    all[i] = keptShape[i] == 1 && x.dim(i) != 1;
                }
                Tensor counts = reduceKept(ReduceOp.SUM, mask, all, keptShape);
                Tensor share = be.allocate(keptShape);
                be.binary(BinaryOp.DIV, dyKept, counts, share);
                counts.close();
                be.binary(BinaryOp.MUL, mask, share, dx);
                share.close();
                mask.close();
            }
            default -> throw new IllegalStateException(op.name());
        }
        dyKept.close();
        return dx;
    }

    // ---- linear algebra ------------------------------------------------------------------

    /**
     * Matrix product of {@code a} (..., K) and {@code b} (K, N): leading axes of a are rows.
     * With {@code transA}/{@code transB} the 2D operands are used transposed.
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        if (b.rank() != 2 || (transA && a.rank() != 2)) {
            throw new IllegalArgumentException("matmul needs a 2D right operand (and a 2D left one when"
                    + " transposed): shapes " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()));
        }
        int k = transA ? a.dim(0) : a.dim(-1);
        int m = a.size() / Math.max(1, k);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ, " + Arrays.toString(a.shape())
                    + (transA ? "^T" : "") + " x " + Arrays.toString(b.shape()) + (transB ? "^T" : ""));
        }
        int[] outShape;
        if (transA) {
            outShape = new int[] {m, n};
        } else {
            outShape = a.shape();
            outShape[outShape.length - 1] = n;
        }
        Tensor out = a.backend().allocate(outShape);
        a.backend().gemm(a, transA, b, transB, 1f, 0f, out, m, n, k);
        if (Tape.recording(a, b)) {
            Tape.record(out, new Tensor[] {a, b}, dy -> {
                Tensor ga = null;
                Tensor gb = null;
                if (needsGrad(a)) {
                    // dA = dY B^T (or B dY^T when a was transposed)
                    ga = a.backend().allocate(a.shape());
                    if (transA) {
                        a.backend().gemm(b, transB, dy, true, 1f, 0f, ga, k, m, n);
                    } else {
                        a.backend().gemm(dy, false, b, !transB, 1f, 0f, ga, m, k, n);
                    }
                }
                if (needsGrad(b)) {
                    // dB = A^T dY (or dY^T A when b was transposed)
                    gb = b.backend().allocate(b.shape());
                    if (transB) {
                        b.backend().gemm(dy, true, a, transA, 1f, 0f, gb, n, k, m);
                    } else {
                        b.backend().gemm(a, !transA, dy, false, 1f, 0f, gb, k, n, m);
                    }
                }
                return new Tensor[] {ga, gb};
            });
        }
        return out;
    }

    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /**
     * {@code x W + b} for x (..., K), W (K, N), b (N) as one backend call
     * ({@link Backend#linear}): the bias goes into the GEMM (its accumulator on the CPU, its
     * epilogue on CUDA), which saves the separate read-and-write pass (and the extra tensor)
     * of a bias add; its gradient likewise ({@link Backend#linearBackward}).
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, null, 0f);
    }

    /**
     * A dense layer: {@code activation(x W + b)} for x (..., K), W (K, N), b (N) or null, and an
     * elementwise activation (null: none), in one backend call that fuses the bias and the
     * activation into the GEMM ({@link Backend#linear}). At inference the activation overwrites
     * the GEMM's output; under a tape the pre-activation is kept for the gradient.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, UnaryOp activation, float param) {
        int k = x.dim(-1);
        if (w.rank() != 2 || w.dim(0) != k || (b != null && (b.rank() != 1 || b.dim(0) != w.dim(1)))) {
            throw new IllegalArgumentException("linear: shapes " + Arrays.toString(x.shape()) + " x "
                    + Arrays.toString(w.shape()) + (b == null ? "" : " + " + Arrays.toString(b.shape()))
                    + " do not fit (..., K) (K, N) (N)");
        }
        int n = w.dim(1);
        int m = x.size() / Math.max(1, k);
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = n;
        Backend be = x.backend();
        boolean record = b == null ? Tape.recording(x, w) : Tape.recording(x, w, b);
        Tensor z = be.allocate(outShape);
        Tensor y = activation == null || !record ? z : be.allocate(outShape);
        be.linear(x, w, b, activation, param, z, y, m, n, k);
        if (record) {
            Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
            Tape.record(y, inputs, dy -> {
                // one backend call: the CUDA backend sums the bias gradient inside the weight gradient's GEMM
                Tensor dz = activation == null ? dy : be.allocate(outShape);
                Tensor gx = needsGrad(x) ? be.allocate(x.shape()) : null;
                Tensor gw = needsGrad(w) ? be.allocate(w.shape()) : null;
                Tensor gb = b != null && needsGrad(b) ? be.allocate(n) : null;
                be.linearBackward(x, w, activation, param, z, y, dy, dz, gx, gw, gb, m, n, k);
                if (dz != dy) {
                    dz.close();
                }
                return b == null ? new Tensor[] {gx, gw} : new Tensor[] {gx, gw, gb};
            });
        }
        return y;
    }

    // ---- layout ----------------------------------------------------------------------------

    /** A view with another shape (one dimension may be -1). */
    public static Tensor reshape(Tensor x, int... shape) {
        Tensor y = x.reshape(shape);
        if (Tape.recording(x)) {
            int[] inShape = x.shape();
            Tape.record(y, new Tensor[] {x}, dy -> new Tensor[] {dy.reshape(inShape)});
        }
        return y;
    }

    public static Tensor transpose(Tensor x, int... perm) {
        int rank = x.rank();
        if (perm.length != rank) {
            throw new IllegalArgumentException("transpose: permutation " + Arrays.toString(perm)
                    + " does not fit rank " + rank);
        }
        int[] shape = x.shape();
        int[] outShape = new int[rank];
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            int p = Shapes.normalizeAxis(perm[i], rank);
            if (seen[p]) {
                throw new IllegalArgumentException("transpose: " + Arrays.toString(perm) + " is not a permutation");
            }
            seen[p] = true;
            outShape[i] = shape[p];
            inverse[p] = i;
        }
        Tensor y = x.backend().allocate(outShape);
        x.backend().transpose(x, perm, y);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> new Tensor[] {transpose(dy, inverse)});
        }
        return y;
    }

    public static Tensor broadcastTo(Tensor x, int... shape) {
        int[] b = Shapes.broadcast(x.shape(), shape);
        if (b == null || !Arrays.equals(b, shape)) {
            throw new IllegalArgumentException("Cannot broadcast shape " + Arrays.toString(x.shape()) + " to "
                    + Arrays.toString(shape));
        }
        Tensor y = x.backend().allocate(shape);
        x.backend().broadcastTo(x, y);
        if (Tape.recording(x)) {
            int[] inShape = x.shape();
            Tape.record(y, new Tensor[] {x}, dy -> new Tensor[] {sumToShape(dy, inShape)});
        }
        return y;
    }

    /** Joins tensors along {@code axis}; all other dimensions must agree. */
    public static Tensor concat(List<Tensor> xs, int axis) {
        Tensor first = xs.get(0);
        int rank = first.rank();
        int ax = Shapes.normalizeAxis(axis, rank);
        int[] outShape = first.shape();
        int total = 0;
        for (Tensor t : xs) {
            int[] s = t.shape();
            for (int i = 0; i < rank; i++) {
                if (i != ax && (s.length != rank || s[i] != outShape[i])) {
                    throw new IllegalArgumentException("concat along axis " + axis + ": shapes "
                            + Arrays.toString(first.shape()) + " and " + Arrays.toString(s) + " do not match");
                }
            }
            total += s[ax];
        }
        outShape[ax] = total;
        Tensor out = first.backend().allocate(outShape);
        int outer = Shapes.size(outShape, 0, ax);
        int inner = Shapes.size(outShape, ax + 1, rank);
        int pos = 0;
        int[] starts = new int[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            Tensor t = xs.get(i);
            int len = t.dim(ax);
            starts[i] = pos;
            first.backend().copyAxis(t, len, 0, out, total, pos, outer, len, inner);
            pos += len;
        }
        Tensor[] inputs = xs.toArray(new Tensor[0]);
        if (Tape.recording(inputs)) {
            final int totalLen = total;
            Tape.record(out, inputs, dy -> {
                Tensor[] gs = new Tensor[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    if (needsGrad(inputs[i])) {
                        gs[i] = sliceRaw(dy, ax, totalLen, starts[i], inputs[i].dim(ax));
                    }
                }
                return gs;
            });
        }
        return out;
    }

    /** Elements {@code [start, start + length)} along {@code axis}. */
    public static Tensor slice(Tensor x, int axis, int start, int length) {
        int ax = Shapes.normalizeAxis(axis, x.rank());
        int axisLen = x.dim(ax);
        if (start < 0 || length < 0 || start + length > axisLen) {
            throw new IllegalArgumentException("slice [" + start + ", " + (start + length) + ") is out of range"
                    + " for axis " + axis + " of shape " + Arrays.toString(x.shape()));
        }
        Tensor y = sliceRaw(x, ax, axisLen, start, length);
        if (Tape.recording(x)) {
            Tape.record(y, new Tensor[] {x}, dy -> {
                Tensor dx = zerosLike(x);
                int[] s = x.shape();
                dx.backend().copyAxis(dy, length, 0, dx, axisLen, start, Shapes.size(s, 0, ax), length,
                        Shapes.size(s, ax + 1, s.length));
                return new Tensor[] {dx};
            });
        }
        return y;
    }

    private static Tensor sliceRaw(Tensor x, int ax, int axisLen, int start, int length) {
        int[] s = x.shape();
        int[] outShape = s.clone();
        outShape[ax] = length;
        Tensor y = x.backend().allocate(outShape);
        x.backend().copyAxis(x, axisLen, start, y, length, 0, Shapes.size(s, 0, ax), length,
                Shapes.size(s, ax + 1, s.length));
        return y;
    }

    /** One-hot rows for class indices stored as floats (not differentiable). */
    public static Tensor oneHot(Tensor labels, int classes) {
        int[] s = labels.shape();
        int[] outShape = Arrays.copyOf(s, s.length + 1);
        outShape[s.length] = classes;
        Tensor out = labels.backend().allocate(outShape);
        labels.backend().oneHot(labels, classes, out);
        return out;
    }

    /** 1 for each row whose target class is among the k highest predictions (not differentiable). */
    public static Tensor inTopK(Tensor predictions, Tensor targets, int k) {
        Tensor out = predictions.backend().allocate(targets.size());
        predictions.backend().inTopK(predictions, targets, k, out);
        return out;
    }
}
