package io.jkeras.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * A caching allocator over a device's raw allocator; the same code serves the CPU and CUDA.
 *
 * <p>Policy (after PyTorch's CUDACachingAllocator):
 * <ul>
 *   <li>Every request is rounded up to a multiple of {@link #MIN_BLOCK} bytes.</li>
 *   <li>Requests up to {@link #SMALL_SIZE} come from the small pool, whose segments are
 *       {@link #SMALL_SEGMENT} bytes; larger ones from the large pool: requests below
 *       {@link #MIN_LARGE_ALLOC} get a {@link #LARGE_SEGMENT} segment, bigger ones a segment
 *       rounded up to {@link #LARGE_ROUND}.</li>
 *   <li>A request takes the best-fitting cached block of its own pool and stream (smallest
 *       size, then lowest address, so the same sequence of requests always gets the same
 *       addresses: a step that ran once replays without raw allocations and can be captured
 *       in a CUDA graph). A larger block is split when the rest is worth keeping: at least
 *       {@link #MIN_BLOCK} in the small pool, more than {@link #SMALL_SIZE} in the large one.</li>
 *   <li>A freed block merges with free neighbours of its segment.</li>
 *   <li>Blocks belong to the stream they were allocated on and are reused only by it, which
 *       is safe without synchronisation because work on one stream runs in order. A block
 *       another stream used ({@link #recordStream}) returns to the cache only when the
 *       events recorded on those streams at free time have completed.</li>
 *   <li>When the raw allocator fails: release every cached whole segment and retry; then
 *       synchronise the device, release again and retry; then throw
 *       {@link DeviceOutOfMemoryException} with requested, in-use and reserved bytes.</li>
 * </ul>
 * All statistics change in {@link #countAllocated}, {@link #countFreed},
 * {@link #countSegment} and {@link #countSegmentFreed}, which also keep the peak.
 */
public final class MemoryPool implements AutoCloseable {

    /** Every block size is a multiple of this (bytes). */
    public static final long MIN_BLOCK = 512;
    /** Requests up to this size are served by the small pool (1 MiB). */
    public static final long SMALL_SIZE = 1L << 20;
    /** Segment size of the small pool (2 MiB). */
    public static final long SMALL_SEGMENT = 2L << 20;
    /** Segment size for large requests below {@link #MIN_LARGE_ALLOC} (20 MiB). */
    public static final long LARGE_SEGMENT = 20L << 20;
    /** Large requests from this size on get a segment of their own (10 MiB). */
    public static final long MIN_LARGE_ALLOC = 10L << 20;
    /** Own segments of large requests are rounded up to this (2 MiB). */
    public static final long LARGE_ROUND = 2L << 20;

    /** A piece of a segment, handed out by {@link #allocate} and given back by {@link #free}. */
    public static final class Block {
        private final Segment segment;
        private long address;
        private long size;
        private boolean allocated;
        private Block prev;
        private Block next;
        private List<Integer> foreignStreams;
        private List<Object> pendingEvents;

        private Block(Segment segment, long address, long size) {
            this.segment = segment;
            this.address = address;
            this.size = size;
        }

        public long address() {
            return address;
        }

        public long size() {
            return size;
        }

        public int stream() {
            return segment.stream;
        }

        /** The start address of the raw segment that holds this block. */
        public long segmentAddress() {
            return segment.address;
        }

        @Override
        public String toString() {
            return "Block[0x" + Long.toHexString(address) + ", " + size + " bytes, stream " + stream() + "]";
        }
    }

    private static final class Segment {
        final long address;
        final long size;
        final int stream;
        final boolean small;

        Segment(long address, long size, int stream, boolean small) {
            this.address = address;
            this.size = size;
            this.stream = stream;
            this.small = small;
        }
    }

    private static final Comparator<Block> ORDER = Comparator
            .comparingInt(Block::stream)
            .thenComparingLong(Block::size)
            .thenComparingLong(Block::address);

    private final RawAllocator raw;
    private final StreamEvents events;
    private final TreeSet<Block> smallFree = new TreeSet<>(ORDER);
    private final TreeSet<Block> largeFree = new TreeSet<>(ORDER);
    private final List<Block> awaitingEvents = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    private final Segment searchSegment = new Segment(0, 0, 0, false);

    private long bytesInUse;
    private long bytesReserved;
    private long peakBytesInUse;
    private long rawAllocations;
    private long rawFrees;
    private long allocRetries;
    private long outOfMemory;
    private boolean closed;

    public MemoryPool(RawAllocator raw, StreamEvents events) {
        this.raw = raw;
        this.events = events;
    }

    public MemoryPool(RawAllocator raw) {
        this(raw, StreamEvents.NONE);
    }

    /** A block of at least {@code bytes} bytes for use on {@code stream}. */
    public synchronized Block allocate(long bytes, int stream) {
        if (closed) {
            throw new IllegalStateException("The memory pool of " + raw.deviceName() + " is closed");
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        long size = roundSize(bytes);
        boolean small = size <= SMALL_SIZE;
        processEvents();
        Block block = findFree(size, stream, small);
        if (block == null) {
            block = newSegment(size, stream, small);
        }
        block.allocated = true;
        split(block, size, small);
        countAllocated(block.size);
        return block;
    }

    /** Gives a block back; it becomes reusable at once unless other streams still use it. */
    public synchronized void free(Block block) {
        if (!block.allocated) {
            throw new IllegalStateException("Double free of " + block);
        }
        block.allocated = false;
        countFreed(block.size);
        if (block.foreignStreams != null) {
            block.pendingEvents = new ArrayList<>(block.foreignStreams.size());
            for (int s : block.foreignStreams) {
                block.pendingEvents.add(events.record(s));
            }
            block.foreignStreams = null;
            awaitingEvents.add(block);
            return;
        }
        insertFree(block);
    }

    /** Marks that {@code stream} uses the block too, so its reuse waits for that stream's work. */
    public synchronized void recordStream(Block block, int stream) {
        if (stream == block.stream()) {
            return;
        }
        if (block.foreignStreams == null) {
            block.foreignStreams = new ArrayList<>(2);
        }
        if (!block.foreignStreams.contains(stream)) {
            block.foreignStreams.add(stream);
        }
    }

    /** Returns every cached whole segment to the raw allocator. */
    public synchronized void emptyCache() {
        processEvents();
        releaseCachedSegments();
    }

    public synchronized MemoryStats stats() {
        return new MemoryStats(bytesInUse, bytesReserved, peakBytesInUse, rawAllocations, rawFrees,
                allocRetries, outOfMemory);
    }

    public synchronized void resetPeak() {
        peakBytesInUse = bytesInUse;
    }

    public synchronized int segmentCount() {
        return segments.size();
    }

    /** Frees every segment, in use or not; the pool's blocks must not be touched afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        raw.synchronize();
        for (Block b : awaitingEvents) {
            for (Object e : b.pendingEvents) {
                events.release(e);
            }
        }
        awaitingEvents.clear();
        for (Segment s : segments) {
            raw.free(s.address, s.size);
            countSegmentFreed(s.size);
        }
        segments.clear();
        smallFree.clear();
        largeFree.clear();
        bytesInUse = 0;
        closed = true;
    }

    static long roundSize(long bytes) {
        if (bytes < MIN_BLOCK) {
            return MIN_BLOCK;
        }
        return (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
    }

    static long segmentSize(long size) {
        if (size <= SMALL_SIZE) {
            return SMALL_SEGMENT;
        }
        if (size < MIN_LARGE_ALLOC) {
            return LARGE_SEGMENT;
        }
        return (size + LARGE_ROUND - 1) / LARGE_ROUND * LARGE_ROUND;
    }

    private Block findFree(long size, int stream, boolean small) {
        TreeSet<Block> pool = small ? smallFree : largeFree;
        Block key = searchKey(stream, size);
        Block found = pool.ceiling(key);
        if (found == null || found.stream() != stream) {
            return null;
        }
        pool.remove(found);
        return found;
    }

    private Block searchKey(int stream, long size) {
        Segment s = stream == searchSegment.stream ? searchSegment : new Segment(0, 0, stream, false);
        Block key = new Block(s, 0, size);
        key.address = Long.MIN_VALUE;
        return key;
    }

    private Block newSegment(long size, int stream, boolean small) {
        long segSize = segmentSize(size);
        long address = raw.allocate(segSize);
        if (address == 0) {
            releaseCachedSegments();
            address = raw.allocate(segSize);
            if (address == 0) {
                raw.synchronize();
                processEvents();
                releaseCachedSegments();
                address = raw.allocate(segSize);
            }
            if (address == 0) {
                outOfMemory++;
                throw new DeviceOutOfMemoryException(outOfMemoryMessage(size, segSize));
            }
            allocRetries++;
        }
        Segment segment = new Segment(address, segSize, stream, small);
        segments.add(segment);
        countSegment(segSize);
        return new Block(segment, address, segSize);
    }

    /** Cuts the rest of an allocated block off as a free block, when it is worth keeping. */
    private void split(Block block, long size, boolean small) {
        long rest = block.size - size;
        boolean worthIt = small ? rest >= MIN_BLOCK : rest > SMALL_SIZE;
        if (!worthIt) {
            return;
        }
        Block remainder = new Block(block.segment, block.address + size, rest);
        remainder.prev = block;
        remainder.next = block.next;
        if (block.next != null) {
            block.next.prev = remainder;
        }
        block.next = remainder;
        block.size = size;
        insertFree(remainder);
    }

    private void insertFree(Block block) {
        TreeSet<Block> pool = block.segment.small ? smallFree : largeFree;
        Block prev = block.prev;
        if (prev != null && isCachedFree(prev)) {
            pool.remove(prev);
            prev.size += block.size;
            prev.next = block.next;
            if (block.next != null) {
                block.next.prev = prev;
            }
            block = prev;
        }
        Block next = block.next;
        if (next != null && isCachedFree(next)) {
            pool.remove(next);
            block.size += next.size;
            block.next = next.next;
            if (next.next != null) {
                next.next.prev = block;
            }
        }
        pool.add(block);
    }

    private static boolean isCachedFree(Block b) {
        return !b.allocated && b.pendingEvents == null;
    }

    private void processEvents() {
        if (awaitingEvents.isEmpty()) {
            return;
        }
        Iterator<Block> it = awaitingEvents.iterator();
        while (it.hasNext()) {
            Block b = it.next();
            boolean done = true;
            for (Object e : b.pendingEvents) {
                done &= events.isComplete(e);
            }
            if (done) {
                for (Object e : b.pendingEvents) {
                    events.release(e);
                }
                b.pendingEvents = null;
                it.remove();
                insertFree(b);
            }
        }
    }

    private void releaseCachedSegments() {
        releaseWhole(smallFree);
        releaseWhole(largeFree);
    }

    private void releaseWhole(TreeSet<Block> pool) {
        Iterator<Block> it = pool.iterator();
        while (it.hasNext()) {
            Block b = it.next();
            if (b.prev == null && b.next == null) {
                it.remove();
                segments.remove(b.segment);
                raw.free(b.segment.address, b.segment.size);
                countSegmentFreed(b.segment.size);
            }
        }
    }

    private String outOfMemoryMessage(long size, long segSize) {
        StringBuilder sb = new StringBuilder();
        sb.append("Out of memory on ").append(raw.deviceName()).append(": tried to allocate ")
                .append(human(size)).append(" (a segment of ").append(human(segSize)).append("); ")
                .append(human(bytesInUse)).append(" in use by tensors, ")
                .append(human(bytesReserved)).append(" reserved by the pool");
        long[] info = raw.memoryInfo();
        if (info != null) {
            sb.append(", ").append(human(info[0])).append(" free of ").append(human(info[1])).append(" on the device");
        }
        sb.append(". Reduce the batch size or the model size, or close models and tensors no longer needed.");
        return sb.toString();
    }

    private void countAllocated(long size) {
        bytesInUse += size;
        peakBytesInUse = Math.max(peakBytesInUse, bytesInUse);
    }

    private void countFreed(long size) {
        bytesInUse -= size;
    }

    private void countSegment(long size) {
        rawAllocations++;
        bytesReserved += size;
    }

    private void countSegmentFreed(long size) {
        rawFrees++;
        bytesReserved -= size;
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
