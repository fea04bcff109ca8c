package io.jkeras.bench;

import java.util.List;
import java.util.Map;

/**
 * What one peer invocation gave: its header (null when it printed none), its figures, the
 * workloads it reported as failed, and, when it did not end well, why.
 *
 * @param layout   the thread layout it ran with, in words
 * @param command  the command line, for the report
 * @param problem  null when it exited 0; else the exit status or the timeout, with its last stderr lines
 * @param seconds  wall time of the whole invocation
 */
record PeerOutput(String layout, List<String> command, Map<String, Object> header, List<Figure> figures,
                  Map<String, String> failures, String problem, double seconds) {

    PeerOutput {
        command = List.copyOf(command);
        figures = List.copyOf(figures);
        failures = Map.copyOf(failures);
    }
}
