package io.jkeras.callbacks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Saves the model (or its weights) at the end of every {@code period}-th epoch, as Keras 2.3
 * does. The file path is a Python format string filled with the 1-based {@code epoch} and
 * every log value: {@code "w.{epoch:02d}-{val_loss:.2f}.jks"} gives {@code w.03-0.41.jks}; a
 * field naming a value the logs lack fails. With {@code saveBestOnly}, a file is written only
 * when the monitored value strictly improves on the best so far (which starts at +inf, or
 * -inf when maximising, and like Keras's is kept across fits of the same instance); a missing
 * monitored value is a warning and no save. Files are written atomically.
 */
public class ModelCheckpoint extends Callback {
    private final String filepath;
    private String monitorName = "val_loss";
    private String mode = "auto";
    private int verbose;
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private int period = 1;

    private Monitor monitor;
    private double best;
    private int epochsSinceLastSave;

    public ModelCheckpoint(String filepath) {
        if (filepath == null || filepath.isEmpty()) {
            throw new IllegalArgumentException("ModelCheckpoint: filepath must be a non-empty path, got "
                    + (filepath == null ? "null" : "\"\""));
        }
        this.filepath = filepath;
    }

    public ModelCheckpoint(Path filepath) {
        this(filepath == null ? null : filepath.toString());
    }

    /** The log value saveBestOnly compares (default "val_loss"). */
    public ModelCheckpoint monitor(String key) {
        new Monitor(key, mode, "ModelCheckpoint");
        this.monitorName = key;
        this.monitor = null;
        return this;
    }

    /** "auto" (default: max when the monitor contains "acc" or starts with "fmeasure"), "min" or "max". */
    public ModelCheckpoint mode(String mode) {
        new Monitor(monitorName, mode, "ModelCheckpoint");
        this.mode = mode;
        this.monitor = null;
        return this;
    }

    /** 1 prints a line for each save (and each epoch that did not improve); default 0. */
    public ModelCheckpoint verbose(int verbose) {
        this.verbose = verbose;
        return this;
    }

    public ModelCheckpoint saveBestOnly(boolean saveBestOnly) {
        this.saveBestOnly = saveBestOnly;
        return this;
    }

    /** Writes {@code saveWeights} files instead of whole models. */
    public ModelCheckpoint saveWeightsOnly(boolean saveWeightsOnly) {
        this.saveWeightsOnly = saveWeightsOnly;
        return this;
    }

    /** Epochs between saves (default 1). */
    public ModelCheckpoint period(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("ModelCheckpoint: period must be a positive number of epochs, got "
                    + epochs);
        }
        this.period = epochs;
        return this;
    }

    /**
     * Alias of {@link #period} (later Keras's name). The count is in epochs here; later Keras's
     * integer save_freq counts batches.
     */
    public ModelCheckpoint saveFreq(int epochs) {
        return period(epochs);
    }

    /** {@code saveFreq("epoch")}: a save after every epoch, as later Keras's default. */
    public ModelCheckpoint saveFreq(String freq) {
        if (!"epoch".equals(freq)) {
            throw new IllegalArgumentException("ModelCheckpoint: saveFreq must be \"epoch\" or a number of epochs,"
                    + " got \"" + freq + "\"");
        }
        return period(1);
    }

    /** The best monitored value so far (+inf or -inf before the first). */
    public double best() {
        monitor();
        return best;
    }

    private Monitor monitor() {
        if (monitor == null) {
            boolean fmeasure = "auto".equals(mode.toLowerCase(Locale.ROOT)) && monitorName.startsWith("fmeasure");
            monitor = new Monitor(monitorName, fmeasure ? "max" : mode, "ModelCheckpoint");
            best = monitor.initial();
        }
        return monitor;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochsSinceLastSave++;
        if (epochsSinceLastSave < period) {
            return;
        }
        epochsSinceLastSave = 0;
        Map<String, Object> values = new LinkedHashMap<>();
        if (logs != null) {
            values.putAll(logs);
        }
        values.put("epoch", epoch + 1);
        String path;
        try {
            path = PythonFormat.format(filepath, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ModelCheckpoint: cannot make the file path of epoch " + (epoch + 1)
                    + ": " + e.getMessage(), e);
        }
        if (!saveBestOnly) {
            print(String.format("Epoch %05d: saving model to %s", epoch + 1, path));
            save(path);
            return;
        }
        Monitor m = monitor();
        Double current = logs == null ? null : logs.get(m.key);
        if (current == null) {
            System.err.println("jkeras: Can save best model only with " + m.key + " available, skipping.");
            return;
        }
        if (m.improves(current, best, 0)) {
            print(String.format("Epoch %05d: %s improved from %s to %s, saving model to %s", epoch + 1, m.key,
                    PythonFormat.fixed(best, 5), PythonFormat.fixed(current, 5), path));
            best = current;
            save(path);
        } else {
            print(String.format("Epoch %05d: %s did not improve from %s", epoch + 1, m.key,
                    PythonFormat.fixed(best, 5)));
        }
    }

    /** Keras prints each message after an empty line, so it starts below the progress bar. */
    private void print(String message) {
        if (verbose > 0) {
            System.out.println();
            System.out.println(message);
        }
    }

    private void save(String path) {
        if (saveWeightsOnly) {
            model().saveWeights(path);
        } else {
            model().save(path);
        }
    }
}
