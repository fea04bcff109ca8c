package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.Cudnn.check;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CONVOLUTION_FWD_ALGO_COUNT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_CROSS_CORRELATION;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DATA_FLOAT;
import static org.bytedeco.cuda.global.cudnn.CUDNN_DETERMINISTIC;
import static org.bytedeco.cuda.global.cudnn.CUDNN_FMA_MATH;
import static org.bytedeco.cuda.global.cudnn.CUDNN_TENSOR_NHWC;
import static org.bytedeco.cuda.global.cudnn.cudnnCreateConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnDestroyConvolutionDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionBackwardDataAlgorithmEx;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionBackwardFilterAlgorithmEx;
import static org.bytedeco.cuda.global.cudnn.cudnnFindConvolutionForwardAlgorithmEx;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolution2dForwardOutputDim;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardDataAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardDataWorkspaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardFilterAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionBackwardFilterWorkspaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionForwardAlgorithm_v7;
import static org.bytedeco.cuda.global.cudnn.cudnnGetConvolutionForwardWorkspaceSize;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolution2dDescriptor;
import static org.bytedeco.cuda.global.cudnn.cudnnSetConvolutionMathType;

import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.DeviceOutOfMemoryException;
import io.jkeras.backend.MemoryPool;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdDataAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionBwdFilterAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionFwdAlgoPerf_t;
import org.bytedeco.cuda.cudnn.cudnnConvolutionStruct;
import org.bytedeco.cuda.cudnn.cudnnFilterStruct;
import org.bytedeco.cuda.cudnn.cudnnTensorStruct;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * The cuDNN side of one convolution geometry: NHWC descriptors for x and y, a KRSC filter,
 * the convolution descriptor, and per direction (forward, input gradient, kernel gradient)
 * the algorithm, its math type and its workspace size, chosen once, at the first call in
 * that direction, and kept ({@link CudnnConv} caches one plan per geometry).
 *
 * <p>How an algorithm is chosen: by default cuDNN's heuristics
 * ({@code cudnnGetConvolution*Algorithm_v7}), which rank the algorithms without running
 * them: no synchronisation, no device memory, nothing written, the same choice on every
 * run of the same GPU and cuDNN (so runs are reproducible), and safe at any moment (a CUDA
 * graph capture, for one, forbids the timing runs). With benchmarking on
 * ({@link CudaBackend#CUDNN_ALGORITHMS_PROPERTY} = benchmark) {@code cudnnFind*AlgorithmEx}
 * times every algorithm once on our own buffers and a workspace from our pool, which finds
 * the fastest at the cost of a synchronising search per new shape, like
 * {@code torch.backends.cudnn.benchmark}. Either way the ranked list is walked the same: an
 * entry must have succeeded, use the math type asked for (no TF32 unless allowed) and need
 * at most {@link #WORKSPACE_LIMIT} bytes of workspace (asked again with
 * cudnnGet*WorkspaceSize, the heuristics' own figure being a guess); the first
 * deterministic one wins, so the same inputs give the same bits, else the first at all.
 *
 * <p>cuDNN's descriptors pad each axis by the same amount on both sides; TensorFlow's "same"
 * padding puts an odd padding pixel at the bottom and right. Those geometries (cuDNN's
 * output size differs from ours) are not {@link #usable} and stay on im2col + cuBLAS.
 */
final class CudnnConvPlan implements CudnnPlans.Plan {
    /** The most workspace one algorithm may use (256 MiB): fast algorithms, bounded memory. */
    static final long WORKSPACE_LIMIT = 256L << 20;

    /** One direction's choice: the algorithm, the math type it runs with, its workspace bytes. */
    record Choice(int algorithm, int mathType, long workspace, boolean deterministic) {
    }

    enum Direction {
        FORWARD, BACKWARD_DATA, BACKWARD_FILTER
    }

    final Conv2DGeometry g;
    final cudnnTensorStruct x;
    final cudnnTensorStruct y;
    final cudnnFilterStruct w;
    final cudnnConvolutionStruct conv = new cudnnConvolutionStruct();
    private final Cudnn dnn;
    private final Choice[] choices = new Choice[3];
    private int currentMath;
    private boolean closed;

    /** Whether cuDNN's legacy descriptors can express {@code g} with the output size we compute. */
    static boolean expressible(Conv2DGeometry g) {
        return g.batch() > 0 && g.outH() > 0 && g.outW() > 0 && g.inChannels() > 0 && g.outChannels() > 0
                && cudnnOutput(g.inH(), g.padTop(), (g.kernelH() - 1) * g.dilationH() + 1, g.strideH()) == g.outH()
                && cudnnOutput(g.inW(), g.padLeft(), (g.kernelW() - 1) * g.dilationW() + 1, g.strideW()) == g.outW();
    }

    /** cuDNN's output size of one axis with {@code pad} on both sides: {@code 1 + (in + 2 pad - window) / stride}. */
    static int cudnnOutput(int in, int pad, int window, int stride) {
        int span = in + 2 * pad - window;
        return span < 0 ? 0 : 1 + span / stride;
    }

    CudnnConvPlan(Cudnn dnn, Conv2DGeometry g) {
        this.dnn = dnn;
        this.g = g;
        cudnnTensorStruct xd = null;
        cudnnTensorStruct yd = null;
        cudnnFilterStruct wd = null;
        try {
            xd = Cudnn.tensorNhwc(g.batch(), g.inChannels(), g.inH(), g.inW());
            yd = Cudnn.tensorNhwc(g.batch(), g.outChannels(), g.outH(), g.outW());
            wd = Cudnn.filter(CUDNN_TENSOR_NHWC, g.outChannels(), g.inChannels(), g.kernelH(), g.kernelW());
            check(cudnnCreateConvolutionDescriptor(conv), "cudnnCreateConvolutionDescriptor");
            check(cudnnSetConvolution2dDescriptor(conv, g.padTop(), g.padLeft(), g.strideH(), g.strideW(),
                    g.dilationH(), g.dilationW(), CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT),
                    "cudnnSetConvolution2dDescriptor");
            currentMath = dnn.mathType();
            check(cudnnSetConvolutionMathType(conv, currentMath), "cudnnSetConvolutionMathType");
            int[] n = {0};
            int[] c = {0};
            int[] h = {0};
            int[] wo = {0};
            check(cudnnGetConvolution2dForwardOutputDim(conv, xd, wd, n, c, h, wo),
                    "cudnnGetConvolution2dForwardOutputDim");
            if (n[0] != g.batch() || c[0] != g.outChannels() || h[0] != g.outH() || wo[0] != g.outW()) {
                throw new IllegalStateException("cuDNN computes an output of (" + n[0] + ", " + h[0] + ", " + wo[0]
                        + ", " + c[0] + ") for " + g + ", jkeras (" + g.batch() + ", " + g.outH() + ", " + g.outW()
                        + ", " + g.outChannels() + ")");
            }
        } catch (RuntimeException e) {
            Cudnn.destroy(xd);
            Cudnn.destroy(yd);
            Cudnn.destroy(wd);
            if (!conv.isNull()) {
                cudnnDestroyConvolutionDescriptor(conv);
                conv.setNull();
            }
            throw e;
        }
        x = xd;
        y = yd;
        w = wd;
    }

    /** The choice for {@code d}, or null before the first call in that direction. */
    Choice choice(Direction d) {
        return choices[d.ordinal()];
    }

    /** From now on {@code d} runs on im2col + cuBLAS: cuDNN refused to run the algorithm it offered. */
    void markNoAlgorithm(Direction d) {
        choices[d.ordinal()] = NONE;
    }

    /** Whether {@code d} was searched and no algorithm fits (it then runs on im2col + cuBLAS). */
    boolean hasNoAlgorithm(Direction d) {
        return choices[d.ordinal()] == NONE;
    }

    /**
     * The choice for {@code d}, searched now if needed; the buffers are the call's own (the
     * benchmark search runs the algorithms on them, writing the output). Null when no
     * algorithm fits: then this direction runs on im2col + cuBLAS.
     */
    Choice choose(Direction d, long xAddr, long wAddr, long yAddr) {
        int i = d.ordinal();
        if (choices[i] == null) {
            Choice c = dnn.benchmark() ? find(d, xAddr, wAddr, yAddr) : heuristic(d);
            choices[i] = c == null ? NONE : c;
        }
        return choices[i] == NONE ? null : choices[i];
    }

    /** Marks a direction that has no algorithm. */
    private static final Choice NONE = new Choice(-1, -1, -1, false);

    /** Sets the descriptor's math type to {@code math} (a JNI call only when it changes). */
    void useMath(int math) {
        if (math != currentMath) {
            check(cudnnSetConvolutionMathType(conv, math), "cudnnSetConvolutionMathType");
            currentMath = math;
        }
    }

    // ---- the search ------------------------------------------------------------------------

    /** A ranked entry as both searches return it. */
    private record Ranked(int algorithm, int status, long memory, int determinism, int mathType) {
    }

    private Choice heuristic(Direction d) {
        int[] count = {0};
        Ranked[] ranked;
        switch (d) {
            case FORWARD -> {
                try (cudnnConvolutionFwdAlgoPerf_t p = new cudnnConvolutionFwdAlgoPerf_t(CUDNN_CONVOLUTION_FWD_ALGO_COUNT)) {
                    check(cudnnGetConvolutionForwardAlgorithm_v7(dnn.handle(), x, w, conv, y,
                            CUDNN_CONVOLUTION_FWD_ALGO_COUNT, count, p), "cudnnGetConvolutionForwardAlgorithm_v7");
                    ranked = ranked(p, count[0]);
                }
            }
            case BACKWARD_DATA -> {
                try (cudnnConvolutionBwdDataAlgoPerf_t p =
                             new cudnnConvolutionBwdDataAlgoPerf_t(CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT)) {
                    check(cudnnGetConvolutionBackwardDataAlgorithm_v7(dnn.handle(), w, y, conv, x,
                            CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, count, p),
                            "cudnnGetConvolutionBackwardDataAlgorithm_v7");
                    ranked = ranked(p, count[0]);
                }
            }
            default -> {
                try (cudnnConvolutionBwdFilterAlgoPerf_t p =
                             new cudnnConvolutionBwdFilterAlgoPerf_t(CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT)) {
                    check(cudnnGetConvolutionBackwardFilterAlgorithm_v7(dnn.handle(), x, y, conv, w,
                            CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, count, p),
                            "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
                    ranked = ranked(p, count[0]);
                }
            }
        }
        return pick(d, ranked);
    }

    /** Times the algorithms on the call's buffers, with a workspace of {@link #WORKSPACE_LIMIT} from the pool. */
    private Choice find(Direction d, long xAddr, long wAddr, long yAddr) {
        MemoryPool pool = dnn.pool();
        MemoryPool.Block ws;
        try {
            ws = pool.allocate(WORKSPACE_LIMIT, CudaBackend.STREAM);
        } catch (DeviceOutOfMemoryException e) {
            // no room to time the workspace-hungry algorithms: rank by the heuristics instead
            return heuristic(d);
        }
        try {
            int[] count = {0};
            DevicePointer wsp = new DevicePointer(ws.address());
            DevicePointer xp = new DevicePointer(xAddr);
            DevicePointer wp = new DevicePointer(wAddr);
            DevicePointer yp = new DevicePointer(yAddr);
            Ranked[] ranked;
            switch (d) {
                case FORWARD -> {
                    try (cudnnConvolutionFwdAlgoPerf_t p =
                                 new cudnnConvolutionFwdAlgoPerf_t(CUDNN_CONVOLUTION_FWD_ALGO_COUNT)) {
                        check(cudnnFindConvolutionForwardAlgorithmEx(dnn.handle(), x, xp, w, wp, conv, y, yp,
                                CUDNN_CONVOLUTION_FWD_ALGO_COUNT, count, p, wsp, WORKSPACE_LIMIT),
                                "cudnnFindConvolutionForwardAlgorithmEx");
                        ranked = ranked(p, count[0]);
                    }
                }
                case BACKWARD_DATA -> {
                    // here x is dx (written) and y is dy
                    try (cudnnConvolutionBwdDataAlgoPerf_t p =
                                 new cudnnConvolutionBwdDataAlgoPerf_t(CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT)) {
                        check(cudnnFindConvolutionBackwardDataAlgorithmEx(dnn.handle(), w, wp, y, yp, conv, x, xp,
                                CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT, count, p, wsp, WORKSPACE_LIMIT),
                                "cudnnFindConvolutionBackwardDataAlgorithmEx");
                        ranked = ranked(p, count[0]);
                    }
                }
                default -> {
                    // here w is dw (written) and y is dy
                    try (cudnnConvolutionBwdFilterAlgoPerf_t p =
                                 new cudnnConvolutionBwdFilterAlgoPerf_t(CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT)) {
                        check(cudnnFindConvolutionBackwardFilterAlgorithmEx(dnn.handle(), x, xp, y, yp, conv, w, wp,
                                CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT, count, p, wsp, WORKSPACE_LIMIT),
                                "cudnnFindConvolutionBackwardFilterAlgorithmEx");
                        ranked = ranked(p, count[0]);
                    }
                }
            }
            return pick(d, ranked);
        } finally {
            pool.free(ws);
        }
    }

    private static Ranked[] ranked(cudnnConvolutionFwdAlgoPerf_t p, int n) {
        Ranked[] r = new Ranked[n];
        for (int i = 0; i < n; i++) {
            cudnnConvolutionFwdAlgoPerf_t e = p.getPointer(i);
            r[i] = new Ranked(e.algo(), e.status(), e.memory(), e.determinism(), e.mathType());
        }
        return r;
    }

    private static Ranked[] ranked(cudnnConvolutionBwdDataAlgoPerf_t p, int n) {
        Ranked[] r = new Ranked[n];
        for (int i = 0; i < n; i++) {
            cudnnConvolutionBwdDataAlgoPerf_t e = p.getPointer(i);
            r[i] = new Ranked(e.algo(), e.status(), e.memory(), e.determinism(), e.mathType());
        }
        return r;
    }

    private static Ranked[] ranked(cudnnConvolutionBwdFilterAlgoPerf_t p, int n) {
        Ranked[] r = new Ranked[n];
        for (int i = 0; i < n; i++) {
            cudnnConvolutionBwdFilterAlgoPerf_t e = p.getPointer(i);
            r[i] = new Ranked(e.algo(), e.status(), e.memory(), e.determinism(), e.mathType());
        }
        return r;
    }

    /** The first deterministic entry that fits, else the first that fits, else null. */
    private Choice pick(Direction d, Ranked[] ranked) {
        Choice firstFit = null;
        for (Ranked r : ranked) {
            if (r.status != 0 || r.algorithm < 0 || (!dnn.tf32() && r.mathType != CUDNN_FMA_MATH)) {
                continue;
            }
            useMath(r.mathType);
            long bytes = workspace(d, r.algorithm);
            if (bytes < 0 || bytes > WORKSPACE_LIMIT) {
                continue;
            }
            Choice c = new Choice(r.algorithm, r.mathType, bytes, r.determinism == CUDNN_DETERMINISTIC);
            if (c.deterministic()) {
                return c;
            }
            if (firstFit == null) {
                firstFit = c;
            }
        }
        return firstFit;
    }

    /** cuDNN's workspace bytes for {@code algorithm} in direction {@code d}; -1 when it cannot run here. */
    private long workspace(Direction d, int algorithm) {
        try (SizeTPointer bytes = new SizeTPointer(1)) {
            int status = switch (d) {
                case FORWARD -> cudnnGetConvolutionForwardWorkspaceSize(dnn.handle(), x, w, conv, y, algorithm, bytes);
                case BACKWARD_DATA ->
                        cudnnGetConvolutionBackwardDataWorkspaceSize(dnn.handle(), w, y, conv, x, algorithm, bytes);
                case BACKWARD_FILTER ->
                        cudnnGetConvolutionBackwardFilterWorkspaceSize(dnn.handle(), x, y, conv, w, algorithm, bytes);
            };
            return status == 0 ? bytes.get() : -1;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cudnn.destroy(x);
        Cudnn.destroy(y);
        Cudnn.destroy(w);
        cudnnDestroyConvolutionDescriptor(conv);
        conv.setNull();
    }
}
