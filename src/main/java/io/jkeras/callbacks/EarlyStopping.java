package io.jkeras.callbacks;

import io.jkeras.NDArray;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored quantity has stopped improving for {@code patience} epochs
 * (Keras 2.3: an epoch improves when it beats the best by more than {@code minDelta}; a
 * {@code baseline} is the best to beat from the start). With {@code restoreBestWeights}, a stop
 * restores the weights of the best epoch.
 */
public class EarlyStopping extends Callback {
    private String monitorName = "val_loss";
    private String mode = "auto";
    private double minDelta;
    private int patience;
    private int verbose;
    private Double baseline;
    private boolean restoreBestWeights;

    private Monitor monitor;
    private int wait;
    private int stoppedEpoch;
    private double best;
    private List<NDArray> bestWeights;

    public EarlyStopping monitor(String key) {
        this.monitorName = key;
        return this;
    }

    public EarlyStopping minDelta(double d) {
        this.minDelta = Math.abs(d);
        return this;
    }

    public EarlyStopping patience(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + p);
        }
        this.patience = p;
        return this;
    }

    public EarlyStopping verbose(int v) {
        this.verbose = v;
        return this;
    }

    public EarlyStopping mode(String m) {
        new Monitor(monitorName, m, "EarlyStopping");
        this.mode = m;
        return this;
    }

    public EarlyStopping baseline(Double b) {
        this.baseline = b;
        return this;
    }

    public EarlyStopping restoreBestWeights(boolean r) {
        this.restoreBestWeights = r;
        return this;
    }

    /** The epoch at which training was stopped (0 when it ran to the end). */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        monitor = new Monitor(monitorName, mode, "EarlyStopping");
        wait = 0;
        stoppedEpoch = 0;
        best = baseline != null ? baseline : monitor.initial();
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = monitor.read(logs, "Early stopping");
        if (current == null) {
            return;
        }
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            wait = 0;
            if (restoreBestWeights) {
                bestWeights = model().getWeights();
            }
            return;
        }
        wait++;
        if (wait >= patience) {
            stoppedEpoch = epoch;
            model().stopTraining(true);
            if (restoreBestWeights && bestWeights != null) {
                if (verbose > 0) {
                    System.out.println("Restoring model weights from the end of the best epoch");
                }
                model().setWeights(bestWeights);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            System.out.printf("Epoch %05d: early stopping%n", stoppedEpoch + 1);
        }
    }
}
