package io.jkeras.bench;

import io.jkeras.backend.Device;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@link OurStage} for one stage on one device, in a JVM of its own with this one's
 * options and class path, and reads its protocol lines back as jkeras's figures, the way
 * {@link PeerProcess} reads a peer's. Whatever it could not report (a failed workload, a
 * crash, the timeout, a GEMM peak it could not measure) becomes a note; the figures it did
 * report are kept.
 */
final class OurStageProcess {
    private OurStageProcess() {
    }

    static DeviceResult run(Device device, BenchOptions stage, PrintStream log, List<String> notes) {
        PeerOutput out = PeerProcess.run("jkeras", command(device, stage), Map.of(), stage.peerTimeoutS(), "jkeras",
                log);
        List<OurFigure> figures = new ArrayList<>();
        for (Figure f : out.figures()) {
            try {
                figures.add(OurStage.ourFigure(f));
            } catch (IllegalArgumentException e) {
                notes.add("jkeras " + f.workload() + " on " + device + ": unreadable figure: " + e.getMessage());
            }
        }
        out.failures().forEach((workload, why) ->
                notes.add("jkeras " + workload + " on " + device + " failed: " + why));
        if (out.problem() != null) {
            notes.add("jkeras's " + Workload.keys(stage.workloads()) + " on " + device + ": " + out.problem());
        }
        if (out.header() != null && out.header().get(OurStage.SGEMM_ERROR) != null) {
            notes.add("the sgemm peak on " + device + " could not be measured: "
                    + out.header().get(OurStage.SGEMM_ERROR));
        }
        return new DeviceResult(device.toString(), DeviceList.describe(device), figures, OurStage.peak(out.header()),
                List.of());
    }

    /** {@link OurStage} on {@code device} with {@code stage}'s options, by this JVM's java, options and class path. */
    static List<String> command(Device device, BenchOptions stage) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(OurStage.class.getName());
        cmd.addAll(stage.stageArgs(device.toString()));
        return cmd;
    }
}
