package io.jkeras.backend;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where tensors live and kernels run: the CPU fallback or CUDA GPU number {@code index}.
 * {@link #current()} is chosen once per process (see {@link DeviceSelector}) unless
 * {@link #set} overrides it. Each device has one backend, made when first used.
 */
public final class Device {
    public enum Kind { CPU, CUDA }

    private static final Map<Device, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static volatile Device current;

    private final Kind kind;
    private final int index;

    private Device(Kind kind, int index) {
        this.kind = kind;
        this.index = index;
    }

    public static Device cpu() {
        return new Device(Kind.CPU, 0);
    }

    public static Device cuda() {
        return cuda(0);
    }

    public static Device cuda(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("CUDA device index must be >= 0, got " + index);
        }
        return new Device(Kind.CUDA, index);
    }

    /** The device new models and tensors go to. */
    public static Device current() {
        Device d = current;
        if (d == null) {
            synchronized (Device.class) {
                if (current == null) {
                    current = DeviceSelector.select();
                }
                d = current;
            }
        }
        return d;
    }

    /** Makes {@code device} current; fails if it is not usable. */
    public static void set(Device device) {
        Objects.requireNonNull(device, "device");
        device.backend();
        synchronized (Device.class) {
            current = device;
        }
    }

    public Kind kind() {
        return kind;
    }

    public int index() {
        return index;
    }

    /** The backend of this device, started on first use. */
    public Backend backend() {
        return BACKENDS.computeIfAbsent(this, DeviceSelector::start);
    }

    public MemoryStats memoryStats() {
        return backend().pool().stats();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.kind == kind && d.index == index;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + index;
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
