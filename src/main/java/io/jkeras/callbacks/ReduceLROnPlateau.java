package io.jkeras.callbacks;

import io.jkeras.optimizers.Optimizer;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a monitored quantity has not improved
 * (by more than {@code minDelta}) for {@code patience} epochs, then waits {@code cooldown}
 * epochs; never below {@code minLr}. Writes the rate used in each epoch to the logs as "lr".
 * Keras 2.3's defaults: val_loss, factor 0.1, patience 10, minDelta 1e-4.
 */
public class ReduceLROnPlateau extends Callback {
    private String monitorName = "val_loss";
    private String mode = "auto";
    private double factor = 0.1;
    private int patience = 10;
    private int verbose;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;

    private Monitor monitor;
    private double best;
    private int wait;
    private int cooldownCounter;

    public ReduceLROnPlateau monitor(String key) {
        this.monitorName = key;
        return this;
    }

    public ReduceLROnPlateau factor(double f) {
        if (!(f < 1.0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0, got " + f);
        }
        this.factor = f;
        return this;
    }

    public ReduceLROnPlateau patience(int p) {
        if (p < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + p);
        }
        this.patience = p;
        return this;
    }

    public ReduceLROnPlateau verbose(int v) {
        this.verbose = v;
        return this;
    }

    public ReduceLROnPlateau mode(String m) {
        new Monitor(monitorName, m, "ReduceLROnPlateau");
        this.mode = m;
        return this;
    }

    public ReduceLROnPlateau minDelta(double d) {
        this.minDelta = d;
        return this;
    }

    public ReduceLROnPlateau cooldown(int c) {
        if (c < 0) {
            throw new IllegalArgumentException("cooldown must be >= 0, got " + c);
        }
        this.cooldown = c;
        return this;
    }

    public ReduceLROnPlateau minLr(double lr) {
        if (lr < 0) {
            throw new IllegalArgumentException("minLr must be >= 0, got " + lr);
        }
        this.minLr = lr;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        monitor = new Monitor(monitorName, mode, "ReduceLROnPlateau");
        best = monitor.initial();
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer opt = optimizer(model(), "ReduceLROnPlateau");
        if (logs != null) {
            logs.put("lr", opt.learningRate());
        }
        Double current = monitor.read(logs, "Reduce LR on plateau");
        if (current == null) {
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improves(current, best, minDelta)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience) {
                double old = opt.learningRate();
                if (old > minLr) {
                    double lr = Math.max(old * factor, minLr);
                    opt.learningRate(lr);
                    if (verbose > 0) {
                        System.out.printf("%nEpoch %05d: ReduceLROnPlateau reducing learning rate to %s.%n", epoch + 1, lr);
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    static Optimizer optimizer(io.jkeras.Model model, String callback) {
        Optimizer opt = model == null ? null : model.optimizer();
        if (opt == null) {
            throw new IllegalStateException(callback + " needs a compiled model with an optimizer");
        }
        return opt;
    }
}
