package io.jkeras.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void nestedValuesRoundTripInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", "first key");
        m.put("a", Arrays.asList(1L, null, true, false, -7L, Long.MIN_VALUE));
        m.put("quote \"\\ \n\t\u0001 é", "ü ∑ \u2028");
        m.put("nested", List.of(Map.of(), List.of(), Map.of("k", List.of(List.of(1.5)))));
        m.put("empty", "");
        assertEquals(m, Json.parse(Json.write(m)));
        assertEquals(List.of("z", "a", "quote \"\\ \n\t\u0001 é", "nested", "empty"),
                new ArrayList<>(((Map<?, ?>) Json.parse(Json.write(m))).keySet()));
    }

    @Test
    void doublesReadBackToTheSameBitsAndFloatsInShortForm() {
        Random r = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double d = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
            assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) Json.parse(Json.write(d))));
            float f = (float) d;
            assertEquals(Float.floatToRawIntBits(f),
                    Float.floatToRawIntBits((float) (double) (Double) Json.parse(Json.write(f))));
        }
        assertEquals("0.9\n", Json.write(0.9f));
        assertEquals("1.0E-7\n", Json.write(1e-7f));
        assertEquals("0.8999999761581421\n", Json.write((double) 0.9f));
        assertEquals("[3, 4]\n", Json.write(new int[] {3, 4}));
        assertEquals(Long.class, Json.parse("12").getClass());
        assertEquals(Double.class, Json.parse("1e2").getClass());
    }

    @Test
    void malformedTextFailsWithItsOffset() {
        String[] bad = {"", "{", "{\"a\" 1}", "[1,]", "{\"a\": 1, \"a\": 2}", "\"open", "tru", "[1] 2", "01x", "{1: 2}",
            "\"\\x\"", "-"};
        for (String s : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(s), s);
            assertTrue(e.getMessage().startsWith("invalid JSON at offset"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
    }
}
