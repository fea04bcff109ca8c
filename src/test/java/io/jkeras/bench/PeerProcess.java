package io.jkeras.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one peer invocation as a child process and reads its standard output as protocol
 * lines, echoing both streams with a tag so the console shows the peer's progress. A peer
 * that outlives its timeout is stopped with its whole process tree (a peer's {@code run}
 * script starts a JVM or a Python of its own).
 */
final class PeerProcess {
    private static final int STDERR_TAIL = 8;

    private PeerProcess() {
    }

    static PeerOutput run(String layout, List<String> command, Map<String, String> env, int timeoutS, String tag,
                          PrintStream echo) {
        long t0 = System.nanoTime();
        Map<String, Object> header = null;
        List<Figure> figures = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        Deque<String> stderrTail = new ArrayDeque<>();
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            return new PeerOutput(layout, command, null, figures, failures, "could not start: " + e.getMessage(),
                    seconds(t0));
        }
        closeQuietly(p);
        AtomicBoolean timedOut = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
                    timedOut.set(true);
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "peer-watchdog-" + tag);
        watchdog.setDaemon(true);
        watchdog.start();
        Thread errors = new Thread(() -> {
            try (BufferedReader r = reader(p.getErrorStream())) {
                String line;
                while ((line = r.readLine()) != null) {
                    echo.println("[" + tag + " stderr] " + line);
                    synchronized (stderrTail) {
                        stderrTail.addLast(line);
                        if (stderrTail.size() > STDERR_TAIL) {
                            stderrTail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closed with the process
            }
        }, "peer-stderr-" + tag);
        errors.setDaemon(true);
        errors.start();
        try (BufferedReader r = reader(p.getInputStream())) {
            String line;
            while ((line = r.readLine()) != null) {
                echo.println("[" + tag + "] " + line);
                ProtocolLine pl = ProtocolLine.parse(line);
                if (pl instanceof ProtocolLine.Header h && header == null) {
                    header = h.fields();
                } else if (pl instanceof ProtocolLine.Result res) {
                    figures.add(res.figure());
                } else if (pl instanceof ProtocolLine.Failure f) {
                    failures.put(f.workload(), f.message());
                }
            }
        } catch (IOException e) {
            failures.put("(output)", "reading the peer's output failed: " + e.getMessage());
        }
        int rc;
        try {
            rc = p.waitFor();
            errors.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            rc = -1;
        }
        String problem = null;
        if (timedOut.get()) {
            problem = "stopped after the timeout of " + timeoutS + " s";
        } else if (rc != 0) {
            problem = "exit status " + rc;
        }
        if (problem != null) {
            synchronized (stderrTail) {
                if (!stderrTail.isEmpty()) {
                    problem += "; last stderr: " + String.join(" | ", stderrTail);
                }
            }
        }
        return new PeerOutput(layout, command, header, figures, failures, problem, seconds(t0));
    }

    private static BufferedReader reader(java.io.InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The peer reads nothing from us: its standard input is closed at once. */
    private static void closeQuietly(Process p) {
        try {
            p.getOutputStream().close();
        } catch (IOException e) {
            // nothing to close
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
