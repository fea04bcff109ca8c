package io.jkeras.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.openblas.global.openblas_nolapack;

/** The facts a reader needs to trust the figures: the machine, and the versions of what ran. */
final class MachineInfo {
    private MachineInfo() {
    }

    /** CPU model, cores, memory, operating system. */
    static Map<String, Object> machine(int jkerasThreads) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("jkeras_cpu_threads", jkerasThreads);
        Long kib = memTotalKib();
        m.put("memory_gib", kib == null ? null : Math.round(kib / 1048576.0 * 10) / 10.0);
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return m;
    }

    /** Java, the jkeras commit, oneDNN, OpenBLAS. */
    static Map<String, Object> versions(String commit) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vm.version") + ")");
        v.put("jkeras", commit != null ? commit : gitCommit());
        v.put("onednn", oneDnn());
        v.put("openblas", openBlas());
        return v;
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static Long memTotalKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return MemoryProbe.kib(l);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return null;
    }

    /** The DNNL preset on the class path (the cpu: line says whether GEMMs ran in it), or its absence. */
    private static String oneDnn() {
        try {
            Class<?> dnnl = Class.forName("org.bytedeco.dnnl.global.dnnl", false, MachineInfo.class.getClassLoader());
            String jar = dnnl.getPackage().getImplementationVersion();
            return "org.bytedeco:dnnl " + (jar == null ? "?" : jar)
                    + ", dnnl_sgemm called single-threaded, large GEMMs split over jkeras's threads";
        } catch (ClassNotFoundException | LinkageError e) {
            return "not on the class path";
        }
    }

    /**
     * The bundled OpenBLAS: its version and the preset jar's (the preset exports no
     * openblas_get_config; its kernels are picked at run time for the CPU).
     */
    private static String openBlas() {
        try {
            String jar = openblas_nolapack.class.getPackage().getImplementationVersion();
            return openblas_nolapack.OPENBLAS_VERSION.trim() + " (org.bytedeco:openblas " + (jar == null ? "?" : jar)
                    + "), the GEMMs where oneDNN is not used";
        } catch (LinkageError e) {
            return "unknown (" + e + ")";
        }
    }

    /** HEAD's short hash, marked when tracked files differ from it; "unknown" without git. */
    static String gitCommit() {
        String head = git("rev-parse", "--short=12", "HEAD");
        if (head == null || head.isEmpty()) {
            return "unknown (no git repository)";
        }
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        return dirty == null || dirty.isEmpty() ? head : head + " with uncommitted changes";
    }

    private static String git(String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git"));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String describe(Map<String, Object> machine) {
        return String.format(Locale.ROOT, "%s, %s cores (jkeras uses %s threads), %s GiB memory, %s",
                machine.get("cpu"), machine.get("cores"), machine.get("jkeras_cpu_threads"),
                machine.get("memory_gib"), machine.get("os"));
    }
}
