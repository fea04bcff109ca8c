package io.jkeras.callbacks;

import java.util.Map;

/**
 * A callback built from functions, as Keras's LambdaCallback: epoch hooks take (epoch, logs),
 * batch hooks (training batches only) take (batch, logs), train hooks take (logs).
 */
public class LambdaCallback extends Callback {
    /** A hook with an index (epoch or batch) and the logs. */
    @FunctionalInterface
    public interface IndexedHook {
        void call(int index, Map<String, Double> logs);
    }

    /** A hook with only the logs. */
    @FunctionalInterface
    public interface Hook {
        void call(Map<String, Double> logs);
    }

    private IndexedHook epochBegin;
    private IndexedHook epochEnd;
    private IndexedHook batchBegin;
    private IndexedHook batchEnd;
    private Hook trainBegin;
    private Hook trainEnd;

    public LambdaCallback onEpochBegin(IndexedHook h) {
        this.epochBegin = h;
        return this;
    }

    public LambdaCallback onEpochEnd(IndexedHook h) {
        this.epochEnd = h;
        return this;
    }

    public LambdaCallback onBatchBegin(IndexedHook h) {
        this.batchBegin = h;
        return this;
    }

    public LambdaCallback onBatchEnd(IndexedHook h) {
        this.batchEnd = h;
        return this;
    }

    public LambdaCallback onTrainBegin(Hook h) {
        this.trainBegin = h;
        return this;
    }

    public LambdaCallback onTrainEnd(Hook h) {
        this.trainEnd = h;
        return this;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (epochBegin != null) {
            epochBegin.call(epoch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (epochEnd != null) {
            epochEnd.call(epoch, logs);
        }
    }

    @Override
    public void onBatchBegin(int batch, Map<String, Double> logs) {
        if (batchBegin != null) {
            batchBegin.call(batch, logs);
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        if (batchEnd != null) {
            batchEnd.call(batch, logs);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        if (trainBegin != null) {
            trainBegin.call(logs);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (trainEnd != null) {
            trainEnd.call(logs);
        }
    }
}
