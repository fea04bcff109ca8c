package io.jkeras.backend.cuda;

import io.jkeras.backend.BinaryOp;
import io.jkeras.backend.ReduceOp;
import io.jkeras.backend.UnaryOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The Java mirror of {@code native/include/jkeras_kernels.h}: every kernel's name and the
 * kinds of its arguments, in order, and from them the packed argument layout the driver
 * reads ({@code cuLaunchKernel}'s {@code extra} form): each argument at the next offset
 * aligned to its own alignment, as a C compiler lays out a struct, and the block size
 * without tail padding (the driver wants exactly the end of the last parameter).
 *
 * <p>This is the only place in Java that knows the signatures. A wrong width here is never
 * detected by the driver (the kernel reads garbage), so {@code CudaKernelsAbiTest} parses the
 * header and compares it with this table, and {@link CudaModule} compares it with the
 * parameter offsets the loaded fatbin reports where the driver can tell. Nothing here
 * touches a CUDA class.
 */
final class CudaKernels {
    /** {@code JK_KERNELS_VERSION}: the fatbin must report this from {@link #KERNELS_VERSION}. */
    static final int VERSION = 1;
    /** {@code JK_MAX_RANK}: axes of the broadcast and transpose structs. */
    static final int MAX_RANK = 6;

    /** What one kernel argument is, with its C type, size and alignment in bytes. */
    enum Arg {
        /** {@code const float*}: a tensor the kernel only reads. */
        IN("const float*", 8, 8),
        /** {@code float*}: a tensor the kernel writes (and may read). */
        OUT("float*", 8, 8),
        /** {@code int*}. */
        INT_OUT("int*", 8, 8),
        INT("int", 4, 4),
        FLOAT("float", 4, 4),
        /** {@code long long}: element counts. */
        LONG_LONG("long long", 8, 8),
        /** {@code unsigned long long}: random seeds. */
        ULONG_LONG("unsigned long long", 8, 8),
        /** {@code jk_broadcast}: rank, dims[6], a_strides[6], b_strides[6], all int. */
        BROADCAST("jk_broadcast", 4 * (1 + 3 * MAX_RANK), 4),
        /** {@code jk_transpose}: rank, in_dims[6], perm[6], all int. */
        TRANSPOSE("jk_transpose", 4 * (1 + 2 * MAX_RANK), 4),
        /** {@code jk_conv2d}: the 15 ints of {@link io.jkeras.backend.Conv2DGeometry}, in its order. */
        CONV2D("jk_conv2d", 4 * 15, 4);

        final String cType;
        final int size;
        final int align;

        Arg(String cType, int size, int align) {
            this.cType = cType;
            this.size = size;
            this.align = align;
        }
    }

    /** One kernel: its name in the fatbin, its arguments and their packed offsets. */
    static final class Kernel {
        final int id;
        final String name;
        final Arg[] args;
        final int[] offsets;
        /** Bytes of the packed argument block: the end of the last argument. */
        final int size;

        private Kernel(int id, String name, Arg[] args) {
            this.id = id;
            this.name = name;
            this.args = args;
            this.offsets = new int[args.length];
            int off = 0;
            for (int i = 0; i < args.length; i++) {
                off = align(off, args[i].align);
                offsets[i] = off;
                off += args[i].size;
            }
            this.size = off;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Kernel> ALL = new ArrayList<>();

    private static final Arg IN = Arg.IN;
    private static final Arg OUT = Arg.OUT;
    private static final Arg INT = Arg.INT;
    private static final Arg FLOAT = Arg.FLOAT;
    private static final Arg LL = Arg.LONG_LONG;

    // ---- elementwise: one pair per UnaryOp and per BinaryOp, named after the enum constant
    static final Kernel[] UNARY_FORWARD = new Kernel[UnaryOp.values().length];
    static final Kernel[] UNARY_BACKWARD = new Kernel[UnaryOp.values().length];
    static final Kernel[] BINARY = new Kernel[BinaryOp.values().length];
    static final Kernel[] BINARY_SCALAR = new Kernel[BinaryOp.values().length];

    static {
        for (UnaryOp op : UnaryOp.values()) {
            String base = lower(op);
            UNARY_FORWARD[op.ordinal()] = add(base + "_forward_kernel", IN, OUT, FLOAT, LL);
            UNARY_BACKWARD[op.ordinal()] = add(base + "_backward_kernel", IN, IN, IN, OUT, FLOAT, LL);
        }
        for (BinaryOp op : BinaryOp.values()) {
            String base = lower(op);
            BINARY[op.ordinal()] = add(base + "_binary_kernel", IN, IN, OUT, LL, Arg.BROADCAST);
            BINARY_SCALAR[op.ordinal()] = add(base + "_scalar_kernel", IN, FLOAT, INT, OUT, LL);
        }
    }

    static final Kernel FILL = add("fill_kernel", OUT, FLOAT, LL);
    static final Kernel CLIP = add("clip_kernel", IN, FLOAT, FLOAT, OUT, LL);
    static final Kernel AFFINE = add("affine_kernel", IN, FLOAT, FLOAT, OUT, LL);
    static final Kernel WHERE = add("where_kernel", IN, IN, IN, OUT, LL);
    static final Kernel BROADCAST_TO = add("broadcast_kernel", IN, OUT, LL, Arg.BROADCAST);

    // ---- reductions of (outer, len, inner): one block per output
    static final Kernel[] REDUCE = new Kernel[ReduceOp.values().length];

    static {
        for (ReduceOp op : ReduceOp.values()) {
            REDUCE[op.ordinal()] = add("reduce_" + lower(op) + "_kernel", IN, OUT, INT, INT, INT);
        }
    }

    // ---- layout
    static final Kernel TRANSPOSE = add("transpose_kernel", IN, OUT, LL, Arg.TRANSPOSE);
    static final Kernel COPY_AXIS = add("copy_axis_kernel", IN, INT, INT, OUT, INT, INT, INT, INT, INT);
    static final Kernel ONE_HOT = add("one_hot_kernel", IN, OUT, INT, INT);
    static final Kernel IN_TOP_K = add("in_top_k_kernel", IN, IN, OUT, INT, INT, INT);

    // ---- softmax over the last axis: one block per row
    static final Kernel SOFTMAX_FORWARD = add("softmax_forward_kernel", IN, OUT, INT, INT);
    static final Kernel SOFTMAX_BACKWARD = add("softmax_backward_kernel", IN, IN, OUT, INT, INT);
    static final Kernel LOG_SOFTMAX_FORWARD = add("log_softmax_forward_kernel", IN, OUT, INT, INT);
    static final Kernel LOG_SOFTMAX_BACKWARD = add("log_softmax_backward_kernel", IN, IN, OUT, INT, INT);

    // ---- convolution helpers and pooling
    static final Kernel IM2COL = add("im2col_kernel", IN, OUT, Arg.CONV2D, INT, INT);
    static final Kernel COL2IM = add("col2im_kernel", IN, OUT, Arg.CONV2D, INT, INT);
    static final Kernel MAX_POOL_FORWARD = add("max_pool2d_forward_kernel", IN, OUT, Arg.CONV2D);
    static final Kernel MAX_POOL_BACKWARD = add("max_pool2d_backward_kernel", IN, IN, IN, OUT, Arg.CONV2D);
    static final Kernel AVG_POOL_FORWARD = add("avg_pool2d_forward_kernel", IN, OUT, Arg.CONV2D);
    static final Kernel AVG_POOL_BACKWARD = add("avg_pool2d_backward_kernel", IN, OUT, Arg.CONV2D);

    // ---- batch normalisation of (rows, channels)
    static final Kernel BATCHNORM_STATS = add("batchnorm_stats_kernel", IN, OUT, OUT, INT, INT);
    static final Kernel BATCHNORM_FORWARD = add("batchnorm_forward_kernel", IN, IN, IN, IN, IN, FLOAT, OUT, INT,
            INT);
    static final Kernel BATCHNORM_BACKWARD_REDUCE = add("batchnorm_backward_reduce_kernel", IN, IN, IN, IN, FLOAT,
            OUT, OUT, INT, INT);
    static final Kernel BATCHNORM_BACKWARD = add("batchnorm_backward_kernel", IN, IN, IN, IN, FLOAT, IN, IN, IN, OUT,
            INT, INT);

    static final Kernel DROPOUT = add("dropout_forward_kernel", IN, OUT, FLOAT, Arg.ULONG_LONG, LL);

    // ---- optimizer updates, state in place (the parameter and every slot are OUT)
    static final Kernel SGD = add("sgd_update_kernel", OUT, IN, FLOAT, LL);
    static final Kernel SGD_MOMENTUM = add("sgd_momentum_update_kernel", OUT, IN, OUT, FLOAT, FLOAT, INT, LL);
    static final Kernel RMSPROP = add("rmsprop_update_kernel", OUT, IN, OUT, FLOAT, FLOAT, FLOAT, LL);
    static final Kernel ADAGRAD = add("adagrad_update_kernel", OUT, IN, OUT, FLOAT, FLOAT, LL);
    static final Kernel ADADELTA = add("adadelta_update_kernel", OUT, IN, OUT, OUT, FLOAT, FLOAT, FLOAT, LL);
    static final Kernel ADAM = add("adam_update_kernel", OUT, IN, OUT, OUT, FLOAT, FLOAT, FLOAT, FLOAT, LL);
    static final Kernel ADAM_AMSGRAD = add("adam_amsgrad_update_kernel", OUT, IN, OUT, OUT, OUT, FLOAT, FLOAT, FLOAT,
            FLOAT, LL);
    static final Kernel ADAMAX = add("adamax_update_kernel", OUT, IN, OUT, OUT, FLOAT, FLOAT, FLOAT, FLOAT, LL);
    static final Kernel NADAM = add("nadam_update_kernel", OUT, IN, OUT, OUT, FLOAT, FLOAT, FLOAT, FLOAT, FLOAT, FLOAT,
            FLOAT, FLOAT, FLOAT, LL);

    static final Kernel KERNELS_VERSION = add("kernels_version_kernel", Arg.INT_OUT);

    /** The largest packed argument block of any kernel. */
    static final int MAX_ARG_BYTES = maxSize();

    private CudaKernels() {
    }

    /** Every kernel, in declaration order (index = {@link Kernel#id}). */
    static List<Kernel> all() {
        return Collections.unmodifiableList(ALL);
    }

    static int align(int offset, int alignment) {
        return (offset + alignment - 1) / alignment * alignment;
    }

    private static Kernel add(String name, Arg... args) {
        Kernel k = new Kernel(ALL.size(), name, args);
        ALL.add(k);
        return k;
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static int maxSize() {
        int most = 0;
        for (Kernel k : ALL) {
            most = Math.max(most, k.size);
        }
        return most;
    }
}
