package io.jkeras.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns the tensors made on this thread while it is open, and closes them when it closes:
 * the temporaries of a training step are freed in one place, never by the garbage
 * collector. Scopes nest; {@link #escape} hands a tensor to the enclosing scope (or to the
 * caller, when there is none). Tensors made with no scope open belong to their creator.
 */
public final class TensorScope implements AutoCloseable {
    private static final ThreadLocal<TensorScope> CURRENT = new ThreadLocal<>();

    private final TensorScope parent;
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    private TensorScope(TensorScope parent) {
        this.parent = parent;
    }

    public static TensorScope open() {
        TensorScope scope = new TensorScope(CURRENT.get());
        CURRENT.set(scope);
        return scope;
    }

    /**
     * Runs {@code body} with no scope open on this thread, so tensors it makes are owned by the
     * caller for as long as it likes: weights, optimizer slots, metric accumulators.
     */
    public static <T> T outside(java.util.function.Supplier<T> body) {
        TensorScope saved = CURRENT.get();
        CURRENT.remove();
        try {
            return body.get();
        } finally {
            if (saved != null) {
                CURRENT.set(saved);
            }
        }
    }

    static void register(Tensor t) {
        TensorScope scope = CURRENT.get();
        if (scope != null) {
            scope.owned.add(t);
        }
    }

    /** Moves {@code t} out of this scope into the enclosing one; returns it. */
    public <T extends Tensor> T escape(T t) {
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                owned.remove(i);
                if (parent != null) {
                    parent.owned.add(t);
                }
                return t;
            }
        }
        return t;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (CURRENT.get() != this) {
            throw new IllegalStateException("TensorScopes must be closed innermost first");
        }
        CURRENT.set(parent);
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
