package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend's Java side, end to end, without a GPU: the stub libraries of
 * {@code stubdriver/} (a driver, runtime and cuBLAS whose device memory is host memory and
 * whose kernels are C loops reading the packed arguments through C structs) are built with
 * gcc and put in front of the real ones in a child JVM, which then runs
 * {@link StubDriverMain} (kernels, GEMM mapping, cuDNN convolutions, pooling and batch
 * normalisation with their descriptors, algorithm choice, workspaces, kernel transposes and
 * fallbacks, transfers, training loops and their residency against the CPU backend) and
 * {@link DeviceChoiceMain} (the probe's messages for each failure the stubs can play). The
 * cuDNN stubs (one library per cuDNN sub-library, in their own folder) are left out of the
 * runs that show the fallback to im2col + cuBLAS. Skipped where there is no gcc or the
 * platform is not Linux x86-64. What it cannot show: the real kernels, CUDA's asynchrony,
 * real cuBLAS and cuDNN; those are the gpu-tagged tests' job.
 */
class CudaStubDriverTest {
    private static final Path SOURCES = Path.of("src", "test", "java", "io", "jkeras", "backend", "cuda", "stubdriver");
    private static final Path OUT = Path.of("target", "cuda-stub-driver");
    /** The cuDNN stubs, on the library path only of the runs that want cuDNN. */
    private static final Path CUDNN = OUT.resolve("cudnn");

    @BeforeAll
    static void buildStubs() throws Exception {
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")),
                "the stub driver is built for Linux x86-64");
        assumeTrue(run(List.of("gcc", "--version"), Map.of()).exitCode == 0, "gcc is not installed");
        Files.createDirectories(OUT);
        build("libcuda.so.1", "cuda_stub.c", null);
        build("libcudart.so.13", "cudart_stub.c", "libcudart.so.13");
        build("libcublasLt.so.13", "cublaslt_stub.c", "libcublasLt.so.13");
        build("libcublas.so.13", "cublas_stub.c", "libcublas.so.13");
        Files.createDirectories(CUDNN);
        for (String part : new String[] {"graph", "ops", "cnn", "adv"}) {
            build(Path.of("cudnn", "libcudnn_" + part + ".so.9").toString(), "cudnn_" + part + "_stub.c",
                    "libcudnn_" + part + ".so.9");
        }
        // any bytes will do for the stub's cuModuleLoadData; found before a real fatbin on the class path
        Path fatbin = OUT.resolve("res").resolve(CudaModule.RESOURCE_PATH);
        Files.createDirectories(fatbin.getParent());
        Files.writeString(fatbin, "stub fatbin");
    }

    /** Builds one stub; {@code versionNode}: the symbol version the JNI libraries import from it. */
    private static void build(String library, String source, String versionNode) throws Exception {
        String soname = Path.of(library).getFileName().toString();
        List<String> cmd = new ArrayList<>(List.of("gcc", "-O1", "-shared", "-fPIC", "-o",
                OUT.resolve(library).toString(), "-Wl,-soname," + soname));
        if (versionNode != null) {
            Path map = OUT.resolve(library + ".map");
            Files.writeString(map, versionNode + " { global: *; };\n");
            cmd.add("-Wl,--version-script=" + map);
        }
        cmd.add(SOURCES.resolve(source).toString());
        cmd.add("-lm");
        Result r = run(cmd, Map.of());
        assertEquals(0, r.exitCode, "gcc " + source + ": " + r.output);
    }

    @Test
    void backendMatchesTheCpuOverTheStubDriver() throws Exception {
        Result r = child(StubDriverMain.class, true, Map.of(), "all");
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("STUB DRIVER OK"), r.output);
        assertTrue(!r.output.contains("cuDNN is not used"), r.output);
    }

    @Test
    void withoutCudnnConvolutionsFallBackToIm2colWithOneLine() throws Exception {
        Result r = child(StubDriverMain.class, false, Map.of(), "nocudnn");
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("STUB DRIVER OK"), r.output);
        String line = "jkeras: cuDNN is not used on cuda:0 (cuDNN libcudnn_";
        assertTrue(r.output.contains(line) && r.output.contains("was not found"), r.output);
        assertEquals(r.output.indexOf("jkeras: cuDNN is not used"), r.output.lastIndexOf("jkeras: cuDNN is not used"),
                "one line: " + r.output);
    }

    @Test
    void aCudnnThatCannotServeIsLeftOutWithTheReason() throws Exception {
        Result built = child(DeviceChoiceMain.class, true, Map.of("JKERAS_DEVICE", "cuda", "STUB_CUDNN_CUDART", "12090"));
        assertEquals(0, built.exitCode, built.output);
        assertTrue(built.output.contains("jkeras: cuDNN is not used on cuda:0 (cuDNN 9.19.0 is built for CUDA 12.9, the"
                + " CUDA runtime is 13.0") && built.output.contains("device cuda:0"), built.output);
        Result start = child(DeviceChoiceMain.class, true, Map.of("JKERAS_DEVICE", "cuda", "STUB_CUDNN_CREATE_FAIL", "1"));
        assertEquals(0, start.exitCode, start.output);
        assertTrue(start.output.contains("(it did not start: cudnnCreate failed: CUDNN_STATUS_NOT_INITIALIZED (1001))"),
                start.output);
    }

    @Test
    void outOfMemoryIsReportedAndSurvived() throws Exception {
        Result r = child(StubDriverMain.class, true, Map.of("STUB_MALLOC_LIMIT", String.valueOf(40L << 20)), "oom");
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("Out of memory on cuda:0") && r.output.contains("free of"), r.output);
    }

    @Test
    void autoPicksTheStubDeviceAndSaysSo() throws Exception {
        Result r = child(DeviceChoiceMain.class, true, Map.of("JKERAS_DEVICE", "auto"));
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("jkeras: using cuda:0 (Stub GPU 0, compute capability 9.0")
                && r.output.contains("cuBLAS 13.1.0")
                && r.output.contains("cuDNN 9.19.0 from " + CUDNN.toAbsolutePath().resolve("libcudnn_graph.so.9"))
                && r.output.contains("device cuda:0"), r.output);
    }

    @Test
    void probeNamesEachFailure() throws Exception {
        expectUnusable(Map.of("STUB_DEVICE_COUNT_ERROR", "100"), "found no CUDA device (cudaErrorNoDevice)");
        expectUnusable(Map.of("STUB_DEVICE_COUNT_ERROR", "35"), "cudaErrorInsufficientDriver");
        expectUnusable(Map.of("STUB_DEVICE_COUNT_ERROR", "34"), "stub library");
        expectUnusable(Map.of("STUB_CC_MAJOR", "7"), "compute capability 7.0");
        expectUnusable(Map.of("STUB_KERNELS_VERSION", "99"), "are version 99");
        expectUnusable(Map.of("STUB_BAD_PARAMINFO", "1"), "the kernels and jkeras_kernels.h disagree");
    }

    private static void expectUnusable(Map<String, String> env, String expected) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JKERAS_DEVICE", "cuda");
        Result r = child(DeviceChoiceMain.class, true, all);
        assertEquals(3, r.exitCode, env + ": " + r.output);
        assertTrue(r.output.contains("Device cuda:0 was asked for but is not usable") && r.output.contains(expected),
                env + ": " + r.output);
    }

    // ---- cuBLASLt (dense layers) -----------------------------------------------------------
    // The "all" run above checks the fused path (relu at inference, BIAS, BGRADA in training).

    @Test
    void denseLayersUseTf32OnCuBlasLtWhenAsked() throws Exception {
        expectBlasLt(Map.of("STUB_LT_COMPUTE", "77"), "tf32", CudaBackend.TF32_PROPERTY + "=true");
    }

    @Test
    void denseLayersRunUnfusedWhereCuBlasLtCannot() throws Exception {
        expectBlasLt(Map.of("STUB_LT_RELU", "fmaxf"), "relu-unfused");
        // no algorithm for RELU_BIAS (the relu check's plan); NOT_SUPPORTED from the matmul for n = 33
        expectBlasLt(Map.of("STUB_LT_NO_ALGO", "6", "STUB_LT_NOT_SUPPORTED_ROWS", "33"), "unsupported");
        expectBlasLt(Map.of("STUB_LT_WRONG_BIAS", "1"), "off:gave");
        expectBlasLt(Map.of(), "off:is false", CudaBackend.CUBLASLT_PROPERTY + "=false");
    }

    @Test
    void aCuBlasLtWithoutTheEntryPointsIsNotCalled() throws Exception {
        Path old = OUT.resolve("old-cublaslt");
        Files.createDirectories(old);
        Path map = old.resolve("libcublasLt.so.13.map");
        Files.writeString(map, "libcublasLt.so.13 { global: *; };\n");
        Result built = run(List.of("gcc", "-O1", "-shared", "-fPIC", "-DSTUB_LT_VERSION_ONLY", "-o",
                old.resolve("libcublasLt.so.13").toString(), "-Wl,-soname,libcublasLt.so.13",
                "-Wl,--version-script=" + map, SOURCES.resolve("cublaslt_stub.c").toString()), Map.of());
        assertEquals(0, built.exitCode, built.output);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = OUT.resolve("res").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
        Map<String, String> env = new java.util.HashMap<>();
        env.put("LD_LIBRARY_PATH", old.toAbsolutePath() + File.pathSeparator + OUT.toAbsolutePath()
                + (System.getenv("LD_LIBRARY_PATH") == null ? "" : File.pathSeparator + System.getenv("LD_LIBRARY_PATH")));
        env.put("LD_PRELOAD", OUT.resolve("libcudart.so.13").toAbsolutePath().toString());
        env.put("STUB_KERNELS_VERSION", String.valueOf(CudaKernels.VERSION));
        Result r = run(List.of(java, "-Xmx1g", "-cp", classPath, StubDriverMain.class.getName(), "lt",
                "off:has no cublasLtCreate"), env);
        assertEquals(0, r.exitCode, r.output);
        assertTrue(r.output.contains("STUB DRIVER OK"), r.output);
    }

    /** Runs StubDriverMain's cuBLASLt section in a child with {@code env}: {@code expect} and properties as it takes them. */
    private static void expectBlasLt(Map<String, String> env, String expect, String... properties) throws Exception {
        List<String> args = new ArrayList<>(List.of("lt", expect));
        args.addAll(List.of(properties));
        Result r = child(StubDriverMain.class, true, env, args.toArray(new String[0]));
        assertEquals(0, r.exitCode, env + " " + expect + ": " + r.output);
        assertTrue(r.output.contains("STUB DRIVER OK"), env + " " + expect + ": " + r.output);
    }

    // ---- processes -----------------------------------------------------------------------

    private record Result(int exitCode, String output) {
    }

    /** Runs {@code main} in a JVM over the stubs; {@code cudnn}: with the cuDNN stubs on the library path. */
    private static Result child(Class<?> main, boolean cudnn, Map<String, String> env, String... args)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = OUT.resolve("res").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        String stubs = (cudnn ? CUDNN.toAbsolutePath() + File.pathSeparator : "") + OUT.toAbsolutePath();
        String ld = System.getenv("LD_LIBRARY_PATH");
        all.put("LD_LIBRARY_PATH", ld == null || ld.isEmpty() ? stubs : stubs + File.pathSeparator + ld);
        // the Loader would load a real libcudart.so.13 from /usr/local/cuda by path; the preloaded stub comes first
        all.put("LD_PRELOAD", OUT.resolve("libcudart.so.13").toAbsolutePath().toString());
        all.put("STUB_KERNELS_VERSION", all.getOrDefault("STUB_KERNELS_VERSION", String.valueOf(CudaKernels.VERSION)));
        return run(cmd, all);
    }

    private static Result run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Result(-1, e.toString());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-2, "timed out: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
