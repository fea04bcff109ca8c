package io.jkeras.backend.cuda;

import java.util.function.Function;

/**
 * What every cuDNN op family (convolution, pooling, batch normalisation) shares: the cuDNN
 * handle, whose lock its calls hold, its plans per shape, and a count of the cuDNN calls it
 * ran, which the parity tests read to tell a cuDNN run from the fallback.
 */
abstract class CudnnOp<K, P extends CudnnPlans.Plan> implements AutoCloseable {
    final Cudnn dnn;
    private final CudnnPlans<K, P> plans;
    private long calls;

    /** {@code family} names the op family in errors, e.g. "pooling". */
    CudnnOp(Cudnn dnn, String family) {
        this.dnn = dnn;
        this.plans = new CudnnPlans<>("cuDNN " + family + " of " + dnn.device().name());
    }

    /**
     * The plan of {@code key} on the current device, made by {@code make} the first time (null:
     * cuDNN cannot express it). The caller holds the handle's lock.
     */
    final P plan(K key, Function<K, P> make) {
        plans.checkOpen();
        dnn.checkOpen();
        dnn.device().enter();
        return plans.get(key, make);
    }

    /** The plan made for {@code key}, without making one (null: none, or cuDNN cannot run it). */
    final P planOf(K key) {
        synchronized (dnn) {
            return plans.peek(key);
        }
    }

    /** Counts one cuDNN call; the caller holds the handle's lock. */
    final void ran() {
        calls++;
    }

    /** The cuDNN calls this family ran (for tests). */
    final long calls() {
        synchronized (dnn) {
            return calls;
        }
    }

    @Override
    public final void close() {
        synchronized (dnn) {
            plans.close();
        }
    }
}
