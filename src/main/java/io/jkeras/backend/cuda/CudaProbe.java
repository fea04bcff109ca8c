package io.jkeras.backend.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.cudnn;
import org.bytedeco.javacpp.Loader;

/**
 * Finds out, once per process and device, whether CUDA device N can run jkeras, and if not
 * what is missing. Steps, each of which can only fail into a message (gpu-runtime-notes 1.6):
 * <ol>
 *   <li>load the CUDA runtime bindings; a missing library surfaces as an
 *       UnsatisfiedLinkError whose <em>cause</em> holds the real dlopen message, e.g.
 *       "libcuda.so.1: cannot open shared object file", turned here into which library,
 *       of which version, was not found;</li>
 *   <li>driver and runtime versions, device count (34: the toolkit's stub driver was
 *       loaded, 35: the driver is too old for the runtime, 100: no device);</li>
 *   <li>compute capability 8.0 or later (what the kernels are built for);</li>
 *   <li>cuBLAS, loaded on its own so its absence is named as such;</li>
 *   <li>the kernels: the fatbin resource is on the class path, loads on this GPU (no binary
 *       for its architecture, or a driver too old for the PTX, fail here) and reports the
 *       expected version.</li>
 * </ol>
 * cuDNN is loaded and checked (a 9.x built for this CUDA major, its sub-libraries of one
 * version) and reported in the description with its version and file, but not required: without it the backend runs
 * convolutions as im2col + cuBLAS and pooling and batch normalisation on its own kernels
 * ({@link #cudnnUnavailableReason()}).
 *
 * <p>A failed load poisons the binding class for the life of the class loader, so the
 * result is cached and the classes are touched again only when the first load worked.
 * Only functions present in every CUDA 13.x runtime are called (the bindings are for 13.1,
 * and calling a symbol the installed library lacks kills the JVM).
 */
final class CudaProbe {
    /** The outcome for one device: {@code reason} is null when it is usable. */
    record Result(String reason, String description, int computeMajor) {
    }

    /** The first compute capability the kernels are built for. */
    static final int MIN_MAJOR = 8;

    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("([\\w.+-]+\\.so(?:\\.\\d+)*): cannot open shared object file.*");
    private static final Map<Integer, Result> RESULTS = new HashMap<>();
    /** Null until tried; then "" when the runtime bindings loaded, else why not. */
    private static String runtimeFailure;
    private static String blasFailure;
    /** Null until tried; then "" when cuDNN loaded and passed its checks, else why not. */
    private static String cudnnFailure;
    private static String cudnnVersion;

    private CudaProbe() {
    }

    static synchronized Result probe(int index) {
        return RESULTS.computeIfAbsent(index, CudaProbe::run);
    }

    private static Result run(int index) {
        List<String> problems = new ArrayList<>();
        String kernelsMissing = CudaModule.fatbinPresent() ? null
                : "the CUDA kernels are not in this build (class-path resource " + CudaModule.RESOURCE_PATH
                        + " is missing; build native/ with CMake and package the fatbin)";
        try {
            String runtime = loadRuntime();
            if (runtime != null) {
                problems.add(runtime);
            } else {
                Result r = probeDevice(index, problems);
                if (r != null) {
                    return r;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            problems.add("probing CUDA failed: " + e);
        } finally {
            if (runtimeFailure != null && runtimeFailure.isEmpty()) {
                CudaDevice.forgetCurrent();
            }
        }
        if (kernelsMissing != null) {
            problems.add(kernelsMissing);
        }
        return new Result(String.join("; ", problems), null, 0);
    }

    /**
     * The usable device's result; null after adding what is wrong to {@code problems}, or
     * when all but the kernels is there (the caller names the missing kernels).
     */
    private static Result probeDevice(int index, List<String> problems) {
        int[] driver = {0};
        int[] runtime = {0};
        cudart.cudaDriverGetVersion(driver);
        cudart.cudaRuntimeGetVersion(runtime);
        int[] count = {0};
        int status = cudart.cudaGetDeviceCount(count);
        cudart.cudaGetLastError();
        if (status != 0) {
            problems.add(deviceCountProblem(status, driver[0], runtime[0]));
            return null;
        }
        if (count[0] == 0) {
            problems.add("the NVIDIA driver reports no CUDA device");
            return null;
        }
        if (index >= count[0]) {
            problems.add("there is no CUDA device " + index + " (the driver reports " + count[0]
                    + (count[0] == 1 ? " device" : " devices") + ", numbered from 0)");
            return null;
        }
        int[] major = {0};
        int[] minor = {0};
        CudaErrors.check(cudart.cudaDeviceGetAttribute(major, cudart.cudaDevAttrComputeCapabilityMajor, index),
                "cudaDeviceGetAttribute");
        CudaErrors.check(cudart.cudaDeviceGetAttribute(minor, cudart.cudaDevAttrComputeCapabilityMinor, index),
                "cudaDeviceGetAttribute");
        String name = deviceName(index);
        String capability = major[0] + "." + minor[0];
        if (major[0] < MIN_MAJOR) {
            problems.add("CUDA device " + index + " (" + name + ") has compute capability " + capability
                    + "; jkeras's kernels need " + MIN_MAJOR + ".0 or later");
            return null;
        }
        String blas = loadBlas();
        if (blas != null) {
            problems.add(blas);
            return null;
        }
        String cudnnInfo = loadCudnn();
        if (!CudaModule.fatbinPresent()) {
            return null;
        }
        String kernels = checkKernels(index);
        if (kernels != null) {
            problems.add(kernels);
            return null;
        }
        String description = "cuda:" + index + " (" + name + ", compute capability " + capability + ", driver for CUDA "
                + version(driver[0]) + ", runtime " + version(runtime[0]) + ", cuBLAS " + blasVersion() + ", "
                + cudnnInfo + ")";
        return new Result(null, description, major[0]);
    }

    private static String deviceCountProblem(int status, int driver, int runtime) {
        return switch (status) {
            case 34 -> "the CUDA driver stub library (the toolkit's stubs/libcuda.so) was loaded instead of the"
                    + " NVIDIA driver's libcuda.so.1: remove the stubs directory from LD_LIBRARY_PATH"
                    + " (cudaErrorStubLibrary)";
            case 35 -> (driver > 0 ? "the NVIDIA driver supports CUDA " + version(driver)
                    : "the NVIDIA driver library libcuda.so.1 is not one the CUDA runtime can use")
                    + ", the CUDA runtime is " + version(runtime)
                    + ": install a newer driver (CUDA 13 needs driver 580 or later) (cudaErrorInsufficientDriver)";
            case 100 -> "the NVIDIA driver (CUDA " + version(driver) + ") found no CUDA device (cudaErrorNoDevice)";
            case 804 -> "the CUDA forward-compatibility package does not support this GPU"
                    + " (cudaErrorCompatNotSupportedOnDevice)";
            default -> "cudaGetDeviceCount failed: " + CudaErrors.name(status, "cudaGetDeviceCount") + " (" + status
                    + ")";
        };
    }

    /** Loads the runtime and driver bindings; null when they loaded, else what is missing. */
    private static String loadRuntime() {
        if (runtimeFailure == null) {
            try {
                Loader.load(cudart.class);
                runtimeFailure = "";
            } catch (LinkageError e) {
                runtimeFailure = describeLoadFailure("the CUDA runtime bindings (jnicudart)", e);
            }
        }
        return runtimeFailure.isEmpty() ? null : runtimeFailure;
    }

    private static String loadBlas() {
        if (blasFailure == null) {
            try {
                Loader.load(cublas.class);
                blasFailure = "";
            } catch (LinkageError e) {
                blasFailure = describeLoadFailure("cuBLAS (jnicublas)", e);
            }
        }
        return blasFailure.isEmpty() ? null : blasFailure;
    }

    /** "cuDNN 9.19.0", or "no cuDNN: " and why: reported, not required. */
    private static String loadCudnn() {
        if (cudnnFailure == null) {
            try {
                Loader.load(cudnn.class);
                long version = cudnn.cudnnGetVersion();
                cudnnVersion = libraryVersion(version);
                cudnnFailure = checkCudnn(version);
            } catch (LinkageError e) {
                cudnnFailure = describeLoadFailure("cuDNN (jnicudnn)", e);
            }
        }
        return cudnnFailure.isEmpty() ? "cuDNN " + cudnnVersion + cudnnFile() : "no cuDNN: " + cudnnFailure;
    }

    /**
     * " from /path/libcudnn_graph.so.9", the file that answered cudnnGetVersion, or "" when it
     * cannot be told. Read from the process's memory map rather than from the Loader, which
     * records only libraries it loaded by path, not the ones the dynamic linker found for the
     * JNI library (LD_LIBRARY_PATH, ld.so.cache): two cuDNN installs are a common mix-up, and
     * the path says which one is in use.
     */
    private static String cudnnFile() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return "";
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(f -> f.startsWith("/") && f.substring(f.lastIndexOf('/') + 1).startsWith("libcudnn_graph.so"))
                    .findFirst().map(f -> " from " + f).orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /**
     * "" when the loaded cuDNN can serve these bindings (built for cuDNN 9.19 and CUDA 13.1),
     * else what is wrong: another major version, a build for another CUDA major (cuDNN ships
     * one per CUDA major), or sub-libraries of different versions (libcudnn_ops and
     * libcudnn_cnn from two installs). The calls the backend makes exist in every cuDNN 9.x.
     */
    private static String checkCudnn(long version) {
        if (version / 10000 != cudnn.CUDNN_MAJOR) {
            return "cuDNN " + libraryVersion(version) + " was loaded; the bindings are for cuDNN " + cudnn.CUDNN_MAJOR
                    + ".x";
        }
        int[] runtime = {0};
        cudart.cudaRuntimeGetVersion(runtime);
        long builtFor = cudnn.cudnnGetCudartVersion();
        if (builtFor / 1000 != runtime[0] / 1000) {
            return "cuDNN " + libraryVersion(version) + " is built for CUDA " + version((int) builtFor)
                    + ", the CUDA runtime is " + version(runtime[0]) + ": install the cuDNN 9 build for CUDA "
                    + runtime[0] / 1000 + " (e.g. libcudnn9-cuda-" + runtime[0] / 1000 + ")";
        }
        String[] checks = {"cudnnGraphVersionCheck", "cudnnOpsVersionCheck", "cudnnCnnVersionCheck"};
        for (String check : checks) {
            if (Loader.addressof(check) == null) {
                continue;
            }
            int status = switch (check) {
                case "cudnnGraphVersionCheck" -> cudnn.cudnnGraphVersionCheck();
                case "cudnnOpsVersionCheck" -> cudnn.cudnnOpsVersionCheck();
                default -> cudnn.cudnnCnnVersionCheck();
            };
            if (status != 0) {
                return check + " failed: " + Cudnn.errorName(status) + " (" + status + "): the cuDNN sub-libraries"
                        + " (libcudnn_graph, _ops, _cnn) are not of one version";
            }
        }
        return "";
    }

    /**
     * Null when cuDNN loaded and passed its checks, else why the backend goes without it.
     * Meaningful after {@link #probe} found a usable device.
     */
    static synchronized String cudnnUnavailableReason() {
        if (cudnnFailure == null) {
            return "cuDNN was not probed (no usable CUDA device)";
        }
        return cudnnFailure.isEmpty() ? null : cudnnFailure;
    }

    private static String blasVersion() {
        // cublasLtGetVersion exists in every cuBLAS 13; looked up first all the same, as the preset binds 13.1
        if (Loader.addressof("cublasLtGetVersion") == null) {
            return "(version unknown)";
        }
        return libraryVersion(cublas.cublasLtGetVersion());
    }

    /** Loads the fatbin on the device and runs its version kernel; null when that works. */
    private static String checkKernels(int index) {
        byte[] fatbin = CudaModule.readFatbin();
        int status = cudart.cudaSetDevice(index);
        if (status != 0) {
            cudart.cudaGetLastError();
            return "cudaSetDevice(" + index + ") failed: " + CudaErrors.name(status, "cudaSetDevice")
                    + " (the GPU may be in exclusive use by another process)";
        }
        try (KernelArgs args = new KernelArgs()) {
            CudaModule module = new CudaModule(fatbin);
            try {
                module.checkVersion(null, args);
            } finally {
                module.close();
            }
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    private static String deviceName(int index) {
        int[] dev = {0};
        byte[] name = new byte[256];
        if (cudart.cuInit(0) != 0 || cudart.cuDeviceGet(dev, index) != 0
                || cudart.cuDeviceGetName(name, name.length, dev[0]) != 0) {
            return "name unknown";
        }
        int len = 0;
        while (len < name.length && name[len] != 0) {
            len++;
        }
        return new String(name, 0, len, StandardCharsets.UTF_8);
    }

    /**
     * What a failed library load means, from the dlopen message in the cause chain: the file
     * that was not found, and what it is. Falls back to the whole chain of messages.
     */
    static String describeLoadFailure(String what, Throwable error) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            Matcher m = MISSING_LIBRARY.matcher(message);
            if (m.find()) {
                return explainMissing(m.group(1)) + " (dlopen: " + m.group() + ")";
            }
            if (message.contains("GLIBC_")) {
                return what + " need a newer C library (glibc 2.34 or later): " + message;
            }
            if (chain.length() > 0) {
                chain.append(" <- ");
            }
            chain.append(t.getClass().getSimpleName()).append(": ").append(message);
        }
        return what + " could not be loaded: " + chain;
    }

    private static String explainMissing(String file) {
        if (file.startsWith("libcuda.so")) {
            return "the NVIDIA driver library " + file + " was not found: no NVIDIA driver is installed, or the"
                    + " container runs without GPU access (CUDA 13 needs driver 580 or later)";
        }
        if (file.startsWith("libcudart.so")) {
            return "the CUDA runtime " + file + " (CUDA 13.x) was not found: install the CUDA 13 runtime or put"
                    + " its lib64 directory on LD_LIBRARY_PATH";
        }
        if (file.startsWith("libcublas")) {
            return "cuBLAS " + file + " (CUDA 13.x) was not found: install cuBLAS for CUDA 13 or put its"
                    + " directory on LD_LIBRARY_PATH";
        }
        if (file.startsWith("libcudnn")) {
            return "cuDNN " + file + " (cuDNN 9.x; the bindings are built for 9.19) was not found";
        }
        return "the library " + file + " was not found";
    }

    /** 13000 -> "13.0". */
    static String version(int cudaVersion) {
        return cudaVersion <= 0 ? "unknown" : cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }

    /** 91900 -> "9.19.0" (major * 10000 + minor * 100 + patch, as cuBLAS and cuDNN 9 count). */
    static String libraryVersion(long v) {
        return v / 10000 + "." + v / 100 % 100 + "." + v % 100;
    }
}
