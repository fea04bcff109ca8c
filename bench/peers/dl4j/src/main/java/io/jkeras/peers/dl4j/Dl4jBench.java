package io.jkeras.peers.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.blas.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * The Deeplearning4j peer of jkeras's benchmark (bench/peers/dl4j/run starts it). Speaks the peer protocol:
 * a header line of facts, then one JSON line per figure on stdout; ND4J's logging goes to stderr.
 */
public final class Dl4jBench {
    private Dl4jBench() {
    }

    public static void main(String[] argv) {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("dl4j peer: " + e.getMessage());
            System.exit(2);
            return;
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        applyThreads(args.threads);
        boolean rssResets = ProcessFacts.resetPeakRss();
        Map<String, Object> header = header(args);
        header.put("peak_rss_reset_per_workload", rssResets);
        Json.emit(header);

        Workloads w = new Workloads(args);
        boolean failed = false;
        for (String name : BenchArgs.WORKLOADS) {
            if (!args.workloads.contains(name)) {
                continue;
            }
            ProcessFacts.resetPeakRss();
            try {
                switch (name) {
                    case "w1" -> w.w1();
                    case "w2" -> w.w2();
                    case "w3" -> w.w3();
                    case "w4" -> w.w4();
                    case "w5" -> w.w5();
                    default -> throw new IllegalStateException("workload " + name + " has no implementation");
                }
            } catch (Exception | OutOfMemoryError e) {
                failed = true;
                e.printStackTrace();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("workload", name.toUpperCase());
                line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
                Json.emit(line);
            }
        }
        System.exit(failed ? 1 : 0);
    }

    /**
     * ND4J reads OMP_NUM_THREADS when its natives load (the run script exports it from --threads); this sets
     * the same limits through the API too, so a start without the script still honours --threads.
     */
    private static void applyThreads(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        Environment env = Nd4j.getEnvironment();
        env.setMaxThreads(threads);
        env.setMaxMasterThreads(threads);
    }

    private static Map<String, Object> header(BenchArgs args) {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        Blas blas = Nd4j.factory().blas();
        Environment env = Nd4j.getEnvironment();
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("peer", "deeplearning4j");
        h.put("version", version());
        h.put("threads", args.threads);
        h.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        h.put("cpu", ProcessFacts.cpuInfo("model name"));
        h.put("cpu_simd", simdFlags(ProcessFacts.cpuInfo("flags")));
        h.put("nd4j_classifier", System.getProperty("dl4j.peer.classifier", "unknown: started without the run script"));
        h.put("backend", Nd4j.getBackend().getClass().getSimpleName() + " (" + info.getProperty("backend") + ")");
        h.put("binary_level", levelName(ops.binaryLevel()));
        h.put("cpu_level", levelName(ops.optimalLevel()));
        h.put("native_library", ProcessFacts.mappedLibrary("libnd4jcpu"));
        h.put("blas_vendor", String.valueOf(blas.getBlasVendor()));
        h.put("blas_library", ProcessFacts.mappedLibrary("libopenblas"));
        h.put("blas_threads", blas.getMaxThreads());
        h.put("omp_threads", ops.ompGetMaxThreads());
        h.put("nd4j_max_threads", env.maxThreads());
        h.put("nd4j_master_threads", env.maxMasterThreads());
        h.put("omp_num_threads_env", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        // unset is libgomp's default (spin a while, then sleep); the README says why it matters here
        h.put("omp_wait_policy_env", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        h.put("dtype", "float32");
        h.put("workspaces", String.valueOf(new NeuralNetConfiguration.Builder().getTrainingWorkspaceMode()));
        h.put("sgemm_gflops", Math.round(sgemmGflops() * 10) / 10.0);
        return h;
    }

    /** The vector extensions among the CPU's flags that decide which libnd4j build can run. */
    private static String simdFlags(String flags) {
        List<String> present = new ArrayList<>();
        for (String flag : flags.split("\\s+")) {
            if (flag.equals("avx") || flag.equals("avx2") || flag.equals("fma") || flag.startsWith("avx512")) {
                present.add(flag);
            }
        }
        return String.join(" ", present);
    }

    /** The build's level code as CpuNDArrayFactory names it when it logs "Binary level ... optimization level". */
    private static String levelName(int level) {
        return switch (level) {
            case 3 -> "AVX512";
            case 2 -> "AVX/AVX2";
            default -> "Generic x86";
        };
    }

    /** Square 1024 float32 GEMM rate through INDArray.mmul, the figure the PyTorch peer also reports. */
    private static double sgemmGflops() {
        int size = 1024;
        int reps = 5;
        INDArray a = Nd4j.randn(DataType.FLOAT, size, size);
        INDArray b = Nd4j.randn(DataType.FLOAT, size, size);
        INDArray c = Nd4j.create(DataType.FLOAT, size, size);
        for (int i = 0; i < 3; i++) {
            a.mmuli(b, c);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            a.mmuli(b, c);
        }
        return reps * 2.0 * size * size * size / ((System.nanoTime() - t0) / 1e9) / 1e9;
    }

    /** The DL4J version this peer was built against, written into a resource by Maven. */
    private static String version() {
        try (InputStream in = Dl4jBench.class.getResourceAsStream("/dl4j-bench.properties")) {
            if (in == null) {
                return "unknown: dl4j-bench.properties missing";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("dl4j.version");
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }
}
