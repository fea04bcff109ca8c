package io.jkeras.training;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.layers.Functional;
import io.jkeras.layers.Layer;
import io.jkeras.losses.Loss;
import io.jkeras.metrics.Mean;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * One training, test or prediction step on the device. Everything a step makes lives in one
 * {@link TensorScope} and goes back to the pool at its end; what survives between steps
 * (weights, optimizer slots, metric accumulators, the last loss) stays on the device, and
 * nothing comes back to the host unless someone reads it.
 */
final class StepRunner implements AutoCloseable {
    private final Functional graph;
    private final CompiledModel compiled;
    private final Backend backend;
    private final Tensor lastLoss;

    StepRunner(Functional graph, CompiledModel compiled, Backend backend) {
        this.graph = graph;
        this.compiled = compiled;
        this.backend = backend;
        this.lastLoss = TensorScope.outside(() -> MathOps.zeros(backend));
    }

    Backend backend() {
        return backend;
    }

    /** The total loss of the last train or test step (copied to the host when read). */
    double lastLoss() {
        return lastLoss.item();
    }

    /** Forward, loss, gradients, optimizer update and metric updates for one batch. */
    void train(DeviceBatch batch) {
        List<Variable> weights = compiled.trainableWeights();
        List<Tensor> outputs;
        Tensor total;
        Tensor[] grads;
        try (Tape tape = Tape.start()) {
            List<Tensor> sources = new ArrayList<>(weights.size());
            for (Variable v : weights) {
                tape.watch(v.value());
                sources.add(v.value());
            }
            outputs = graph.call(batch.x(), true);
            total = totalLoss(outputs, batch);
            // A total that no trainable weight reaches (all frozen) has no gradients to apply.
            grads = total.tapeIndex() < 0 ? new Tensor[weights.size()] : tape.gradient(total, null, sources);
        }
        compiled.optimizer().applyGradients(weights, java.util.Arrays.asList(grads));
        finishStep(outputs, total, batch);
    }

    /** Forward in inference mode, loss and metric updates. */
    void test(DeviceBatch batch) {
        List<Tensor> outputs = graph.call(batch.x(), false);
        Tensor total = totalLoss(outputs, batch);
        finishStep(outputs, total, batch);
    }

    /** Forward in inference mode; the outputs belong to the caller's scope. */
    List<Tensor> predict(List<Tensor> x) {
        return graph.call(x, false);
    }

    private void finishStep(List<Tensor> outputs, Tensor total, DeviceBatch batch) {
        backend.copy(total, lastLoss);
        Tensor n = MathOps.scalar(backend, batch.size());
        compiled.lossMean().update(total, n);
        for (CompiledModel.MetricEntry m : compiled.metrics()) {
            int k = m.output();
            m.metric().updateState(batch.y().get(k), outputs.get(k), m.weighted() ? batch.w().get(k) : null);
        }
    }

    /**
     * {@code sum_k lossWeight_k * loss_k + regularisation}; each output's own loss is folded
     * into its running mean, weighted by the batch size.
     */
    private Tensor totalLoss(List<Tensor> outputs, DeviceBatch batch) {
        Tensor total = null;
        Tensor n = null;
        for (int k = 0; k < outputs.size(); k++) {
            Loss loss = compiled.loss(k);
            if (loss == null) {
                continue;
            }
            Tensor lk = loss.apply(batch.y().get(k), outputs.get(k), batch.w().get(k));
            Mean mean = compiled.outputLossMean(k);
            if (mean != null) {
                if (n == null) {
                    n = MathOps.scalar(backend, batch.size());
                }
                mean.update(lk, n);
            }
            double weight = compiled.lossWeight(k);
            Tensor term = weight == 1.0 ? lk : MathOps.mul(lk, (float) weight);
            total = total == null ? term : MathOps.add(total, term);
        }
        for (Layer layer : graph.layers()) {
            for (Tensor penalty : layer.regularizationLosses()) {
                total = total == null ? penalty : MathOps.add(total, penalty);
            }
        }
        return total != null ? total : MathOps.scalar(backend, 0f);
    }

    @Override
    public void close() {
        lastLoss.close();
    }
}
