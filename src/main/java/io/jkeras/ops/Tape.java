package io.jkeras.ops;

import io.jkeras.backend.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the ops of one forward pass so that {@link #gradient} can run their gradient rules
 * in reverse. Only ops with a tracked input are recorded: a tensor becomes tracked by
 * {@link #watch} (the weights) or by being the output of a recorded op, so the data batch and
 * anything computed from it alone cost nothing. One tape per thread may be active; gradient
 * rules run with recording paused.
 */
public final class Tape implements AutoCloseable {
    private static final ThreadLocal<Tape> ACTIVE = new ThreadLocal<>();

    /** The gradient rule of one op: given dy, the gradient for each input (null: none). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] grads(Tensor dy);
    }

    private record Entry(Tensor output, Tensor[] inputs, Backward backward) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private boolean paused;
    private boolean closed;

    private Tape() {
    }

    /** Starts recording on this thread. */
    public static Tape start() {
        if (ACTIVE.get() != null) {
            throw new IllegalStateException("A gradient tape is already recording on this thread");
        }
        Tape tape = new Tape();
        ACTIVE.set(tape);
        return tape;
    }

    /** Marks {@code t} as a source whose gradient can be asked for. */
    public void watch(Tensor t) {
        if (t.tapeIndex() >= 0) {
            return;
        }
        t.tapeIndex(entries.size());
        entries.add(new Entry(t, null, null));
    }

    /** True while a tape records on this thread (its gradient rules are not running). */
    public static boolean isRecording() {
        Tape tape = ACTIVE.get();
        return tape != null && !tape.paused;
    }

    /** True when an op on these inputs must be recorded. */
    static boolean recording(Tensor... inputs) {
        Tape tape = ACTIVE.get();
        if (tape == null || tape.paused) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t != null && t.tapeIndex() >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Records {@code output = op(inputs)}; call only when {@link #recording} said so. */
    static void record(Tensor output, Tensor[] inputs, Backward backward) {
        Tape tape = ACTIVE.get();
        output.tapeIndex(tape.entries.size());
        tape.entries.add(new Entry(output, inputs, backward));
    }

    /**
     * Gradients of {@code target} (seeded with {@code seed}, or ones when null) with respect to
     * each source; null for a source the target does not depend on. Intermediate gradients
     * are closed as soon as they have been propagated.
     */
    public Tensor[] gradient(Tensor target, Tensor seed, List<Tensor> sources) {
        if (target.tapeIndex() < 0) {
            throw new IllegalArgumentException("The target was not computed from any watched tensor");
        }
        paused = true;
        try {
            Tensor[] grads = new Tensor[entries.size()];
            grads[target.tapeIndex()] = seed != null ? seed : MathOps.onesLike(target);
            boolean[] keep = new boolean[entries.size()];
            for (Tensor s : sources) {
                if (s.tapeIndex() >= 0) {
                    keep[s.tapeIndex()] = true;
                }
            }
            for (int i = target.tapeIndex(); i >= 0; i--) {
                Tensor dy = grads[i];
                Entry e = entries.get(i);
                if (dy == null || e.backward == null) {
                    continue;
                }
                Tensor[] inGrads = e.backward.grads(dy);
                for (int j = 0; j < e.inputs.length; j++) {
                    Tensor in = e.inputs[j];
                    Tensor g = inGrads[j];
                    if (g == null) {
                        continue;
                    }
                    if (in == null || in.tapeIndex() < 0) {
                        if (g != dy) {
                            g.close();
                        }
                        continue;
                    }
                    // Each slot owns its tensor object; a rule that passes dy (or one tensor
                    // twice) on gets a view, so closing one slot never closes another's.
                    if (g == dy || occursBefore(inGrads, j, g)) {
                        g = g.reshape(g.shape());
                    }
                    int k = in.tapeIndex();
                    if (grads[k] == null) {
                        grads[k] = g;
                    } else {
                        Tensor sum = MathOps.add(grads[k], g);
                        grads[k].close();
                        g.close();
                        grads[k] = sum;
                    }
                }
                if (!keep[i]) {
                    if (dy != seed) {
                        dy.close();
                    }
                    grads[i] = null;
                }
            }
            Tensor[] out = new Tensor[sources.size()];
            for (int s = 0; s < out.length; s++) {
                int k = sources.get(s).tapeIndex();
                out[s] = k >= 0 ? grads[k] : null;
            }
            return out;
        } finally {
            paused = false;
        }
    }

    private static boolean occursBefore(Tensor[] a, int j, Tensor t) {
        for (int i = 0; i < j; i++) {
            if (a[i] == t) {
                return true;
            }
        }
        return false;
    }

    /** Stops recording and forgets every entry. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Entry e : entries) {
            e.output.tapeIndex(-1);
        }
        entries.clear();
        if (ACTIVE.get() == this) {
            ACTIVE.remove();
        }
    }

    /** Runs {@code body} with recording paused (for updates that must not be differentiated). */
    public static <T> T paused(java.util.function.Supplier<T> body) {
        Tape tape = ACTIVE.get();
        if (tape == null || tape.paused) {
            return body.get();
        }
        tape.paused = true;
        try {
            return body.get();
        } finally {
            tape.paused = false;
        }
    }
}
