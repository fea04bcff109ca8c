package io.jkeras.callbacks;

import io.jkeras.optimizers.Optimizer;
import java.util.Map;

/**
 * Sets the learning rate at the start of each epoch to {@code schedule(epoch, currentLr)}
 * (epoch 0-based, as in Keras), and writes it to the epoch's logs as "lr".
 */
public class LearningRateScheduler extends Callback {
    /** Keras's schedule function. */
    @FunctionalInterface
    public interface Schedule {
        double learningRate(int epoch, double currentLr);
    }

    private final Schedule schedule;
    private final int verbose;

    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0);
    }

    public LearningRateScheduler(Schedule schedule, int verbose) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must be a function (epoch, lr) -> lr, got null");
        }
        this.schedule = schedule;
        this.verbose = verbose;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        Optimizer opt = ReduceLROnPlateau.optimizer(model(), "LearningRateScheduler");
        double lr = schedule.learningRate(epoch, opt.learningRate());
        if (Double.isNaN(lr) || Double.isInfinite(lr) || lr < 0) {
            throw new IllegalArgumentException("The output of the \"schedule\" function should be a finite float >= 0,"
                    + " got " + lr + " for epoch " + epoch);
        }
        opt.learningRate(lr);
        if (verbose > 0) {
            System.out.printf("%nEpoch %05d: LearningRateScheduler setting learning rate to %s.%n", epoch + 1, lr);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (logs != null) {
            logs.put("lr", ReduceLROnPlateau.optimizer(model(), "LearningRateScheduler").learningRate());
        }
    }
}
