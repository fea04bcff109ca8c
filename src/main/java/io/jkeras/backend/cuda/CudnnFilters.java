package io.jkeras.backend.cuda;

import io.jkeras.backend.MemoryPool;
import io.jkeras.backend.Tensor;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Device copies of convolution kernels in cuDNN's NHWC filter order. Keras stores a Conv2D
 * kernel as (kh, kw, in, out), "RSCK"; cuDNN's NHWC filters are (out, kh, kw, in), "KRSC":
 * the same data as the (kh*kw*in, out) matrix transposed.
 *
 * <p>Why a cached copy: the Backend contract (and Keras's saved weights) fix the RSCK order,
 * and transposing on every call would cost a launch and a pass over the kernel in the
 * forward and again in the input gradient of every step. So each kernel tensor gets one
 * KRSC copy, transposed when first needed and again only after the kernel was written.
 *
 * <p>How a change of the weights is seen: weights change in place (optimizer updates,
 * {@code Variable.assign}, uploads), and every write the backend makes goes through one of
 * a few places (a kernel launch's output arguments, cuBLAS's C, a device copy, an upload, a
 * cuDNN output), each of which calls {@link #written}. A write anywhere in the pool block
 * of a cached kernel marks its copy stale: a block holds a tensor and all its views, so a
 * write through any view is caught, and fresh tensors never share a live tensor's block.
 * Copies are keyed by the Tensor object, not its address, so a new tensor that reuses a
 * closed one's memory never meets the old copy; copies of closed tensors go back to the
 * pool at the next lookup. A stale copy keeps its block and is rewritten in place, so steady
 * training makes no pool traffic here and the copy keeps its address (CUDA graphs).
 *
 * <p>The simplest correct alternative, a transpose in every call, would need no bookkeeping
 * but costs a launch per forward and per input gradient; storing conv weights as KRSC would
 * change what layers, saved models and the CPU see.
 */
final class CudnnFilters implements AutoCloseable {
    private static final class Entry {
        final long blockStart;
        final long blockEnd;
        final long bytes;
        final MemoryPool.Block copy;
        boolean fresh;

        Entry(long blockStart, long blockEnd, long bytes, MemoryPool.Block copy) {
            this.blockStart = blockStart;
            this.blockEnd = blockEnd;
            this.bytes = bytes;
            this.copy = copy;
        }
    }

    private final CudaBackend be;
    private final MemoryPool pool;
    private final Map<Tensor, Entry> entries = new IdentityHashMap<>();
    /** Read without the lock on every write the backend makes: 0 means nothing to check. */
    private volatile int count;
    private long transposes;
    private boolean closed;

    CudnnFilters(CudaBackend be, MemoryPool pool) {
        this.be = be;
        this.pool = pool;
    }

    /**
     * The device address of {@code kernel} (kh, kw, in, out) in KRSC order: the tensor itself
     * when one of the orders' two merged axes has length 1 (then they are the same bytes),
     * else its cached copy, transposed first if the kernel was written since.
     */
    synchronized long krsc(Tensor kernel) {
        if (closed) {
            throw new IllegalStateException("the cuDNN filter cache is closed");
        }
        sweep();
        int out = kernel.dim(3);
        int taps = kernel.size() / Math.max(1, out);
        if (out == 1 || taps == 1) {
            return kernel.address();
        }
        Entry e = entries.get(kernel);
        if (e == null) {
            long bytes = 4L * kernel.size();
            MemoryPool.Block block = kernel.block();
            e = new Entry(block.address(), block.address() + block.size(), bytes,
                    pool.allocate(bytes, CudaBackend.STREAM));
            entries.put(kernel, e);
            count = entries.size();
        }
        if (!e.fresh) {
            be.transpose2d(kernel.address(), e.copy.address(), taps, out);
            transposes++;
            e.fresh = true;
        }
        return e.copy.address();
    }

    /** The backend wrote device memory starting at {@code address}: copies of kernels in that block are stale. */
    void written(long address) {
        if (count == 0) {
            return;
        }
        synchronized (this) {
            for (Entry e : entries.values()) {
                if (address >= e.blockStart && address < e.blockEnd) {
                    e.fresh = false;
                }
            }
        }
    }

    /** Every address a launch is about to write. */
    void written(KernelArgs args) {
        if (count == 0) {
            return;
        }
        for (int i = 0; i < args.writtenCount(); i++) {
            written(args.writtenAddress(i));
        }
    }

    /** Gives back the copies of closed kernels. */
    private void sweep() {
        Iterator<Map.Entry<Tensor, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Tensor, Entry> m = it.next();
            if (m.getKey().isClosed()) {
                pool.free(m.getValue().copy);
                it.remove();
            }
        }
        count = entries.size();
    }

    /** Kernels with a copy now (closed ones included until the next lookup). */
    synchronized int size() {
        return entries.size();
    }

    /** Transposes made so far: once per kernel and per change of its values. */
    synchronized long transposes() {
        return transposes;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Entry e : entries.values()) {
            pool.free(e.copy);
        }
        entries.clear();
        count = 0;
    }
}
