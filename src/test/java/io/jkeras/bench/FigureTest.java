package io.jkeras.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FigureTest {
    private static Figure fig(String unit, double median) {
        return new Figure("W", unit, median, List.of(median), null, Map.of());
    }

    @Test
    void ratesCompareOursOverTheirs() {
        assertEquals(2.0, Figure.ratio(fig("samples/s", 200), fig("samples/s", 100)), 1e-12);
        assertEquals(0.5, Figure.ratio(fig("GFLOP/s", 50), fig("GFLOP/s", 100)), 1e-12);
    }

    @Test
    void timesCompareTheirsOverOurs() {
        // 100 us against their 300 us: three times as fast, so the ratio favours us
        assertEquals(3.0, Figure.ratio(fig("us", 100), fig("us", 300)), 1e-12);
        assertEquals(0.5, Figure.ratio(fig("s", 60), fig("s", 30)), 1e-12);
    }

    @Test
    void betterFollowsTheUnit() {
        assertTrue(fig("samples/s", 2).betterThan(fig("samples/s", 1)));
        assertTrue(fig("us", 1).betterThan(fig("us", 2)));
        assertFalse(fig("s", 2).betterThan(fig("s", 1)));
        assertFalse(fig("us", 2).betterThan(fig("us", 2)));
    }

    @Test
    void differentUnitsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Figure.ratio(fig("us", 1), fig("s", 1)));
        assertTrue(e.getMessage().contains("\"us\"") && e.getMessage().contains("\"s\""), e.getMessage());
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Stats.median(5, 1, 3), 0);
        assertEquals(2.5, Stats.median(4, 1, 3, 2), 0);
        assertEquals(7.0, Stats.median(List.of(7.0)), 0);
        assertThrows(IllegalArgumentException.class, Stats::median);
        assertEquals(20.0, Figure.of("W", "samples/s", List.of(30.0, 10.0, 20.0)).median(), 0);
    }
}
