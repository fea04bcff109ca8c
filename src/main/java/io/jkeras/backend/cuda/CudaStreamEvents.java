package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cudaErrorNotReady;
import static org.bytedeco.cuda.global.cudart.cudaEventCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaEventDestroy;
import static org.bytedeco.cuda.global.cudart.cudaEventDisableTiming;
import static org.bytedeco.cuda.global.cudart.cudaEventQuery;
import static org.bytedeco.cuda.global.cudart.cudaEventRecord;

import io.jkeras.backend.StreamEvents;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.cuda.cudart.CUevent_st;

/**
 * The pool's cross-stream markers as CUDA events, created without timing (cheaper to record
 * and query) and recycled, so steady state creates none. The backend has one stream, number
 * 0; a block is only ever marked when another stream used it.
 */
final class CudaStreamEvents implements StreamEvents, AutoCloseable {
    private final CudaDevice device;
    private final ArrayDeque<CUevent_st> idle = new ArrayDeque<>();
    private final List<CUevent_st> created = new ArrayList<>();

    CudaStreamEvents(CudaDevice device) {
        this.device = device;
    }

    @Override
    public synchronized Object record(int stream) {
        if (stream != CudaBackend.STREAM) {
            throw new IllegalArgumentException("stream must be " + CudaBackend.STREAM
                    + " (the CUDA backend has one stream), got " + stream);
        }
        device.enter();
        CUevent_st event = idle.poll();
        if (event == null) {
            event = new CUevent_st();
            check(cudaEventCreateWithFlags(event, cudaEventDisableTiming), "cudaEventCreateWithFlags");
            created.add(event);
        }
        check(cudaEventRecord(event, device.stream()), "cudaEventRecord");
        return event;
    }

    @Override
    public boolean isComplete(Object event) {
        device.enter();
        int status = cudaEventQuery((CUevent_st) event);
        if (status == cudaErrorNotReady) {
            return false;
        }
        check(status, "cudaEventQuery");
        return true;
    }

    @Override
    public synchronized void release(Object event) {
        idle.add((CUevent_st) event);
    }

    @Override
    public synchronized void close() {
        device.enter();
        for (CUevent_st e : created) {
            check(cudaEventDestroy(e), "cudaEventDestroy");
            e.setNull();
        }
        created.clear();
        idle.clear();
    }
}
