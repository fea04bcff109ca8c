package io.jkeras.backend.cuda;

import static io.jkeras.backend.cuda.CudaErrors.check;
import static org.bytedeco.cuda.global.cudart.cudaEventCreateWithFlags;
import static org.bytedeco.cuda.global.cudart.cudaEventDestroy;
import static org.bytedeco.cuda.global.cudart.cudaEventDisableTiming;
import static org.bytedeco.cuda.global.cudart.cudaEventRecord;
import static org.bytedeco.cuda.global.cudart.cudaEventSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaFreeHost;
import static org.bytedeco.cuda.global.cudart.cudaHostAlloc;
import static org.bytedeco.cuda.global.cudart.cudaHostAllocDefault;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;

import io.jkeras.backend.TransferStats;
import java.nio.FloatBuffer;
import org.bytedeco.cuda.cudart.CUevent_st;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Host-device copies through page-locked staging buffers, the only host memory a copy can
 * run asynchronously from (Java arrays cannot be read by the DMA engine at all).
 *
 * <p>Two staging buffers take turns: an upload fills one from the Java array, queues the
 * copy on the stream and records an event, and returns; the next upload fills the other
 * while the first copy runs, and a buffer is refilled only after its event has passed.
 * Buffers are allocated on demand (cudaHostAlloc costs 50-500 us, so they are kept and
 * reused), grown to the largest copy seen up to {@link #MAX_STAGING_BYTES}; longer copies go
 * through in pieces. A download queues its copy, waits for the stream (and so for every
 * kernel before it), and copies out.
 */
final class CudaTransfers implements AutoCloseable {
    /** The most one staging buffer grows to (16 MiB); larger copies go in pieces of this. */
    static final long MAX_STAGING_BYTES = 16L << 20;
    private static final int MAX_STAGING_FLOATS = (int) (MAX_STAGING_BYTES / 4);
    /** The least a staging buffer is made (64 KiB), so scalars and small batches never regrow it. */
    private static final long MIN_STAGING_BYTES = 64L << 10;

    private final CudaDevice device;
    private final Staging[] ring = {new Staging(), new Staging()};
    private int next;
    private long uploads;
    private long uploadBytes;
    private long downloads;
    private long downloadBytes;

    CudaTransfers(CudaDevice device) {
        this.device = device;
    }

    /** Queues the copy of {@code src[offset, offset + n)} to device address {@code dst}. */
    synchronized void upload(float[] src, int offset, long dst, int n) {
        device.enter();
        for (int done = 0; done < n; ) {
            int len = Math.min(n - done, MAX_STAGING_FLOATS);
            Staging s = ring[next];
            next = 1 - next;
            s.await();
            s.reserve(4L * len);
            s.floats.clear();
            s.floats.put(src, offset + done, len);
            check(cudaMemcpyAsync(new DevicePointer(dst + 4L * done), s.host, 4L * len, cudaMemcpyHostToDevice,
                    device.stream()), "cudaMemcpyAsync");
            s.queued();
            done += len;
        }
        uploads++;
        uploadBytes += 4L * n;
    }

    /** Copies {@code n} floats from device address {@code src} to {@code dst[offset..]}, after all queued work. */
    synchronized void download(long src, float[] dst, int offset, int n) {
        device.enter();
        for (int done = 0; done < n; ) {
            int len = Math.min(n - done, MAX_STAGING_FLOATS);
            Staging s = ring[0];
            s.await();
            s.reserve(4L * len);
            check(cudaMemcpyAsync(s.host, new DevicePointer(src + 4L * done), 4L * len, cudaMemcpyDeviceToHost,
                    device.stream()), "cudaMemcpyAsync");
            check(cudaStreamSynchronize(device.stream()), "cudaStreamSynchronize");
            ring[1].pending = false; // the stream is idle: its copies are done too
            s.floats.clear();
            s.floats.get(dst, offset + done, len);
            done += len;
        }
        if (n == 0) {
            check(cudaStreamSynchronize(device.stream()), "cudaStreamSynchronize");
        }
        downloads++;
        downloadBytes += 4L * n;
    }

    synchronized TransferStats stats() {
        return new TransferStats(uploads, uploadBytes, downloads, downloadBytes);
    }

    @Override
    public synchronized void close() {
        device.enter();
        for (Staging s : ring) {
            s.free();
        }
    }

    /** One page-locked buffer, with the event that marks the end of the last copy from it. */
    private final class Staging {
        Pointer host;
        long bytes;
        FloatBuffer floats;
        CUevent_st event;
        boolean pending;

        /** Waits until the copy last queued from this buffer is done. */
        void await() {
            if (pending) {
                check(cudaEventSynchronize(event), "cudaEventSynchronize");
                pending = false;
            }
        }

        /** Makes the buffer hold at least {@code need} bytes; only called when it is idle. */
        void reserve(long need) {
            if (bytes >= need) {
                return;
            }
            // the next power of two, so a few growths reach the steady size (need <= the maximum)
            long size = Math.min(MAX_STAGING_BYTES, Math.max(MIN_STAGING_BYTES, Long.highestOneBit(need - 1) << 1));
            if (host != null) {
                check(cudaFreeHost(host), "cudaFreeHost");
                host = null;
                floats = null;
                bytes = 0;
            }
            Pointer p = new Pointer();
            check(cudaHostAlloc(p, size, cudaHostAllocDefault), "cudaHostAlloc");
            host = p;
            bytes = size;
            // a view of the pinned block; the FloatPointer holds no deallocator, host stays ours
            floats = new FloatPointer(p).capacity(size / 4).asBuffer();
            if (event == null) {
                event = new CUevent_st();
                check(cudaEventCreateWithFlags(event, cudaEventDisableTiming), "cudaEventCreateWithFlags");
            }
        }

        void queued() {
            check(cudaEventRecord(event, device.stream()), "cudaEventRecord");
            pending = true;
        }

        void free() {
            if (event != null) {
                await();
                check(cudaEventDestroy(event), "cudaEventDestroy");
                event.setNull();
                event = null;
            }
            if (host != null) {
                check(cudaFreeHost(host), "cudaFreeHost");
                host = null;
                floats = null;
                bytes = 0;
            }
        }
    }
}
