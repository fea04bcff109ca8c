package io.jkeras.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON report: the same content as the Markdown one, every run and every peer
 * invocation included, for scripts (scripts/device/run's summary reads it).
 */
final class JsonReport {
    private JsonReport() {
    }

    static String render(BenchReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("date", r.date());
        root.put("machine", r.machine());
        root.put("versions", r.versions());
        root.put("settings", r.settings());
        List<Object> devices = new ArrayList<>();
        for (DeviceResult d : r.devices()) {
            devices.add(device(d));
        }
        root.put("devices", devices);
        root.put("notes", r.notes());
        return JsonWriter.write(root);
    }

    private static Map<String, Object> device(DeviceResult d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.device());
        m.put("description", d.description());
        if (d.peak() != null) {
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("size", d.peak().size());
            g.put("gflops", d.peak().gflops());
            m.put("sgemm", g);
        }
        List<Object> figures = new ArrayList<>();
        for (OurFigure of : d.ours()) {
            Map<String, Object> f = figure(of.figure());
            f.put("peak_rss_reset", of.rssReset());
            f.put("peak_pool_mb", of.peakPoolBytes() / 1048576.0);
            f.put("raw_allocations_per_step", of.rawAllocationsPerStep());
            Map<String, Object> peers = new LinkedHashMap<>();
            for (PeerResult p : d.peerColumns()) {
                Figure pf = p.figures().get(of.figure().workload());
                if (pf != null) {
                    Map<String, Object> pm = figure(pf);
                    pm.remove("workload");
                    pm.put("ratio", Rounds.ratio(of.figure(), pf));
                    peers.put(p.name(), pm);
                }
            }
            f.put("peers", peers);
            figures.add(f);
        }
        m.put("figures", figures);
        List<Object> peers = new ArrayList<>();
        for (PeerResult p : d.peers()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("name", p.name());
            pm.put("label", p.label());
            pm.put("notes", p.notes());
            List<Object> outs = new ArrayList<>();
            for (PeerOutput o : p.outputs()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("layout", o.layout());
                om.put("command", String.join(" ", o.command()));
                om.put("seconds", o.seconds());
                om.put("problem", o.problem());
                om.put("header", o.header());
                om.put("figures", o.figures().stream().map(JsonReport::figure).toList());
                om.put("failures", o.failures());
                outs.add(om);
            }
            pm.put("invocations", outs);
            peers.add(pm);
        }
        m.put("peers", peers);
        return m;
    }

    /** A figure's keys as the peer protocol names them (bench/peers/README.md), its extras last. */
    static Map<String, Object> figure(Figure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", f.workload());
        m.put("unit", f.unit());
        m.put("median", f.median());
        m.put("runs", f.runs());
        m.put("peak_rss_mb", f.peakRssMb());
        m.putAll(f.extra());
        return m;
    }
}
