package io.jkeras.metrics;

import io.jkeras.backend.Tensor;

/** A metric as a plain function {@code f(yTrue, yPred)} returning per-sample values. */
@FunctionalInterface
public interface MetricFunction {
    Tensor apply(Tensor yTrue, Tensor yPred);
}
