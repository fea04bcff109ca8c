package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void defaultsRunEverythingThreeTimes() {
        BenchOptions o = BenchOptions.parse();
        assertEquals(3, o.repeats());
        assertEquals(60000, o.samples());
        assertEquals(List.of(Workload.W1, Workload.W2, Workload.W3, Workload.W4, Workload.W5), o.workloads());
        assertEquals(Peers.known(Peers.DEFAULT_ROOT), o.peers());
        assertEquals(List.of("pytorch", "pytorch-cuda", "pytorch-compile", "tfjava", "dl4j"), o.peers().subList(0, 5));
        assertFalse(o.quick());
        assertEquals(Path.of("bench/results"), o.out());
        assertEquals(1, o.rounds());
    }

    @Test
    void roundsRepeatTheWholeMeasurement() {
        assertEquals(3, BenchOptions.parse("--quick", "--rounds", "3").rounds());
        assertTrue(BenchOptions.usage().contains("--rounds N (1: "), BenchOptions.usage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--rounds", "0"))
                .getMessage().contains("--rounds must be a positive integer, got \"0\""));
    }

    @Test
    void quickIsARehearsalThatExplicitOptionsOverride() {
        BenchOptions q = BenchOptions.parse("--quick");
        assertEquals(1, q.repeats());
        assertEquals(6400, q.samples());
        assertTrue(!q.runs(Workload.W3) && q.runs(Workload.W5));
        assertTrue(q.quick());
        BenchOptions q2 = BenchOptions.parse("--repeats", "2", "--quick", "--workloads", "w4,W1,w4");
        assertEquals(2, q2.repeats());
        assertEquals(List.of(Workload.W4, Workload.W1), q2.workloads());
    }

    @Test
    void peersAllNoneOrAList() {
        assertEquals(List.of(), BenchOptions.parse("--peers", "none").peers());
        assertEquals(List.of("pytorch", "dl4j"), BenchOptions.parse("--peers", "pytorch,dl4j,pytorch").peers());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse("--peers", "pytorch,jax"));
        assertTrue(e.getMessage().contains("\"pytorch,jax\""), e.getMessage());
    }

    @Test
    void badOptionsNameWhatWasExpectedAndGiven() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--repeats", "0"))
                .getMessage().contains("--repeats must be a positive integer, got \"0\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--workloads", "w1,w6"))
                .getMessage().contains("unknown workload \"w6\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--color", "red"))
                .getMessage().contains("unknown option --color"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--repeats"))
                .getMessage().contains("got \"--repeats\""));
    }

    @Test
    void workloadKeysRoundTrip() {
        assertEquals("w1,w3,w5", Workload.keys(Workload.parseList(" w1, w3 ,w5,")));
    }
}
