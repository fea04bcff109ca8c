package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder peers found under a temporary bench/peers: bash scripts that speak the protocol by hand. */
class PeersTest {
    @TempDir
    Path root;

    private void peer(String name, String body, boolean executable) throws IOException {
        Path run = root.resolve(name).resolve("run");
        Files.createDirectories(run.getParent());
        Files.writeString(run, "#!/usr/bin/env bash\n" + body);
        assertTrue(run.toFile().setExecutable(executable));
    }

    private static BenchOptions options(List<String> peers, Path data) {
        return new BenchOptions(1, 256, List.of(Workload.W1, Workload.W3), "cpu", peers, 2, "/usr/bin/python3",
                data, data, 30, "test", false, 1);
    }

    @Test
    void foldersWithARunProgramAreFoundAfterTheExpectedOnes() throws IOException {
        peer("zeta", "exit 0", true);
        peer("alpha", "exit 0", false);
        Files.createDirectories(root.resolve("notapeer"));
        assertEquals(List.of("pytorch", "pytorch-cuda", "pytorch-compile", "tfjava", "dl4j", "alpha", "zeta"),
                Peers.known(root));
        assertEquals(List.of("pytorch", "pytorch-cuda", "pytorch-compile", "tfjava", "dl4j"),
                Peers.known(root.resolve("absent")));
    }

    @Test
    void missingUnrunnableAndFailingPeersAreNotesAndTheOthersStillRun() throws IOException {
        peer("good", """
                echo "{\\"peer\\": \\"good\\", \\"version\\": \\"1\\", \\"args\\": \\"$*\\"}"
                case "$*" in
                  *"--workloads w3"*) echo '{"workload": "W3 Fashion-MNIST", "unit": "s", "median": 60, "accuracy": 0.9}' ;;
                  *) echo '{"workload": "W1 train", "unit": "samples/s", "median": 100, "runs": [90, 100, 110]}' ;;
                esac
                """, true);
        peer("broken", "echo 'no library here' >&2; exit 2", true);
        peer("lazy", "exit 0", false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<PeerResult> seen = new java.util.ArrayList<>();
        List<PeerResult> results = new Peers(options(List.of("tfjava", "good", "broken", "lazy"), root), root, true,
                new PrintStream(log, true, StandardCharsets.UTF_8)).run("cpu", seen::add);
        assertEquals(results, seen, "each result is handed on as it comes, so the report can be rewritten");

        assertEquals(List.of("tfjava", "good", "broken", "lazy"), results.stream().map(PeerResult::name).toList());
        assertEquals(List.of("not run: " + root.resolve("tfjava/run") + " is missing"), results.get(0).notes());
        assertEquals("TF Java", results.get(0).label());

        PeerResult good = results.get(1);
        assertEquals(List.of(), good.notes());
        assertEquals(100, good.figures().get("W1 train").median(), 0);
        assertEquals(0.9, good.figures().get("W3 Fashion-MNIST").number("accuracy"), 0);
        assertEquals("--threads 2 --repeats 1 --samples 256 --workloads w1", good.outputs().get(0).header().get("args"));
        assertEquals("--threads 2 --repeats 1 --samples 256 --workloads w3 --data " + root,
                good.outputs().get(1).header().get("args"));

        // no header: W3's invocation is left out, and the note says why
        assertEquals(List.of("exit status 2; last stderr: no library here",
                "no protocol header: the remaining invocations of broken were left out"), results.get(2).notes());
        assertEquals(1, results.get(2).outputs().size());
        assertEquals(List.of("not run: " + root.resolve("lazy/run") + " is not executable"), results.get(3).notes());
        String echoed = log.toString(StandardCharsets.UTF_8);
        assertTrue(echoed.contains("---- peer lazy skipped: " + root.resolve("lazy/run") + " is not executable"), echoed);
        assertTrue(echoed.contains("---- peer broken gave no figures: exit status 2"), echoed);
    }

    @Test
    void aReferenceBlasIsNamed() {
        PeerOutput slow = new PeerOutput("1 torch thread, 2 OpenBLAS threads", List.of("python3"),
                Map.of("peer", "pytorch", "sgemm_gflops", 1.5), List.of(), Map.of(), null, 1);
        PeerOutput fast = new PeerOutput("", List.of("python3"), Map.of("peer", "pytorch", "sgemm_gflops", 80.0),
                List.of(), Map.of(), null, 1);
        assertEquals("its sgemm ran at 1.5 GFLOP/s (1 torch thread, 2 OpenBLAS threads): that is the reference"
                + " BLAS's pace; apt-get install libopenblas0-pthread", Peers.referenceBlas(
                new PeerResult("pytorch", "PyTorch", "cpu", Map.of(), List.of(fast, slow), List.of())));
        assertNull(Peers.referenceBlas(
                new PeerResult("pytorch", "PyTorch", "cpu", Map.of(), List.of(fast), List.of())));
    }

    @Test
    void pytorchWithoutItsScriptIsANote() {
        List<PeerResult> results = new Peers(options(List.of("pytorch"), root), root, false,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run("cpu");
        assertEquals(List.of("not run: " + root.resolve("pytorch_bench.py") + " is missing"), results.get(0).notes());
    }
}
