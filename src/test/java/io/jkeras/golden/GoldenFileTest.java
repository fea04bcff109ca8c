package io.jkeras.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader of the golden-value format. */
class GoldenFileTest {
    @Test
    void readsCasesTextsAndTensors() {
        List<GoldenCase> cases = GoldenFile.parse("t", List.of(
                "# header", "", "# about a", "case a", "text loss mean_squared_error", "text names loss,accuracy",
                "tensor x 2 3", "1 2 3", "# a comment inside", "4 5 6.5e-1", "tensor s", "0.25",
                "case b", "text flag true", "tensor w0 2", "-1 1", "tensor w1 1", "3"));
        assertEquals(2, cases.size());
        GoldenCase a = cases.get(0);
        assertEquals("a", a.name());
        assertEquals("mean_squared_error", a.text("loss"));
        assertEquals(List.of("loss", "accuracy"), a.list("names"));
        assertArrayEquals(new int[] {2, 3}, a.array("x").shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 0.65}, a.array("x").values());
        assertArrayEquals(new int[0], a.array("s").shape());
        assertEquals(0.25, a.array("s").scalar());
        assertFalse(a.flag("missing", false));
        GoldenCase b = cases.get(1);
        assertTrue(b.flag("flag", false));
        assertEquals(2, b.indexed("w").size());
        assertTrue(b.indexed("x").isEmpty());
    }

    @Test
    void rejectsMalformedFiles() {
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("text a b")));
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("case a", "case a")));
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("case a", "tensor x 3", "1 2")));
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("case a", "tensor x 2", "1 2 3")));
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("case a", "blob x")));
        assertThrows(IllegalArgumentException.class,
                () -> GoldenFile.parse("t", List.of("case a", "text k v", "text k w")));
        assertThrows(IllegalArgumentException.class, () -> GoldenFile.parse("t", List.of("case a")).get(0).text("k"));
    }
}
