package io.jkeras.backend;

import java.util.Locale;

/**
 * Chooses the process's device: the system property {@code jkeras.device}, else the
 * environment variable {@code JKERAS_DEVICE}, else {@code auto}. Accepted values:
 * {@code auto} (the first usable CUDA GPU, else the CPU, said once on standard error),
 * {@code cpu}, {@code cuda}, {@code cuda:N}.
 */
public final class DeviceSelector {
    static final String PROPERTY = "jkeras.device";
    static final String ENV = "JKERAS_DEVICE";
    private static final String CUDA_BACKEND = "io.jkeras.backend.cuda.CudaBackend";
    private static final String CPU_BACKEND = "io.jkeras.backend.cpu.CpuBackend";

    private DeviceSelector() {
    }

    static Device select() {
        String fromProperty = System.getProperty(PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return parse(fromProperty, "system property " + PROPERTY);
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv, "environment variable " + ENV);
        }
        return auto();
    }

    /** Parses a device name; {@code source} names where it came from, for the error message. */
    public static Device parse(String value, String source) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return auto();
        }
        if (v.equals("cpu")) {
            return Device.cpu();
        }
        if (v.equals("cuda") || v.equals("gpu")) {
            return Device.cuda(0);
        }
        if (v.startsWith("cuda:")) {
            try {
                return Device.cuda(Integer.parseInt(v.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new IllegalArgumentException(source + " must be one of auto, cpu, cuda, cuda:N; got \"" + value + "\"");
    }

    private static Device auto() {
        String why = cudaUnavailableReason(0);
        boolean quiet = Boolean.getBoolean("jkeras.quiet");
        if (why == null) {
            if (!quiet) {
                System.err.println("jkeras: using " + cudaDescription(0));
            }
            return Device.cuda(0);
        }
        if (!quiet) {
            System.err.println("jkeras: no usable CUDA GPU (" + why + "); using the CPU fallback");
        }
        return Device.cpu();
    }

    /** Null when CUDA device {@code index} is usable, else what is missing. */
    static String cudaUnavailableReason(int index) {
        try {
            Class<?> c = Class.forName(CUDA_BACKEND);
            return (String) c.getMethod("unavailableReason", int.class).invoke(null, index);
        } catch (ClassNotFoundException e) {
            return "this build of jkeras has no CUDA backend (" + CUDA_BACKEND + " is not on the class path)";
        } catch (ReflectiveOperationException | LinkageError e) {
            return "the CUDA backend failed to load: " + e;
        }
    }

    /** The CUDA backend's one line about usable device {@code index} (name, capability, library versions). */
    private static String cudaDescription(int index) {
        try {
            return (String) Class.forName(CUDA_BACKEND).getMethod("describe", int.class).invoke(null, index);
        } catch (ReflectiveOperationException | LinkageError e) {
            return "cuda:" + index;
        }
    }

    static Backend start(Device device) {
        if (device.kind() == Device.Kind.CUDA) {
            String why = cudaUnavailableReason(device.index());
            if (why != null) {
                throw new IllegalStateException("Device " + device + " was asked for but is not usable: " + why);
            }
            return instantiate(CUDA_BACKEND, device);
        }
        return instantiate(CPU_BACKEND, device);
    }

    private static Backend instantiate(String className, Device device) {
        try {
            return (Backend) Class.forName(className).getConstructor(Device.class).newInstance(device);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Could not start the backend of " + device + ": " + cause, cause);
        }
    }
}
