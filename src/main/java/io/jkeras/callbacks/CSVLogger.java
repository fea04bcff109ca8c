package io.jkeras.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Streams each epoch's logs to a CSV file: a header {@code epoch,<sorted keys>} (the keys of the
 * first epoch, fixed from then on), one row per epoch, flushed at once; with {@code append}
 * the header is written only to an empty or new file. When training stops early, keys missing
 * from the last epoch are written as NA (Keras 2.3).
 */
public class CSVLogger extends Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private List<String> keys;
    private BufferedWriter out;
    private boolean headerPending;

    public CSVLogger(String filename) {
        this(filename, ",", false);
    }

    public CSVLogger(String filename, String separator, boolean append) {
        if (filename == null || filename.isEmpty()) {
            throw new IllegalArgumentException("CSVLogger needs a file name, got " + (filename == null ? "null" : "\"\""));
        }
        if (separator == null || separator.isEmpty()) {
            throw new IllegalArgumentException("separator must be a non-empty string");
        }
        this.file = Path.of(filename);
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        try {
            boolean writeHeader = !append || !Files.exists(file) || Files.size(file) == 0;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            headerPending = writeHeader;
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not open " + file, e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (keys == null) {
            List<String> k = new ArrayList<>(logs.keySet());
            Collections.sort(k);
            keys = k;
        }
        try {
            if (headerPending) {
                out.write("epoch" + separator + String.join(separator, keys));
                out.newLine();
                headerPending = false;
            }
            StringBuilder row = new StringBuilder(Integer.toString(epoch));
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : Double.toString(v));
            }
            out.write(row.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger could not write to " + file, e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger could not close " + file, e);
            }
            out = null;
        }
    }
}
