package io.jkeras.backend.cuda;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The descriptors one cuDNN op family made per shape, the most recently used kept (a model
 * has few shapes, but a data pipeline with ragged batches must not grow this without bound);
 * a key cuDNN cannot express is remembered as null so that it is not tried again. Callers hold
 * the cuDNN handle's lock.
 */
final class CudnnPlans<K, P extends CudnnPlans.Plan> implements AutoCloseable {
    /** Plans kept per op family: two per layer (whole and last partial batch) for a large model. */
    static final int MAX_PLANS = 256;

    /** What a plan holds: descriptors destroyed by {@link #close}, which throws nothing. */
    interface Plan extends AutoCloseable {
        @Override
        void close();
    }

    private final String what;
    private final Map<K, P> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, P> eldest) {
            if (size() <= MAX_PLANS) {
                return false;
            }
            if (eldest.getValue() != null) {
                eldest.getValue().close();
            }
            return true;
        }
    };
    private boolean closed;

    /** {@code what} names the family in the error after close, e.g. "cuDNN pooling of cuda:0". */
    CudnnPlans(String what) {
        this.what = what;
    }

    /** Throws once closed: a plan would be made over destroyed descriptors. */
    void checkOpen() {
        if (closed) {
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** The plan of {@code key}, made by {@code make} the first time (null: cuDNN cannot express it). */
    P get(K key, Function<K, P> make) {
        checkOpen();
        if (plans.containsKey(key)) {
            return plans.get(key);
        }
        P p = make.apply(key);
        plans.put(key, p);
        return p;
    }

    /** The plan made for {@code key}, without making one; null when none was made or cuDNN cannot express it. */
    P peek(K key) {
        return plans.get(key);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (P p : plans.values()) {
            if (p != null) {
                p.close();
            }
        }
        plans.clear();
    }
}
