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

/** Peer processes are bash one-liners here: fast, and they speak the protocol by hand. */
class PeerProcessTest {
    @TempDir
    Path dir;

    private PeerOutput run(String script, int timeoutS) throws IOException {
        Path f = dir.resolve("peer.sh");
        Files.writeString(f, script);
        ByteArrayOutputStream echo = new ByteArrayOutputStream();
        return PeerProcess.run("layout", List.of("bash", f.toString()), Map.of("PEER_ENV", "seen"), timeoutS, "fake",
                new PrintStream(echo, true, StandardCharsets.UTF_8));
    }

    @Test
    void readsHeaderFiguresAndFailures() throws IOException {
        PeerOutput o = run("""
                echo '{"peer": "fake", "version": "'$PEER_ENV'"}'
                echo 'some progress text'
                echo 'to stderr' >&2
                echo '{"workload": "W1 train", "unit": "samples/s", "median": 10, "runs": [9, 10, 11]}'
                echo '{"workload": "W2 train", "error": "boom"}'
                """, 30);
        assertEquals("seen", o.header().get("version"));
        assertEquals(1, o.figures().size());
        assertEquals(List.of(9.0, 10.0, 11.0), o.figures().get(0).runs());
        assertEquals(Map.of("W2 train", "boom"), o.failures());
        assertNull(o.problem());
    }

    @Test
    void exitStatusWithTheLastStderrLines() throws IOException {
        PeerOutput o = run("echo 'Traceback' >&2; echo 'ImportError: no torch' >&2; exit 3", 30);
        assertNull(o.header());
        assertEquals("exit status 3; last stderr: Traceback | ImportError: no torch", o.problem());
    }

    @Test
    void aHangingPeerIsStopped() throws IOException {
        PeerOutput o = run("echo '{\"peer\": \"slow\"}'; sleep 60", 1);
        assertEquals("slow", o.header().get("peer"));
        assertTrue(o.problem().startsWith("stopped after the timeout of 1 s"), o.problem());
        assertTrue(o.seconds() < 30, "took " + o.seconds() + " s");
    }

    @Test
    void aMissingProgram() {
        PeerOutput o = PeerProcess.run("", List.of(dir.resolve("absent").toString()), Map.of(), 5, "absent",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertTrue(o.problem().startsWith("could not start"), o.problem());
    }
}
