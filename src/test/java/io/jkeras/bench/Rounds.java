package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code --rounds N}: the whole measurement (jkeras on a device and the peers there, in the
 * order {@link Stages#peersFirst} gives) taken N times, merged into one {@link DeviceResult} per device. The machine's speed
 * drifts within minutes, so a ratio is taken within each round, between figures measured close
 * together, and the report gives the median of those per-round ratios, not the ratio of the
 * medians. Each figure is the median over rounds of its per-round medians (extra key
 * {@value #ROUND_MEDIANS}, with every run kept in {@code runs}); a peer's figure also carries its
 * per-round ratios against jkeras ({@value #ROUND_RATIOS}). Memory is the worst round's: the
 * largest peak RSS, pool peak and raw allocations per step. One round is returned as it is.
 */
final class Rounds {
    /** Extra key of a merged figure: its median in each round it was measured in. */
    static final String ROUND_MEDIANS = "round_medians";
    /** Extra key of a merged peer figure: jkeras's ratio against it in each round both were measured in. */
    static final String ROUND_RATIOS = "round_ratios";

    private Rounds() {
    }

    /**
     * The ratio the report prints for jkeras's {@code ours} against a peer's {@code theirs}: the
     * median of the per-round ratios when {@code theirs} was merged from several rounds, else
     * {@link Figure#ratio}.
     */
    static double ratio(Figure ours, Figure theirs) {
        return theirs.extra().get(ROUND_RATIOS) instanceof List<?> l && !l.isEmpty()
                ? Stats.median(l.stream().map(x -> ((Number) x).doubleValue()).toList())
                : Figure.ratio(ours, theirs);
    }

    /**
     * Every device of {@code rounds} (each round's results, in the report's device order; the
     * round under way may lack devices or peers), merged over the rounds it appears in.
     */
    static List<DeviceResult> merge(List<List<DeviceResult>> rounds) {
        Map<String, List<DeviceResult>> byDevice = new LinkedHashMap<>();
        for (List<DeviceResult> round : rounds) {
            for (DeviceResult d : round) {
                byDevice.computeIfAbsent(d.device(), k -> new ArrayList<>()).add(d);
            }
        }
        return byDevice.values().stream().map(Rounds::mergeDevice).toList();
    }

    /** One device's rounds (at least one) as one result. */
    static DeviceResult mergeDevice(List<DeviceResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("rounds: expected at least one round's result, got none");
        }
        if (rounds.size() == 1) {
            return rounds.get(0);
        }
        DeviceResult first = rounds.get(0);
        for (DeviceResult d : rounds) {
            if (!d.device().equals(first.device())) {
                throw new IllegalArgumentException("rounds: expected results of " + first.device() + ", got "
                        + d.device());
            }
        }
        List<String> workloads = new ArrayList<>();
        for (DeviceResult d : rounds) {
            d.ours().forEach(f -> addOnce(workloads, f.figure().workload()));
        }
        List<OurFigure> ours = new ArrayList<>();
        for (String w : workloads) {
            List<OurFigure> per = rounds.stream().map(d -> d.ours(w)).filter(Objects::nonNull).toList();
            Figure f = figure(per.stream().map(OurFigure::figure).toList());
            Double raw = per.stream().map(OurFigure::rawAllocationsPerStep).filter(Objects::nonNull)
                    .max(Double::compare).orElse(null);
            ours.add(new OurFigure(f, per.stream().mapToLong(OurFigure::peakPoolBytes).max().orElseThrow(), raw,
                    per.stream().allMatch(OurFigure::rssReset)));
        }
        // the GEMM peak is a ceiling (each measurement the best of its blocks): the best round's
        PeakGemm peak = rounds.stream().map(DeviceResult::peak).filter(Objects::nonNull)
                .max((a, b) -> Double.compare(a.gflops(), b.gflops())).orElse(null);
        List<String> peerNames = new ArrayList<>();
        for (DeviceResult d : rounds) {
            d.peers().forEach(p -> addOnce(peerNames, p.name()));
        }
        List<PeerResult> peers = new ArrayList<>();
        for (String name : peerNames) {
            peers.add(peer(name, rounds));
        }
        return new DeviceResult(first.device(), first.description(), ours, peak, peers);
    }

    /** One peer over the rounds it ran in: its figures merged, with jkeras's ratio per round. */
    private static PeerResult peer(String name, List<DeviceResult> rounds) {
        PeerResult any = null;
        List<PeerOutput> outputs = new ArrayList<>();
        LinkedHashSet<String> notes = new LinkedHashSet<>();
        List<String> workloads = new ArrayList<>();
        for (DeviceResult d : rounds) {
            for (PeerResult p : d.peers()) {
                if (p.name().equals(name)) {
                    any = any == null ? p : any;
                    outputs.addAll(p.outputs());
                    notes.addAll(p.notes());
                    p.figures().keySet().forEach(w -> addOnce(workloads, w));
                }
            }
        }
        Map<String, Figure> figures = new LinkedHashMap<>();
        for (String w : workloads) {
            List<Figure> per = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (DeviceResult d : rounds) {
                for (PeerResult p : d.peers()) {
                    Figure pf = p.name().equals(name) ? p.figures().get(w) : null;
                    if (pf != null) {
                        per.add(pf);
                        OurFigure of = d.ours(w);
                        if (of != null) {
                            ratios.add(Figure.ratio(of.figure(), pf));
                        }
                    }
                }
            }
            figures.put(w, figure(per).withExtra(ROUND_RATIOS, ratios));
        }
        return new PeerResult(name, any.label(), any.device(), figures, outputs, List.copyOf(notes));
    }

    /**
     * One framework's figure of one workload over rounds: the median of the per-round medians,
     * every run, the largest peak RSS, and the other extras (accuracy, layout) of the round
     * nearest the median.
     */
    static Figure figure(List<Figure> rounds) {
        List<Double> medians = rounds.stream().map(Figure::median).toList();
        double median = Stats.median(medians);
        Figure nearest = rounds.get(0);
        for (Figure f : rounds) {
            if (Math.abs(f.median() - median) < Math.abs(nearest.median() - median)) {
                nearest = f;
            }
        }
        List<Double> runs = new ArrayList<>();
        rounds.forEach(f -> runs.addAll(f.runs()));
        Double rss = rounds.stream().map(Figure::peakRssMb).filter(Objects::nonNull).max(Double::compare).orElse(null);
        Map<String, Object> extra = new LinkedHashMap<>(nearest.extra());
        extra.put(ROUND_MEDIANS, medians);
        return new Figure(nearest.workload(), nearest.unit(), median, runs, rss, extra);
    }

    private static void addOnce(List<String> list, String s) {
        if (!list.contains(s)) {
            list.add(s);
        }
    }
}
