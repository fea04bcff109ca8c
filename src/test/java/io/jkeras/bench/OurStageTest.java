package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.backend.Device;
import io.jkeras.datasets.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OurStageTest {
    private static OurFigure readBack(OurFigure f) {
        String line = JsonWriter.line(OurStage.line(f));
        assertFalse(line.contains("\n"), line);
        ProtocolLine parsed = ProtocolLine.parse(line);
        assertTrue(parsed instanceof ProtocolLine.Result, line);
        return OurStage.ourFigure(((ProtocolLine.Result) parsed).figure());
    }

    @Test
    void aFigureWithItsMemoryCrossesTheProtocolUnchanged() {
        Figure w5 = Figure.of("W5 wide MLP train", "GFLOP/s", List.of(190.5, 201.25)).withPeakRss(903.5)
                .withExtra("samples_per_s", 1210.0);
        OurFigure sent = new OurFigure(w5, 629_283_328L, 0.25, true);
        assertEquals(sent, readBack(sent));

        Figure w3 = Figure.of("W3 Fashion-MNIST", "s", List.of(31.4)).withPeakRss(1493.0).withExtra("accuracy", 0.8838);
        OurFigure noSteps = new OurFigure(w3, 183_000_000L, null, false);
        OurFigure back = readBack(noSteps);
        assertEquals(noSteps, back);
        assertNull(back.rawAllocationsPerStep());
        assertEquals(Map.of("accuracy", 0.8838), back.figure().extra());
    }

    @Test
    void aPeersFigureIsNotTakenForOurs() {
        Figure peer = new Figure("W1 train", "samples/s", 10, List.of(10.0), 500.0, Map.of("threads", 2.0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OurStage.ourFigure(peer));
        assertTrue(e.getMessage().contains(OurStage.PEAK_POOL_BYTES), e.getMessage());
    }

    @Test
    void theHeaderCarriesTheGemmPeakWhenMeasured() {
        assertEquals(new PeakGemm(2048, 289.5),
                OurStage.peak(Map.of("peer", "jkeras", "sgemm_size", 2048.0, "sgemm_gflops", 289.5)));
        assertNull(OurStage.peak(Map.of("peer", "jkeras")));
        assertNull(OurStage.peak(null));
    }

    @Test
    void theStageOptionsParseBackToTheStage() {
        BenchOptions all = BenchOptions.parse("--repeats", "2", "--samples", "640", "--workloads", "w1,w2,w3",
                "--data", "/tmp/fm", "--peers", "pytorch", "--rounds", "3");
        BenchOptions stage = all.only(List.of(Workload.W2, Workload.W3));
        BenchOptions child = BenchOptions.parse(stage.stageArgs("cpu").toArray(String[]::new));
        assertEquals(List.of(Workload.W2, Workload.W3), child.workloads());
        assertEquals(2, child.repeats());
        assertEquals(640, child.samples());
        assertEquals(Path.of("/tmp/fm"), child.data());
        assertEquals("cpu", child.devices());
        assertEquals(List.of(), child.peers());
    }

    @Test
    void theChildRunsThisJvmsJavaAndClassPath() {
        BenchOptions stage = BenchOptions.parse("--workloads", "w4", "--peers", "none");
        List<String> cmd = OurStageProcess.command(Device.cpu(), stage);
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0));
        int cp = cmd.indexOf("-cp");
        assertEquals(System.getProperty("java.class.path"), cmd.get(cp + 1));
        assertEquals(OurStage.class.getName(), cmd.get(cp + 2));
        assertEquals(stage.stageArgs("cpu"), cmd.subList(cp + 3, cmd.size()));
    }

    /** The whole round trip: a child JVM runs W1 on 256 samples and its figures come back with their memory. */
    @Test
    void aStageRunsInAProcessOfItsOwn() {
        BenchOptions stage = BenchOptions.parse("--workloads", "w1", "--repeats", "1", "--samples", "256",
                "--peers", "none", "--devices", "cpu");
        List<String> notes = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DeviceResult r = OurStageProcess.run(Device.cpu(), stage, new PrintStream(log, true, StandardCharsets.UTF_8),
                notes);
        String echoed = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), notes, echoed);
        assertEquals(List.of("W1 train", "W1 predict"), r.ours().stream().map(f -> f.figure().workload()).toList());
        for (OurFigure f : r.ours()) {
            assertTrue(f.figure().median() > 0, echoed);
            assertTrue(f.peakPoolBytes() > 0, echoed);
            assertEquals(0.0, f.rawAllocationsPerStep(), echoed);
        }
        assertNull(r.peak(), "no W5, no GEMM peak");
        assertTrue(echoed.contains("[jkeras] ---- jkeras W1 train on cpu"), echoed);
        assertEquals("cpu", r.device());
    }

    /** A workload that fails (here W3 on files that are not gzip) becomes a note, and the process says so. */
    @Test
    void aFailedWorkloadBecomesANote(@TempDir Path data) throws IOException {
        for (String f : FashionMnist.FILES) {
            Files.writeString(data.resolve(f), "not gzip");
        }
        BenchOptions stage = BenchOptions.parse("--workloads", "w3", "--repeats", "1", "--peers", "none",
                "--devices", "cpu", "--data", data.toString());
        List<String> notes = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DeviceResult r = OurStageProcess.run(Device.cpu(), stage, new PrintStream(log, true, StandardCharsets.UTF_8),
                notes);
        String echoed = log.toString(StandardCharsets.UTF_8);
        assertEquals(List.of(), r.ours(), echoed);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("jkeras W3 Fashion-MNIST on cpu failed: ")
                && n.contains("ZipException")), notes + "\n" + echoed);
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("jkeras's w3 on cpu: exit status 1")), notes.toString());
    }
}
