package io.jkeras.bench;

import io.jkeras.backend.Device;
import io.jkeras.backend.DeviceSelector;
import io.jkeras.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The devices to benchmark: "auto" is the CPU always and CUDA GPU 0 when the CUDA backend
 * says it is usable; a list ("cpu", "cuda", "cpu,cuda:1") names them. The CUDA backend is
 * asked through reflection, as {@link DeviceSelector} does, so a machine without CUDA never
 * loads a CUDA class; a GPU that is not usable becomes a note, never a failure.
 */
final class DeviceList {
    private static final String CUDA_BACKEND = "io.jkeras.backend.cuda.CudaBackend";

    private DeviceList() {
    }

    /** The devices {@code spec} names, each once, in order, without asking whether they are usable. */
    static List<Device> wanted(String spec) {
        List<Device> wanted = new ArrayList<>();
        if (spec.trim().equalsIgnoreCase("auto")) {
            wanted.add(Device.cpu());
            wanted.add(Device.cuda(0));
            return wanted;
        }
        for (String part : spec.split(",")) {
            if (part.trim().equalsIgnoreCase("auto")) {
                throw new IllegalArgumentException("--devices: auto stands alone, got \"" + spec + "\"");
            }
            Device d = DeviceSelector.parse(part, "--devices");
            if (!wanted.contains(d)) {
                wanted.add(d);
            }
        }
        return wanted;
    }

    /** The usable devices of {@code spec}; each GPU that is not usable adds a note saying why. */
    static List<Device> resolve(String spec, List<String> notes) {
        List<Device> out = new ArrayList<>();
        for (Device d : wanted(spec)) {
            if (d.kind() == Device.Kind.CPU) {
                out.add(d);
                continue;
            }
            String why = unavailableReason(d.index());
            if (why == null) {
                out.add(d);
            } else {
                notes.add(d + " not benchmarked: " + why);
            }
        }
        return out;
    }

    /** Null when CUDA device {@code index} is usable, else why not. */
    static String unavailableReason(int index) {
        try {
            return (String) Class.forName(CUDA_BACKEND).getMethod("unavailableReason", int.class).invoke(null, index);
        } catch (ClassNotFoundException e) {
            return "this build has no CUDA backend";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the CUDA backend failed to load: " + e;
        }
    }

    /**
     * The CPU backend's line (threads, GEMM library, kernels), or the CUDA backend's about a
     * usable GPU (name, capability, library versions), else the device's name.
     */
    static String describe(Device d) {
        if (d.kind() == Device.Kind.CPU) {
            return CpuBackend.describe();
        }
        try {
            Object s = Class.forName(CUDA_BACKEND).getMethod("describe", int.class).invoke(null, d.index());
            return s == null ? d.toString() : s.toString();
        } catch (ReflectiveOperationException | LinkageError e) {
            return d.toString();
        }
    }
}
