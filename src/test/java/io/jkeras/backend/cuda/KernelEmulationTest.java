package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.cpu.CpuReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every CUDA kernel source against the CPU backend, without a GPU: {@link CpuReference}
 * writes inputs and the CPU backend's results, and native/emulation/kernel_parity.cpp runs the
 * real .cu sources on them under a C++ emulation of the CUDA execution model (g++, C++20),
 * with several launch shapes. It catches index arithmetic, reduction and aliasing mistakes
 * and NaN or rounding rules that differ from the CPU backend; CUDA's math library accuracy and
 * fused multiply-adds only a GPU run shows. Skipped where g++ is missing or too old.
 */
class KernelEmulationTest {
    private static final Path OUT = Path.of("target", "emulation");

    @Test
    void everyKernelMatchesTheCpuBackend() throws Exception {
        assumeTrue(run(List.of("g++", "-std=c++20", "-x", "c++", "-fsyntax-only", "/dev/null")).exitCode == 0,
                "g++ with C++20 is not installed");
        Files.createDirectories(OUT);
        Path records = OUT.resolve("records.bin");
        CpuReference.write(records.toString());

        // one translation unit of all kernels, as nvcc would see them one by one
        Path unity = OUT.resolve("kernels.cu");
        List<String> includes = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("native", "kernels"))) {
            files.filter(p -> p.toString().endsWith(".cu")).sorted()
                    .forEach(p -> includes.add("#include \"" + p.toAbsolutePath() + "\""));
        }
        Files.write(unity, includes);
        Path binary = OUT.resolve("kernel_parity");
        Result build = run(List.of("g++", "-std=c++20", "-O1", "-pthread", "-Inative/include",
                "-DJK_KERNELS_UNITY=\"" + unity.toAbsolutePath() + "\"",
                "native/emulation/kernel_parity.cpp", "-o", binary.toString()));
        assertEquals(0, build.exitCode, "g++ kernel_parity.cpp:\n" + build.output);

        Result parity = run(List.of(binary.toString(), records.toString()));
        assertEquals(0, parity.exitCode, parity.output);
        assertTrue(parity.output.contains(" 0 failures"), parity.output);
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException notInstalled) {
            return new Result(-1, notInstalled.getMessage());
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
