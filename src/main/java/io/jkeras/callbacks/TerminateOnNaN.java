package io.jkeras.callbacks;

import java.util.Map;

/** Stops training as soon as a batch's loss is NaN or infinite; the epoch is still closed. */
public class TerminateOnNaN extends Callback {
    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs == null ? null : logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            model().stopTraining(true);
        }
    }
}
