package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Device;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a machine without a usable GPU says. The message tests need a machine where the
 * NVIDIA driver library is absent (this build machine) and are skipped elsewhere; the
 * parsing of load failures runs everywhere.
 */
class CudaProbeTest {

    @Test
    void namesTheLibraryFromTheDlopenCause() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("/home/u/.javacpp/cache/cuda.jar/org/bytedeco/cuda/"
                + "linux-x86_64/libjnicudart.so: libcuda.so.1: cannot open shared object file: No such file or directory");
        UnsatisfiedLinkError outer = new UnsatisfiedLinkError("no jnicudart in java.library.path: /usr/lib");
        outer.initCause(cause);
        String s = CudaProbe.describeLoadFailure("the CUDA runtime bindings", outer);
        assertTrue(s.contains("libcuda.so.1") && s.contains("NVIDIA driver") && s.contains("580"), s);
        assertTrue(s.contains("cannot open shared object file"), s);

        String rt = CudaProbe.describeLoadFailure("x", new UnsatisfiedLinkError(
                "/c/libjnicudart.so: libcudart.so.13: cannot open shared object file: No such file or directory"));
        assertTrue(rt.contains("libcudart.so.13") && rt.contains("CUDA 13"), rt);
        String blas = CudaProbe.describeLoadFailure("x", new UnsatisfiedLinkError(
                "/c/libjnicublas.so: libcublasLt.so.13: cannot open shared object file: No such file or directory"));
        assertTrue(blas.startsWith("cuBLAS libcublasLt.so.13"), blas);
        String dnn = CudaProbe.describeLoadFailure("x", new UnsatisfiedLinkError(
                "/c/libjnicudnn.so: libcudnn_cnn.so.9: cannot open shared object file: No such file or directory"));
        assertTrue(dnn.contains("libcudnn_cnn.so.9") && dnn.contains("9.19"), dnn);
    }

    @Test
    void otherLoadFailuresKeepTheirWholeChain() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("outer");
        e.initCause(new UnsatisfiedLinkError("inner problem"));
        String s = CudaProbe.describeLoadFailure("cuBLAS (jnicublas)", e);
        assertEquals("cuBLAS (jnicublas) could not be loaded: UnsatisfiedLinkError: outer <- UnsatisfiedLinkError: "
                + "inner problem", s);
        String glibc = CudaProbe.describeLoadFailure("the CUDA runtime bindings", new UnsatisfiedLinkError(
                "/c/libjnicudart.so: /lib/libc.so.6: version `GLIBC_2.34' not found"));
        assertTrue(glibc.contains("glibc 2.34"), glibc);
    }

    @Test
    void versionsReadAsNvidiaWritesThem() {
        assertEquals("13.0", CudaProbe.version(13000));
        assertEquals("12.4", CudaProbe.version(12040));
        assertEquals("unknown", CudaProbe.version(0));
        assertEquals("9.19.0", CudaProbe.libraryVersion(91900));
        assertEquals("13.1.2", CudaProbe.libraryVersion(130102));
    }

    @Test
    void probeIsCachedAndNeverThrows() {
        String first = CudaBackend.unavailableReason(0);
        assertSame(CudaProbe.probe(0), CudaProbe.probe(0));
        assertEquals(first, CudaBackend.unavailableReason(0));
        assertEquals(first == null, CudaBackend.describe(0) != null);
    }

    @Test
    void withoutTheDriverTheReasonNamesLibcuda() {
        assumeFalse(driverLibraryPresent(), "libcuda.so.1 is installed here");
        String why = CudaBackend.unavailableReason(0);
        assertNotNull(why);
        assertTrue(why.contains("libcuda.so.1") && why.contains("NVIDIA driver"), why);
    }

    @Test
    void askingForAnUnusableGpuFailsWithTheReason() {
        String why = CudaBackend.unavailableReason(0);
        assumeTrue(why != null, "CUDA is usable here");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Device.cuda(0).backend());
        assertTrue(e.getMessage().contains("cuda:0") && e.getMessage().contains(why), e.getMessage());
        IllegalStateException direct = assertThrows(IllegalStateException.class, () -> new CudaBackend(Device.cuda(0)));
        assertTrue(direct.getMessage().contains(why), direct.getMessage());
        assertThrows(IllegalStateException.class, () -> Device.set(Device.cuda(0)));
    }

    @Test
    void missingKernelsAreNamed() {
        assumeFalse(CudaModule.fatbinPresent(), "the fatbin is on the class path");
        String why = CudaBackend.unavailableReason(0);
        assertTrue(why.contains(CudaModule.RESOURCE_PATH), why);
    }

    /** JKERAS_DEVICE is read once per process, so it is tried in a fresh JVM. */
    @Test
    void environmentVariableCudaFailsWithTheReasonAndAutoFallsBack() throws Exception {
        assumeFalse(driverLibraryPresent(), "libcuda.so.1 is installed here");
        Result cuda = runChild("cuda");
        assertTrue(cuda.exitCode == 3, "exit " + cuda.exitCode + ": " + cuda.output);
        assertTrue(cuda.output.contains("Device cuda:0 was asked for but is not usable")
                && cuda.output.contains("libcuda.so.1"), cuda.output);
        Result auto = runChild("auto");
        assertEquals(0, auto.exitCode, auto.output);
        assertTrue(auto.output.contains("no usable CUDA GPU") && auto.output.contains("libcuda.so.1")
                && auto.output.contains("device cpu"), auto.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runChild(String device) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
        if (cache != null) {
            cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
        }
        cmd.add(DeviceChoiceMain.class.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JKERAS_DEVICE", device);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Whether the dynamic linker could find the NVIDIA driver library on this machine. */
    static boolean driverLibraryPresent() {
        List<String> dirs = new ArrayList<>(List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib64",
                "/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64", "/usr/local/cuda/compat", "/usr/lib/wsl/lib"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(List.of(ld.split(File.pathSeparator)));
        }
        for (String d : dirs) {
            if (!d.isEmpty() && Files.exists(Path.of(d, "libcuda.so.1"))) {
                return true;
            }
        }
        try {
            Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
            String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return listing.contains("libcuda.so.1 ");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
