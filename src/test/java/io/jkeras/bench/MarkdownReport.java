package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Markdown report: the machine and versions, then per device jkeras's figures beside
 * every peer's with the ratio (above 1 favours jkeras), W5 against the device's GEMM peak,
 * the peers' thread layouts, memory, our GPU beside our CPU, and the notes.
 */
final class MarkdownReport {
    /** The ratio columns' title: whatever the unit, the ratio is oriented so that above 1 jkeras wins. */
    static final String RATIO = "ratio (>1: jkeras wins)";

    private MarkdownReport() {
    }

    static String render(BenchReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# jkeras benchmark, ").append(r.date()).append("\n\n");
        md.append("- machine: ").append(MachineInfo.describe(r.machine())).append('\n');
        for (DeviceResult d : r.devices()) {
            if (!d.description().equals(d.device())) {
                md.append("- ").append(d.device()).append(": ").append(d.description()).append('\n');
            }
        }
        r.versions().forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        for (DeviceResult d : r.devices()) {
            for (PeerResult p : d.peers()) {
                Set<String> seen = new LinkedHashSet<>();
                for (PeerOutput o : p.outputs()) {
                    if (o.header() != null && seen.add(o.layout())) {
                        md.append("- ").append(p.label()).append(o.layout().isEmpty() ? "" : " (" + o.layout() + ")")
                                .append(": ").append(header(o.header())).append('\n');
                    }
                }
            }
        }
        md.append("- figures: ").append(settings(r.settings())).append("\n\n");
        for (DeviceResult d : r.devices()) {
            md.append("## ").append(d.device()).append("\n\n");
            figures(md, d);
            peak(md, d);
            layouts(md, d);
            memory(md, d);
        }
        gpuBesideCpu(md, r.devices());
        List<String> notes = new ArrayList<>(r.notes());
        for (DeviceResult d : r.devices()) {
            for (PeerResult p : d.peers()) {
                p.notes().forEach(n -> notes.add(p.label() + ": " + n));
            }
        }
        if (!notes.isEmpty()) {
            md.append("## notes\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** jkeras beside each peer that gave figures on this device, with the ratio after each. */
    static void figures(StringBuilder md, DeviceResult d) {
        List<PeerResult> peers = d.peerColumns();
        List<String> head = new ArrayList<>(List.of("workload", "jkeras"));
        for (PeerResult p : peers) {
            head.add(p.label());
            head.add(RATIO);
        }
        List<List<String>> rows = new ArrayList<>();
        for (OurFigure of : d.ours()) {
            Figure f = of.figure();
            List<String> row = new ArrayList<>(List.of(f.workload(), value(f)));
            for (PeerResult p : peers) {
                Figure pf = p.figures().get(f.workload());
                row.add(pf == null ? "-" : value(pf));
                row.add(pf == null ? "-" : ratio(Rounds.ratio(f, pf)));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            md.append("(no jkeras figures on ").append(d.device()).append(")\n\n");
            return;
        }
        boolean rounds = peers.stream().flatMap(p -> p.figures().values().stream())
                .anyMatch(pf -> pf.extra().containsKey(Rounds.ROUND_RATIOS));
        if (!peers.isEmpty()) {
            md.append("ratio: jkeras / peer for rates (samples/s, GFLOP/s), peer / jkeras for times (s, us),"
                    + " so above 1 jkeras wins")
                    .append(rounds ? "; taken in each round between figures of the same stage (on the CPU one"
                            + " workload, jkeras and the peers, the peers first in every second round), and the median of those per-round ratios shown (not"
                            + " the ratio of the medians shown)" : "")
                    .append(".\n\n");
        }
        table(md, head, rows);
    }

    /** W5's GFLOP/s as a share of the GEMM rate each framework measured on this device. */
    static void peak(StringBuilder md, DeviceResult d) {
        OurFigure w5 = d.ours("W5 wide MLP train");
        if (w5 == null) {
            return;
        }
        List<String> parts = new ArrayList<>();
        PeakGemm p = d.peak();
        parts.add(String.format(Locale.ROOT, "jkeras %.1f GFLOP/s", w5.figure().median())
                + (p == null ? "" : String.format(Locale.ROOT, " = %.0f%% of its %d^3 sgemm through the backend's"
                + " gemm (%.1f GFLOP/s)", 100 * w5.figure().median() / p.gflops(), p.size(), p.gflops())));
        for (PeerResult peer : d.peerColumns()) {
            Figure f = peer.figures().get("W5 wide MLP train");
            if (f == null) {
                continue;
            }
            Map<String, Object> h = headerOf(peer, f);
            Object g = h == null ? null : h.get("sgemm_gflops");
            String s = String.format(Locale.ROOT, "%s %.1f GFLOP/s", peer.label(), f.median());
            if (g instanceof Number gf && gf.doubleValue() > 0) {
                Object size = h.get("sgemm_size");
                s += String.format(Locale.ROOT, " = %.0f%% of its header's %s^3 sgemm (%.1f GFLOP/s)",
                        100 * f.median() / gf.doubleValue(),
                        size instanceof Number n ? Long.toString(n.longValue()) : "?",
                        gf.doubleValue());
            }
            parts.add(s);
        }
        md.append("W5 against the device's GEMM peak: ").append(String.join("; ", parts)).append(".\n\n");
    }

    /** For a peer run in several thread layouts: each layout's figures, the best of which the table shows. */
    static void layouts(StringBuilder md, DeviceResult d) {
        for (PeerResult p : d.peerColumns()) {
            List<String> names = p.outputs().stream().map(PeerOutput::layout).distinct().toList();
            if (names.size() < 2) {
                continue;
            }
            // over several rounds a layout has a figure per round: the median of them, as in the table above
            Map<String, Map<String, List<Figure>>> perRound = new LinkedHashMap<>();
            for (PeerOutput o : p.outputs()) {
                for (Figure f : o.figures()) {
                    perRound.computeIfAbsent(f.workload(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(o.layout(), k -> new ArrayList<>()).add(f);
                }
            }
            Map<String, Map<String, Figure>> byWorkload = new LinkedHashMap<>();
            perRound.forEach((w, byLayout) -> byLayout.forEach((n, figs) -> byWorkload
                    .computeIfAbsent(w, k -> new LinkedHashMap<>()).put(n, figs.size() == 1 ? figs.get(0)
                            : Rounds.figure(figs))));
            List<String> head = new ArrayList<>(List.of("workload"));
            names.forEach(n -> head.add(p.label() + ", " + n));
            List<List<String>> rows = new ArrayList<>();
            byWorkload.forEach((w, figs) -> {
                List<String> row = new ArrayList<>(List.of(w));
                Figure best = p.figures().get(w);
                for (String n : names) {
                    Figure f = figs.get(n);
                    boolean isBest = f != null && best != null && figs.size() > 1 && f.median() == best.median();
                    row.add(f == null ? "-" : isBest ? "**" + value(f) + "**" : value(f));
                }
                rows.add(row);
            });
            md.append(p.label()).append(" by thread layout (bold: the one compared above):\n\n");
            table(md, head, rows);
        }
    }

    /** Peak resident set per figure, jkeras's pool peak and raw allocations per step, peers' peak RSS. */
    static void memory(StringBuilder md, DeviceResult d) {
        if (d.ours().isEmpty()) {
            return;
        }
        List<PeerResult> peers = d.peerColumns();
        List<String> head = new ArrayList<>(List.of("workload", "jkeras peak RSS", "jkeras pool peak",
                "jkeras raw allocations / step"));
        peers.forEach(p -> head.add(p.label() + " peak RSS"));
        List<List<String>> rows = new ArrayList<>();
        boolean unreset = false;
        for (OurFigure of : d.ours()) {
            Figure f = of.figure();
            unreset |= !of.rssReset();
            List<String> row = new ArrayList<>(List.of(f.workload(), mib(f.peakRssMb()) + (of.rssReset() ? "" : " *"),
                    String.format(Locale.ROOT, "%.1f MiB", of.peakPoolBytes() / 1048576.0),
                    of.rawAllocationsPerStep() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f", of.rawAllocationsPerStep())));
            for (PeerResult p : peers) {
                Figure pf = p.figures().get(f.workload());
                row.add(pf == null ? "-" : mib(pf.peakRssMb()));
            }
            rows.add(row);
        }
        md.append("Memory on ").append(d.device()).append(" (peak RSS: the process's VmHWM while the figure was taken,"
                + " jkeras's and each peer's stage in a process of its own; pool: jkeras's device memory pool, peak bytes"
                + " in use; raw allocations: new memory the pool asked the system or driver for, per timed step):\n\n");
        table(md, head, rows);
        if (unreset) {
            md.append("\\* the kernel refused to reset the peak (/proc/self/clear_refs): the process's peak so far.\n\n");
        }
    }

    /** jkeras on each GPU beside jkeras on the CPU, when both ran. */
    static void gpuBesideCpu(StringBuilder md, List<DeviceResult> devices) {
        DeviceResult cpu = devices.stream().filter(d -> d.device().equals("cpu")).findFirst().orElse(null);
        if (cpu == null) {
            return;
        }
        for (DeviceResult g : devices) {
            if (g == cpu || g.ours().isEmpty()) {
                continue;
            }
            List<List<String>> rows = new ArrayList<>();
            for (OurFigure of : g.ours()) {
                OurFigure c = cpu.ours(of.figure().workload());
                if (c != null) {
                    rows.add(List.of(of.figure().workload(), value(c.figure()), value(of.figure()),
                            ratio(Figure.ratio(of.figure(), c.figure()))));
                }
            }
            if (rows.isEmpty()) {
                continue;
            }
            md.append("## jkeras: ").append(g.device()).append(" beside cpu\n\n");
            table(md, List.of("workload", "jkeras cpu", "jkeras " + g.device(), g.device() + " vs cpu (above 1: "
                    + g.device() + " better)"), rows);
        }
    }

    static void table(StringBuilder md, List<String> head, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", head)).append(" |\n|");
        for (int i = 0; i < head.size(); i++) {
            md.append(i == 0 ? "---|" : "---:|");
        }
        md.append('\n');
        for (List<String> row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        md.append('\n');
    }

    /** A figure's median in its unit, with W3's accuracy. */
    static String value(Figure f) {
        String pattern = switch (f.unit()) {
            case "samples/s", "us" -> "%,.0f";
            case "s", "GFLOP/s" -> "%,.1f";
            default -> "%.4g";
        };
        String s = String.format(Locale.ROOT, pattern, f.median()) + " " + f.unit();
        Double acc = f.number("accuracy");
        return acc == null ? s : s + String.format(Locale.ROOT, ", accuracy %.4f", acc);
    }

    static String ratio(double r) {
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "-";
    }

    static String mib(Double mb) {
        return mb == null ? "-" : String.format(Locale.ROOT, "%,.0f MiB", mb);
    }

    /** A peer's header on one line: its version, then its other facts. */
    static String header(Map<String, Object> h) {
        List<String> parts = new ArrayList<>();
        parts.add(String.valueOf(h.getOrDefault("version", "unknown version")));
        h.forEach((k, v) -> {
            if (!k.equals("peer") && !k.equals("version")) {
                parts.add(k + " " + (v instanceof Double dv && dv == Math.rint(dv) ? Long.toString(dv.longValue())
                        : String.valueOf(v)));
            }
        });
        return String.join(", ", parts);
    }

    static String settings(Map<String, Object> s) {
        int repeats = ((Number) s.get("repeats")).intValue();
        int rounds = s.get("rounds") instanceof Number n ? n.intValue() : 1;
        String workloads = String.valueOf(s.get("workloads"));
        List<String> exceptions = new ArrayList<>();
        if (workloads.contains("w4")) {
            exceptions.add("W4: the median of 2,000 calls");
        }
        if (workloads.contains("w3")) {
            exceptions.add("W3: one run of 3 epochs");
        }
        boolean noPeers = s.get("peers") instanceof List<?> l && l.isEmpty();
        return String.format(Locale.ROOT, "%s%s%s; W1 %,d synthetic samples, W2 %,d; workloads %s; %s",
                repeats == 1 ? "one run each" : "the median of " + repeats + " runs each",
                exceptions.isEmpty() ? "" : " (" + String.join("; ", exceptions) + ")",
                rounds == 1 ? "" : "; " + rounds + " rounds (on each device jkeras and the peers, a workload at a time"
                        + " on the CPU, the peers first in every second round there):"
                        + " each figure the median of its rounds' figures, each ratio the median of its rounds' ratios,"
                        + " memory the largest of the rounds'",
                ((Number) s.get("samples")).intValue(), ((Number) s.get("w2_samples")).intValue(), workloads,
                noPeers ? "no peers" : "peers get --threads " + s.get("threads"));
    }

    /** The header of the invocation that gave {@code f} (its layout's), else the peer's first. */
    private static Map<String, Object> headerOf(PeerResult p, Figure f) {
        Object layout = f.extra().get("layout");
        for (PeerOutput o : p.outputs()) {
            if (o.header() != null && (layout == null || o.layout().equals(layout))) {
                return o.header();
            }
        }
        return p.header();
    }
}
