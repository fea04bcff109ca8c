package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtocolLineTest {
    @Test
    void headerKeepsEveryField() {
        ProtocolLine l = ProtocolLine.parse("{\"peer\": \"pytorch\", \"version\": \"1.13.0a0\", \"threads\": 2,"
                + " \"flush_denormal\": true, \"blas\": null}");
        ProtocolLine.Header h = assertInstanceOf(ProtocolLine.Header.class, l);
        assertEquals("pytorch", h.peer());
        assertEquals("1.13.0a0", h.version());
        assertEquals(2.0, h.fields().get("threads"));
        assertEquals(Boolean.TRUE, h.fields().get("flush_denormal"));
        assertTrue(h.fields().containsKey("blas"));
        assertEquals(List.of("peer", "version", "threads", "flush_denormal", "blas"), List.copyOf(h.fields().keySet()));
    }

    @Test
    void figureWithRunsRssAndExtras() {
        ProtocolLine l = ProtocolLine.parse("{\"workload\": \"W3 Fashion-MNIST\", \"unit\": \"s\", \"median\": 61.5,"
                + " \"runs\": [61.5], \"peak_rss_mb\": 812.3, \"accuracy\": 0.8891, \"epochs\": 3}");
        Figure f = assertInstanceOf(ProtocolLine.Result.class, l).figure();
        assertEquals("W3 Fashion-MNIST", f.workload());
        assertEquals("s", f.unit());
        assertEquals(61.5, f.median(), 0);
        assertEquals(List.of(61.5), f.runs());
        assertEquals(812.3, f.peakRssMb(), 0);
        assertEquals(0.8891, f.number("accuracy"), 0);
        assertEquals(Map.of("accuracy", 0.8891, "epochs", 3.0), f.extra());
    }

    @Test
    void figureWithoutRunsOrRss() {
        Figure f = assertInstanceOf(ProtocolLine.Result.class,
                ProtocolLine.parse("{\"workload\": \"W4 trainOnBatch\", \"unit\": \"us\", \"median\": 2.5e3}")).figure();
        assertEquals(List.of(2500.0), f.runs());
        assertNull(f.peakRssMb());
    }

    @Test
    void failureLine() {
        ProtocolLine.Failure e = assertInstanceOf(ProtocolLine.Failure.class,
                ProtocolLine.parse("{\"workload\": \"W2 train\", \"error\": \"RuntimeError: \\\"oom\\\"\\n\"}"));
        assertEquals("W2 train", e.workload());
        assertEquals("RuntimeError: \"oom\"\n", e.message());
    }

    @Test
    void otherLines() {
        assertInstanceOf(ProtocolLine.Other.class, ProtocolLine.parse("Epoch 1/3"));
        assertInstanceOf(ProtocolLine.Other.class, ProtocolLine.parse("{\"workload\": \"W1 train\", \"unit\": \"x\"}"));
        assertInstanceOf(ProtocolLine.Other.class, ProtocolLine.parse("{\"workload\": \"W1 train\""));
        assertInstanceOf(ProtocolLine.Other.class, ProtocolLine.parse("{\"something\": 1}"));
    }

    @Test
    void jsonReadsPythonsNonFiniteNumbersAndEscapes() {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) Json.parse(
                "{\"a\": NaN, \"b\": -Infinity, \"c\": [1, -2.5e-1, {}], \"d\": \"\\u00e9\\/\"}");
        assertTrue(((Double) m.get("a")).isNaN());
        assertEquals(Double.NEGATIVE_INFINITY, m.get("b"));
        assertEquals(List.of(1.0, -0.25, Map.of()), m.get("c"));
        assertEquals("\u00e9/", m.get("d"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": 1} x"));
        assertTrue(e.getMessage().contains("offset 9"), e.getMessage());
    }

    @Test
    void writerAndReaderAgree() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "q\"uote\\ and\nline");
        m.put("n", 25741.234567891);
        m.put("i", 3);
        m.put("small", 1e-9);
        m.put("nan", Double.NaN);
        m.put("list", List.of(1.5, 2.0));
        m.put("nested", List.of(Map.of("k", true)));
        String text = JsonWriter.write(m);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) Json.parse(text);
        assertEquals(m.get("s"), back.get("s"));
        assertEquals(25741.23, (Double) back.get("n"), 0);
        assertEquals(3.0, back.get("i"));
        assertEquals(1e-9, back.get("small"));
        assertNull(back.get("nan"));
        assertEquals(List.of(1.5, 2.0), back.get("list"));
        assertEquals(List.of(Map.of("k", true)), back.get("nested"));
        assertTrue(text.contains("\"list\": [1.5, 2]"), text);
    }
}
