package io.jkeras.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keras 2.3's console formats, driven through the callback hooks as fit drives them. */
class ProgbarLoggerTest {

    private static String run(int verbose) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ProgbarLogger logger = new ProgbarLogger("samples", List.of("accuracy"), out);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", 2);
        params.put("samples", 100);
        params.put("verbose", verbose);
        params.put("metrics", List.of("loss", "accuracy", "val_loss", "val_accuracy"));
        logger.setParams(params);
        logger.onTrainBegin(new Logs());
        for (int epoch = 0; epoch < 2; epoch++) {
            logger.onEpochBegin(epoch, new Logs());
            for (int b = 0; b < 4; b++) {
                Logs logs = new Logs();
                logs.put("batch", (double) b);
                logs.put("size", 25.0);
                logs.put("loss", 0.5 - 0.1 * b);
                logs.put("accuracy", 0.25 * (b + 1));
                logger.onTrainBatchEnd(b, logs);
            }
            Logs epochLogs = new Logs();
            epochLogs.put("loss", 0.35);
            epochLogs.put("accuracy", 1.0);
            epochLogs.put("val_loss", 0.0001);
            epochLogs.put("val_accuracy", 0.75);
            logger.onEpochEnd(epoch, epochLogs);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verboseOneDrawsKerasBarsWithTheFinalLine() {
        String out = run(1);
        assertTrue(out.startsWith("Epoch 1/2\n"), out);
        assertTrue(out.contains("\nEpoch 2/2\n"), out);
        Pattern last = Pattern.compile("100/100 \\[={30}\\] - \\d+s \\d+(us|ms|s)/step - loss: (\\d\\.\\d{4}) - accuracy: 1\\.0000"
                + " - val_loss: 1\\.0000e-04 - val_accuracy: 0\\.7500\\n");
        var m = last.matcher(out);
        assertTrue(m.find(), out);
        // loss is averaged over the epoch's samples (Keras feeds the epoch value once more at the end)
        assertEquals((0.5 * 25 + 0.4 * 25 + 0.3 * 25 + 0.2 * 25 + 0.35 * 1) / 101, Double.parseDouble(m.group(2)), 1e-4);
        assertTrue(Pattern.compile(" 25/100 \\[======>\\.{23}\\] - ETA: \\d+s - loss: 0\\.5000 - accuracy: 0\\.2500")
                .matcher(out).find(), out);
    }

    @Test
    void verboseTwoPrintsOneLinePerEpoch() {
        String out = run(2);
        String[] lines = out.split("\n");
        assertEquals(4, lines.length, out);
        assertEquals("Epoch 1/2", lines[0]);
        assertTrue(lines[1].matches(" - \\d+s - loss: \\d\\.\\d{4} - accuracy: 1\\.0000 - val_loss: 1\\.0000e-04"
                + " - val_accuracy: 0\\.7500"), lines[1]);
    }

    @Test
    void verboseZeroPrintsNothingAndCountModeIsChecked() {
        assertEquals("", run(0));
        assertThrows(IllegalArgumentException.class, () -> new ProgbarLogger("batches", List.of()));
    }
}
