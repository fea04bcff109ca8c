package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PeerResultTest {
    private static Figure fig(String workload, String unit, double median) {
        return new Figure(workload, unit, median, List.of(median), null, Map.of());
    }

    private static PeerOutput out(String layout, Figure... figures) {
        return new PeerOutput(layout, List.of("peer"), Map.of("peer", "p"), List.of(figures), Map.of(), null, 1);
    }

    @Test
    void bestPerWorkloadOverLayoutsTaggedWithItsLayout() {
        PeerOutput a = out("2 torch threads", fig("W1 train", "samples/s", 100), fig("W4 trainOnBatch", "us", 300));
        PeerOutput b = out("1 torch thread", fig("W1 train", "samples/s", 150), fig("W4 trainOnBatch", "us", 400));
        Map<String, Figure> best = PeerResult.best(List.of(a, b));
        assertEquals(150, best.get("W1 train").median(), 0);
        assertEquals("1 torch thread", best.get("W1 train").extra().get("layout"));
        assertEquals(300, best.get("W4 trainOnBatch").median(), 0);
        assertEquals("2 torch threads", best.get("W4 trainOnBatch").extra().get("layout"));
    }

    @Test
    void oneLayoutIsNotTagged() {
        Map<String, Figure> best = PeerResult.best(List.of(out("", fig("W1 train", "samples/s", 1)),
                out("", fig("W3 Fashion-MNIST", "s", 60))));
        assertEquals(2, best.size());
        assertFalse(best.get("W1 train").extra().containsKey("layout"));
    }

    @Test
    void problemsNameTheLayoutAndEachFailedWorkload() {
        PeerOutput o = new PeerOutput("1 torch thread", List.of("peer"), null, List.of(),
                Map.of("W2 train", "RuntimeError: x"), "exit status 1", 2);
        assertEquals(List.of("exit status 1 (1 torch thread)", "W2 train failed (1 torch thread): RuntimeError: x"),
                PeerResult.problems(o));
        assertNull(new PeerResult("p", "P", "cpu", Map.of(), List.of(o), List.of()).header());
    }
}
