package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are Python 3's {@code str.format} output for the same template and value. */
class PythonFormatTest {

    private static void check(String expected, String template, Object value) {
        String name = template.substring(1, template.indexOf(':') > 0 ? template.indexOf(':') : template.indexOf('}'));
        assertEquals(expected, PythonFormat.format(template, Map.of(name, value)), template + " of " + value);
    }

    @Test
    void integersAsTheEpochIs() {
        check("03", "{epoch:02d}", 3);
        check("3", "{epoch}", 3);
        check("3.00", "{epoch:.2f}", 3);
        check("3     ", "{x:<6d}", 3);
        check("  42   ", "{x:^7d}", 42);
        check("****7", "{x:*>5}", 7);
        check("+5", "{x:+d}", 5);
        check("+    5", "{x:=+6d}", 5);
    }

    @Test
    void floatsAsLogValuesAre() {
        check("0.41", "{val_loss:.2f}", 0.41);
        check("0.1235", "{x:.4f}", 0.123456);
        check("4.100000e-04", "{x:e}", 0.00041);
        check("1.23e+04", "{x:.2e}", 12345.678);
        check("-1.234560e+02", "{x:e}", -123.456);
        check(" 1.234e+03", "{x:10.3e}", 1234.5);
        check("1.500000E+00", "{x:E}", 1.5);
        check("2e+01", "{x:.0e}", 15.0);
        check("0.000000e+00", "{x:e}", 0.0);
        check("12.3%", "{x:.1%}", 0.1234);
        check("+2.2", "{x:+.1f}", 2.25);
        check("  -1.500", "{x:8.3f}", -1.5);
        check("-001.500", "{x:08.3f}", -1.5);
        check(" 2.000", "{x: .3f}", 2.0);
        check("-0.00", "{x:.2f}", -0.0);
        check("inf", "{x:f}", Double.POSITIVE_INFINITY);
        check("INF", "{x:F}", Double.POSITIVE_INFINITY);
    }

    @Test
    void roundingIsHalfEvenOnTheExactBinaryValue() {
        check("0.12", "{x:.2f}", 0.125);
        check("0.38", "{x:.2f}", 0.375);
        check("1.00", "{x:.2f}", 1.005);
        check("2", "{x:.0f}", 2.5);
        check("0.12", "{x:.2f}", (double) 0.125f);
    }

    @Test
    void generalAndNoneTypes() {
        check("0.0001", "{x:g}", 0.0001);
        check("1e-05", "{x:g}", 0.00001);
        check("1.23457e+06", "{x:g}", 1234567.0);
        check("100000", "{x:g}", 100000.0);
        check("1e+06", "{x:g}", 1000000.0);
        check("1.50000", "{x:#g}", 1.5);
        check("0", "{x:g}", 0.0);
        check("10", "{x:.3g}", 9.9999);
        check("2.0", "{x:.3}", 2.0);
        check("1.23e+03", "{x:.3}", 1234.5);
        check("1.23e-05", "{x:.3}", 0.00001234);
        check("1e-05", "{x}", 1e-5);
        check("1e+16", "{x}", 1e16);
        check("123.0", "{x}", 123.0);
        check("0.0", "{x}", 0.0);
        check("2.5e-07", "{x}", 2.5e-7);
        check("0.4099999964237213", "{x}", (double) 0.41f);
    }

    @Test
    void bracesAndErrors() {
        assertEquals("{epoch}-7", PythonFormat.format("{{epoch}}-{epoch}", Map.of("epoch", 7)));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> PythonFormat.format("w.{val_acc:.2f}", Map.of("epoch", 1, "loss", 0.5))).getMessage();
        assertTrue(missing.contains("val_acc") && missing.contains("loss") && missing.contains("epoch"), missing);
        String d = assertThrows(IllegalArgumentException.class,
                () -> PythonFormat.format("{loss:d}", Map.of("loss", 0.5))).getMessage();
        assertTrue(d.contains("Unknown format code 'd'"), d);
        for (String bad : new String[] {"{", "a}b", "{0}", "{}", "{a.b}", "{x:q}", "{x:.2.2f}"}) {
            assertThrows(IllegalArgumentException.class, () -> PythonFormat.format(bad, Map.of("x", 1.0, "a", 1.0)),
                    bad);
        }
    }
}
