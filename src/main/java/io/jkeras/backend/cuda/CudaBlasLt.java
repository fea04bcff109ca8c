package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_EPILOGUE_BGRADA;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_EPILOGUE_BIAS;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_EPILOGUE_DEFAULT;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_EPILOGUE_RELU;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_EPILOGUE_RELU_BIAS;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_MATMUL_DESC_BIAS_POINTER;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_MATMUL_DESC_EPILOGUE;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_MATMUL_DESC_TRANSA;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_MATMUL_DESC_TRANSB;
import static org.bytedeco.cuda.global.cublas.CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F;
import static org.bytedeco.cuda.global.cublas.CUBLAS_COMPUTE_32F_FAST_TF32;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_N;
import static org.bytedeco.cuda.global.cublas.CUBLAS_OP_T;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_ARCH_MISMATCH;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_INVALID_VALUE;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_NOT_SUPPORTED;
import static org.bytedeco.cuda.global.cublas.CUBLAS_STATUS_SUCCESS;
import static org.bytedeco.cuda.global.cublas.cublasLtCreate;
import static org.bytedeco.cuda.global.cublas.cublasLtDestroy;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmul;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulAlgoGetHeuristic;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulDescCreate;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulDescDestroy;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulDescSetAttribute;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulPreferenceCreate;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulPreferenceDestroy;
import static org.bytedeco.cuda.global.cublas.cublasLtMatmulPreferenceSetAttribute;
import static org.bytedeco.cuda.global.cublas.cublasLtMatrixLayoutCreate;
import static org.bytedeco.cuda.global.cublas.cublasLtMatrixLayoutDestroy;
import static org.bytedeco.cuda.global.cudart.CUDA_R_32F;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;

import io.jkeras.backend.MemoryPool;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cublas.cublasLtContext;
import org.bytedeco.cuda.cublas.cublasLtMatmulAlgo_t;
import org.bytedeco.cuda.cublas.cublasLtMatmulDescOpaque_t;
import org.bytedeco.cuda.cublas.cublasLtMatmulHeuristicResult_t;
import org.bytedeco.cuda.cublas.cublasLtMatmulPreferenceOpaque_t;
import org.bytedeco.cuda.cublas.cublasLtMatrixLayoutOpaque_t;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The GEMMs of a dense layer whose epilogue saves a pass over the output, on cuBLASLt: the
 * forward {@code z = x w + bias} with the bias added by the GEMM (BIAS) instead of
 * broadcast into z beforehand, and the weight gradient {@code dw = x^T dz} with the bias
 * gradient summed by the same GEMM (BGRADA) instead of by a reduction kernel. Everything
 * else stays on {@link CudaBlas}. Row-major through the transpose identity {@link CudaBlas}
 * documents: cuBLASLt computes the column-major transpose, every matrix packed.
 *
 * <p>Activations. At inference (z is the output) relu is the RELU_BIAS epilogue, but only
 * where that keeps NaN: cuBLASLt documents its relu as {@code max(x, 0)} and nothing about
 * NaN, and the CUTLASS epilogues it descends from use fmaxf, which turns NaN into 0; jkeras's
 * relu is Java's {@code Math.max(x, 0f)}, NaN for NaN (jk_max in
 * native/include/jkeras_device.cuh), so that a model whose weights went NaN predicts NaN on
 * every backend rather than finite numbers on one. Decided by measurement: the constructor
 * runs RELU_BIAS once on a NaN ({@link #reluKeepsNaN()}); where NaN does not come back, relu
 * is our kernel after the BIAS epilogue. (Zeros: max(-0, 0) may be either zero; they compare
 * equal.)
 *
 * <p>GELU: the GELU epilogues are never used. cuBLASLt computes the tanh approximation
 * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} there (PyTorch fuses them only
 * for {@code gelu(approximate='tanh')}), while jkeras's GELU (UnaryOp.GELU, jk_gelu) is the
 * exact {@code 0.5 x (1 + erf(x / sqrt 2))}, tf.keras's default ({@code approximate=False});
 * the two differ by up to 4.7e-4 (near x = -2.7), far above float32 rounding, and the CPU
 * would disagree.
 *
 * <p>Training. Under a tape the gradient needs the pre-activation, so the forward pass keeps
 * z (BIAS epilogue) and our kernel writes {@code y = activation(z)} beside it, rather than
 * RELU_AUX_BIAS's bit mask: that mask is only readable by the DRELU epilogues, which fuse
 * relu's derivative into the GEMM of the layer below (its dx GEMM), a fusion across two ops
 * that the tape, one gradient rule per op, does not make; and relu'(z) from z keeps the CPU's
 * convention at 0 and NaN. The mask would save (m, n) floats per dense layer of activation
 * memory, not a pass: dz = dy * relu'(z) is one elementwise kernel either way. The weight
 * gradient's bias sum is fused (BGRADA) because there it saves a whole reduction kernel.
 *
 * <p>Self-checks. The constructor also runs the weight-gradient GEMM once on numbers whose
 * bias gradient differs between BGRADA and BGRADB ({@link #weightGradientChecked()}): the
 * operand mapping below is then checked by the library itself, not only by its documentation;
 * a wrong value leaves the weight gradient unfused. A wrong relu or bias value disables
 * cuBLASLt here altogether.
 *
 * <p>Caching. A plan (operation descriptor, three layouts, the heuristic's algorithm) is made
 * once per (transposes, m, n, k, epilogue) and kept, so a steady-state call creates no
 * descriptor, allocates nothing native and makes two JNI calls (the bias pointer, the matmul).
 * Where cuBLASLt has no algorithm for a plan, or the matmul answers NOT_SUPPORTED, the plan
 * is kept as unusable and the caller runs the unfused path for that shape from then on.
 * Pointers must be 256-byte aligned, cuBLASLt's default assumption
 * (CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_*_BYTES); pool blocks are, a row view may not be, and
 * then the call is left to the unfused path.
 *
 * <p>Precision: CUBLAS_COMPUTE_32F, or CUBLAS_COMPUTE_32F_FAST_TF32 with the backend's tf32
 * flag, as {@link CudaBlas}. One handle bound to nothing (cuBLASLt takes the stream per call)
 * and a fixed workspace from the backend's pool, the size {@link CudaBlas} uses. Calls are
 * serialised. If the loaded cuBLASLt lacks an entry point used here (the bindings are for
 * 13.1, and calling a missing symbol kills the JVM, gpu-runtime-notes 1.5), or the relu
 * check computes a wrong value, nothing is fused: every method returns false.
 */
final class CudaBlasLt implements AutoCloseable {
    /** The cuBLASLt functions called here, checked with {@link Loader#addressof} before any is. */
    static final List<String> ENTRY_POINTS = List.of("cublasLtCreate", "cublasLtDestroy", "cublasLtMatmulDescCreate",
            "cublasLtMatmulDescDestroy", "cublasLtMatmulDescSetAttribute", "cublasLtMatrixLayoutCreate",
            "cublasLtMatrixLayoutDestroy", "cublasLtMatmulPreferenceCreate", "cublasLtMatmulPreferenceDestroy",
            "cublasLtMatmulPreferenceSetAttribute", "cublasLtMatmulAlgoGetHeuristic", "cublasLtMatmul");

    /** cuBLASLt's default minimum alignment of every matrix (and ours for the bias vector). */
    static final long ALIGNMENT = 256;

    /** What a plan is made for. */
    private record Key(boolean transA, boolean transB, int m, int n, int k, int epilogue) {
    }

    /** The descriptors and algorithm of one key; {@code usable} false: cuBLASLt cannot, use the unfused path. */
    private static final class Plan {
        cublasLtMatmulDescOpaque_t desc;
        cublasLtMatrixLayoutOpaque_t a;
        cublasLtMatrixLayoutOpaque_t b;
        cublasLtMatrixLayoutOpaque_t c;
        cublasLtMatmulHeuristicResult_t result;
        cublasLtMatmulAlgo_t algo;
        boolean usable;

        void release() {
            usable = false;
            if (desc != null) {
                cublasLtMatmulDescDestroy(desc);
                desc = null;
            }
            for (cublasLtMatrixLayoutOpaque_t l : new cublasLtMatrixLayoutOpaque_t[] {a, b, c}) {
                if (l != null) {
                    cublasLtMatrixLayoutDestroy(l);
                }
            }
            a = b = c = null;
            if (result != null) {
                result.close();
                result = null;
            }
            algo = null;
        }
    }

    private final CudaDevice device;
    private final MemoryPool pool;
    private final int computeType;
    private final Map<Key, Plan> plans = new HashMap<>();
    private final FloatPointer one = new FloatPointer(1);
    private final FloatPointer zero = new FloatPointer(1);
    private final IntPointer intCell = new IntPointer(1);
    private final LongPointer longCell = new LongPointer(1);
    private cublasLtContext handle;
    private cublasLtMatmulPreferenceOpaque_t preference;
    private MemoryPool.Block workspace;
    private DevicePointer workspacePointer;
    private long workspaceBytes;
    /** Null while cuBLASLt is in use, else why not. */
    private String disabled;
    private boolean reluKeepsNaN;
    private boolean weightGradientChecked;
    private long plansMade;
    private long fusedCalls;
    private boolean closed;

    CudaBlasLt(CudaDevice device, MemoryPool pool, int computeMajor, boolean tf32) {
        this.device = device;
        this.pool = pool;
        this.computeType = tf32 ? CUBLAS_COMPUTE_32F_FAST_TF32 : CUBLAS_COMPUTE_32F;
        one.put(0, 1f);
        zero.put(0, 0f);
        String missing = missingEntryPoint();
        if (missing != null) {
            disabled = "the loaded cuBLASLt has no " + missing;
            return;
        }
        try {
            device.enter();
            handle = new cublasLtContext();
            check(cublasLtCreate(handle), "cublasLtCreate");
            workspaceBytes = CudaBlas.workspaceBytes(computeMajor);
            workspace = pool.allocate(workspaceBytes, CudaBackend.STREAM);
            workspacePointer = new DevicePointer(workspace.address());
            try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
                check(cublasLtMatmulPreferenceCreate(out), "cublasLtMatmulPreferenceCreate");
                preference = new cublasLtMatmulPreferenceOpaque_t(out.get(0));
            }
            longCell.put(0, workspaceBytes);
            check(cublasLtMatmulPreferenceSetAttribute(preference, CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES, longCell,
                    8), "cublasLtMatmulPreferenceSetAttribute");
            probeRelu();
            if (disabled == null) {
                probeWeightGradient();
            }
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The first of {@link #ENTRY_POINTS} the loaded libraries lack, or null. */
    static String missingEntryPoint() {
        for (String name : ENTRY_POINTS) {
            if (Loader.addressof(name) == null) {
                return name;
            }
        }
        return null;
    }

    /**
     * Row-major {@code z = x w + bias}, then relu in place with {@code relu} (only where
     * {@link #reluKeepsNaN()}), for x (m, k), w (k, n), bias (n) or 0, z (m, n): device
     * addresses. False when cuBLASLt cannot; the caller then runs the unfused path.
     */
    synchronized boolean forward(int m, int n, int k, long x, long w, long bias, boolean relu, long z) {
        if (relu && !reluKeepsNaN) {
            throw new IllegalArgumentException("relu: the loaded cuBLASLt's relu epilogue turns NaN into 0");
        }
        return forwardEpilogue(m, n, k, x, w, bias, relu, z);
    }

    private boolean forwardEpilogue(int m, int n, int k, long x, long w, long bias, boolean relu, long z) {
        int epilogue = bias != 0 ? (relu ? CUBLASLT_EPILOGUE_RELU_BIAS : CUBLASLT_EPILOGUE_BIAS)
                : (relu ? CUBLASLT_EPILOGUE_RELU : CUBLASLT_EPILOGUE_DEFAULT);
        // column-major z^T (n, m) = w^T (n, k) x^T (k, m): A is w's buffer, B is x's, neither
        // transposed; the bias has one value per row of D (n), broadcast over its m columns
        return matmul(false, false, n, m, k, epilogue, w, x, bias, z);
    }

    /**
     * Row-major {@code dw = x^T dz} (k, n) and {@code db} (n), the column sums of dz, in one
     * GEMM, for x (m, k) and dz (m, n). False when cuBLASLt cannot, or the startup check of
     * this mapping failed ({@link #weightGradientChecked()}).
     *
     * <p>Which operand's bias gradient: cuBLASLt computes the column-major
     * {@code D = dw^T} (n, k), because a row-major (r, c) buffer is the column-major (c, r)
     * matrix; {@code dw^T = dz^T x}. dz's buffer (m, n) read column-major is dz^T (n, m)
     * itself: operand A, not transposed. x's buffer (m, k) read column-major is x^T (k, m),
     * whose transpose is wanted: operand B with TRANSB = T. The GEMM's M, N, K are n, k, m,
     * so the sum over the batch is the sum over K. {@code db[j] = sum_i dz[i][j] = sum_i A(j, i)}:
     * a sum over K of A's row j, one value per row of D. That is BGRADA ("bias gradient from
     * A, length rows of D, reduced over K", allowed with A not transposed, as here); BGRADB
     * would sum op(B) = x over the batch, one value per column of D, the wrong tensor.
     */
    synchronized boolean weightGradient(int m, int n, int k, long x, long dz, long dw, long db) {
        return weightGradientChecked && weightGradientEpilogue(m, n, k, x, dz, dw, db);
    }

    private boolean weightGradientEpilogue(int m, int n, int k, long x, long dz, long dw, long db) {
        return matmul(false, true, n, k, m, CUBLASLT_EPILOGUE_BGRADA, dz, x, db, dw);
    }

    /** Whether the startup check found BGRADA summing dz as {@link #weightGradient} expects; else it is unfused. */
    synchronized boolean weightGradientChecked() {
        return weightGradientChecked;
    }

    /** Whether the GEMMs may use TF32 tensor cores (CUBLAS_COMPUTE_32F_FAST_TF32). */
    boolean tf32() {
        return computeType == CUBLAS_COMPUTE_32F_FAST_TF32;
    }

    /** Whether the RELU epilogues keep NaN, as jkeras's relu; only then does {@link #forward} fuse relu. */
    synchronized boolean reluKeepsNaN() {
        return reluKeepsNaN;
    }

    /** Null while cuBLASLt is used, else why nothing is fused. */
    synchronized String disabledReason() {
        return disabled;
    }

    /** Plans made so far (each one heuristic query), usable or not. */
    synchronized long plansMade() {
        return plansMade;
    }

    /** Plans kept as unusable: their shapes take the unfused path. */
    synchronized long unusablePlans() {
        return plans.values().stream().filter(p -> !p.usable).count();
    }

    /** Matmuls cuBLASLt ran, the startup probe's included. */
    synchronized long fusedCalls() {
        return fusedCalls;
    }

    /**
     * Column-major {@code D = op(A) op(B)} (m, n) with {@code epilogue}, every matrix packed,
     * alpha 1 and beta 0 (C is D, never read). {@code bias} goes to BIAS_POINTER (the
     * epilogue reads or writes it). False, with nothing queued, where cuBLASLt cannot.
     */
    private boolean matmul(boolean transA, boolean transB, int m, int n, int k, int epilogue, long a, long b,
                           long bias, long d) {
        if (closed) {
            throw new IllegalStateException("The cuBLASLt handle of " + device.name() + " is closed");
        }
        // k = 0 is left to the unfused path (cuBLAS is not called there either)
        if (disabled != null || m == 0 || n == 0 || k == 0
                || !aligned(a) || !aligned(b) || !aligned(d) || (bias != 0 && !aligned(bias))) {
            return false;
        }
        Key key = new Key(transA, transB, m, n, k, epilogue);
        Plan plan = plans.get(key);
        device.enter();
        if (bias != 0) {
            setBias(plan == null ? null : plan.desc, bias);
        }
        if (plan == null) {
            plan = plan(key, bias);
            plans.put(key, plan);
        }
        if (!plan.usable) {
            return false;
        }
        int status = cublasLtMatmul(handle, plan.desc, one, new DevicePointer(a), plan.a, new DevicePointer(b), plan.b,
                zero, new DevicePointer(d), plan.c, new DevicePointer(d), plan.c, plan.algo, workspacePointer,
                workspaceBytes, device.stream());
        if (status == CUBLAS_STATUS_NOT_SUPPORTED || status == CUBLAS_STATUS_INVALID_VALUE
                || status == CUBLAS_STATUS_ARCH_MISMATCH) {
            // this configuration, not the device: nothing was queued; the shape goes unfused from now on
            plan.release();
            return false;
        }
        check(status, "cublasLtMatmul");
        fusedCalls++;
        return true;
    }

    /** Points the plan's BIAS_POINTER at {@code bias} (no plan yet: {@link #plan} does it). */
    private void setBias(cublasLtMatmulDescOpaque_t desc, long bias) {
        if (desc == null) {
            return;
        }
        // attribute values go by address: an 8-byte cell holding the device address (gpu-runtime-notes 4.1)
        longCell.put(0, bias);
        check(cublasLtMatmulDescSetAttribute(desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, longCell, 8),
                "cublasLtMatmulDescSetAttribute");
    }

    /**
     * A new plan for {@code key}; unusable (nothing kept) where any step fails or the
     * heuristic finds no algorithm within the workspace. The bias pointer is set before the
     * heuristic, which may look at it.
     */
    private Plan plan(Key key, long bias) {
        plansMade++;
        Plan p = new Plan();
        try (PointerPointer<Pointer> out = new PointerPointer<>(1)) {
            if (cublasLtMatmulDescCreate(out, computeType, CUDA_R_32F) != CUBLAS_STATUS_SUCCESS) {
                return p;
            }
            p.desc = new cublasLtMatmulDescOpaque_t(out.get(0));
            boolean ok = setInt(p.desc, CUBLASLT_MATMUL_DESC_TRANSA, key.transA ? CUBLAS_OP_T : CUBLAS_OP_N)
                    && setInt(p.desc, CUBLASLT_MATMUL_DESC_TRANSB, key.transB ? CUBLAS_OP_T : CUBLAS_OP_N)
                    && setInt(p.desc, CUBLASLT_MATMUL_DESC_EPILOGUE, key.epilogue);
            if (ok && bias != 0) {
                longCell.put(0, bias);
                ok = cublasLtMatmulDescSetAttribute(p.desc, CUBLASLT_MATMUL_DESC_BIAS_POINTER, longCell, 8)
                        == CUBLAS_STATUS_SUCCESS;
            }
            // A is op(A) (m, k) as stored: (k, m) when transposed; B likewise (k, n) or (n, k)
            p.a = ok ? layout(out, key.transA ? key.k : key.m, key.transA ? key.m : key.k) : null;
            p.b = p.a != null ? layout(out, key.transB ? key.n : key.k, key.transB ? key.k : key.n) : null;
            p.c = p.b != null ? layout(out, key.m, key.n) : null;
            if (p.c == null) {
                p.release();
                return p;
            }
            p.result = new cublasLtMatmulHeuristicResult_t();
            int[] count = {0};
            int status = cublasLtMatmulAlgoGetHeuristic(handle, p.desc, p.a, p.b, p.c, p.c, preference, 1, p.result,
                    count);
            if (status != CUBLAS_STATUS_SUCCESS || count[0] < 1 || p.result.state() != CUBLAS_STATUS_SUCCESS
                    || p.result.workspaceSize() > workspaceBytes) {
                p.release();
                return p;
            }
            // a view of the algorithm inside the result, which the plan keeps
            p.algo = p.result.algo();
            p.usable = true;
            return p;
        }
    }

    private boolean setInt(cublasLtMatmulDescOpaque_t desc, int attribute, int value) {
        intCell.put(0, value);
        return cublasLtMatmulDescSetAttribute(desc, attribute, intCell, 4) == CUBLAS_STATUS_SUCCESS;
    }

    /** A packed column-major float32 layout (leading dimension = rows); null where cuBLASLt refuses. */
    private static cublasLtMatrixLayoutOpaque_t layout(PointerPointer<Pointer> out, int rows, int cols) {
        if (cublasLtMatrixLayoutCreate(out, CUDA_R_32F, rows, cols, rows) != CUBLAS_STATUS_SUCCESS) {
            return null;
        }
        return new cublasLtMatrixLayoutOpaque_t(out.get(0));
    }

    private static boolean aligned(long address) {
        return (address & (ALIGNMENT - 1)) == 0;
    }

    /**
     * Runs {@code relu(x w + bias)} with the RELU_BIAS epilogue on x = (NaN, -3, 2), w = 2,
     * bias = 0.5, which must give (?, 0, 4.5): then {@link #reluKeepsNaN} is whether ? is NaN.
     * A wrong 0 or 4.5 means the fused path computes wrong values here: nothing is fused.
     * No algorithm for this shape: the relu epilogue stays unused. Every value is exact in
     * TF32 as in float32.
     */
    private void probeRelu() {
        float[] z = probe(new float[][] {{Float.NaN, -3f, 2f}, {2f}, {0.5f}}, 3,
                (in, out) -> forwardEpilogue(3, 1, 1, in[0], in[1], in[2], true, out));
        if (z == null) {
            return;
        }
        if (z[1] != 0f || z[2] != 4.5f) {
            disabled = "cuBLASLt's relu(x w + bias) of (-3, 2) * 2 + 0.5 gave (" + z[1] + ", " + z[2]
                    + "), not (0, 4.5)";
            return;
        }
        reluKeepsNaN = Float.isNaN(z[0]);
    }

    /**
     * Runs {@link #weightGradient}'s GEMM on x = (1, 2) (m = 2, k = 1) and dz = (3, 4) (n = 1):
     * dw must be 1 * 3 + 2 * 4 = 11 and db 3 + 4 = 7, where summing the other operand (x)
     * would give 3. Only then is the weight gradient fused.
     */
    private void probeWeightGradient() {
        float[] out = probe(new float[][] {{1f, 2f}, {3f, 4f}, {Float.NaN}}, 1,
                (in, dw) -> weightGradientEpilogue(2, 1, 1, in[0], in[1], dw, in[2]));
        if (out == null) {
            return;
        }
        weightGradientChecked = out[0] == 11f && out[1] == 7f;
    }

    /** A GEMM of {@link #probe} on device addresses: the inputs and the output; false when cuBLASLt cannot. */
    private interface ProbeCall {
        boolean run(long[] inputs, long output);
    }

    /**
     * Uploads {@code inputs} to aligned device slots, runs {@code call} with them and an output
     * slot, and returns the first {@code outputs} floats of the output followed by the last
     * input's slot (where an epilogue writes its bias gradient); null where cuBLASLt could not.
     */
    private float[] probe(float[][] inputs, int outputs, ProbeCall call) {
        int slots = inputs.length + 1;
        int stride = (int) (ALIGNMENT / 4);
        MemoryPool.Block block = pool.allocate(slots * ALIGNMENT, CudaBackend.STREAM);
        try (FloatPointer host = new FloatPointer((long) slots * stride)) {
            long[] in = new long[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                in[i] = block.address() + i * ALIGNMENT;
                for (int j = 0; j < inputs[i].length; j++) {
                    host.put((long) i * stride + j, inputs[i][j]);
                }
            }
            long out = block.address() + inputs.length * ALIGNMENT;
            device.enter();
            check(cudaMemcpyAsync(new DevicePointer(block.address()), host, inputs.length * ALIGNMENT,
                    cudaMemcpyHostToDevice, device.stream()), "cudaMemcpyAsync");
            if (!call.run(in, out)) {
                return null;
            }
            check(cudaMemcpyAsync(host, new DevicePointer(block.address()), slots * ALIGNMENT,
                    cudaMemcpyDeviceToHost, device.stream()), "cudaMemcpyAsync");
            device.synchronize();
            float[] result = new float[outputs + 1];
            for (int j = 0; j < outputs; j++) {
                result[j] = host.get((long) inputs.length * stride + j);
            }
            result[outputs] = host.get((long) (inputs.length - 1) * stride);
            return result;
        } finally {
            device.synchronize();
            pool.free(block);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (handle != null) {
            device.enter();
        }
        for (Plan p : plans.values()) {
            p.release();
        }
        plans.clear();
        if (preference != null) {
            check(cublasLtMatmulPreferenceDestroy(preference), "cublasLtMatmulPreferenceDestroy");
            preference = null;
        }
        if (handle != null && !handle.isNull()) {
            check(cublasLtDestroy(handle), "cublasLtDestroy");
            handle.setNull();
        }
        if (workspace != null) {
            pool.free(workspace);
            workspace = null;
        }
        one.close();
        zero.close();
        intCell.close();
        longCell.close();
    }
}
