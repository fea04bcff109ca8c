package io.jkeras.backend;

/**
 * Cross-stream ordering for the {@link MemoryPool}. A block freed after another stream used
 * it may be reused only when that stream has passed the point of the free; the backend
 * marks that point with an event. Backends with a single in-order queue (the CPU) have
 * nothing to wait for and use {@link #NONE}.
 */
public interface StreamEvents {

    /** Records a marker on {@code stream} at its current end of work. */
    Object record(int stream);

    /** @return true once all work before the marker is done */
    boolean isComplete(Object event);

    /** Gives the marker back to the backend. */
    void release(Object event);

    StreamEvents NONE = new StreamEvents() {
        @Override
        public Object record(int stream) {
            return Boolean.TRUE;
        }

        @Override
        public boolean isComplete(Object event) {
            return true;
        }

        @Override
        public void release(Object event) {
        }
    };
}
