package io.jkeras.metrics;

import static io.jkeras.losses.Arrays2.assertClose;
import static io.jkeras.losses.Arrays2.t;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-sample values of the metric functions that are not losses. */
class MetricFunctionsTest {
    private TensorScope scope;

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    @Test
    void binaryAccuracyRoundsHalfToEven() {
        Tensor yt = t(new float[] {0, 1, 0, 1, 0, 1}, 2, 3);
        // round: 0.5 -> 0, 0.51 -> 1, 1.5 -> 2 (so a prediction of 1.5 never matches a 1)
        Tensor yp = t(new float[] {0.5f, 0.51f, 0.2f, 0.9f, 0.49f, 1.5f}, 2, 3);
        assertClose(new double[] {1, 2.0 / 3}, MetricFunctions.binaryAccuracy(yt, yp).toFloatArray(), 1e-6, "0.5");
        // another threshold compares yPred > threshold
        assertClose(new double[] {2.0 / 3, 1}, MetricFunctions.binaryAccuracy(yt, yp, 0.7f).toFloatArray(), 1e-6, "0.7");
    }

    @Test
    void accuracyIsElementwise() {
        Tensor out = MetricFunctions.accuracy(t(new float[] {1, 2, 3, 4}, 2, 2), t(new float[] {1, 0, 3, 4}, 2, 2));
        assertArrayEquals(new int[] {2, 2}, out.shape());
        assertArrayEquals(new float[] {1, 0, 1, 1}, out.toFloatArray());
    }

    @Test
    void categoricalAccuracyTakesTheFirstMaximum() {
        Tensor yt = t(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, 3, 3);
        Tensor yp = t(new float[] {0.4f, 0.4f, 0.2f, 0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f}, 3, 3);
        assertArrayEquals(new float[] {0, 1, 1}, MetricFunctions.categoricalAccuracy(yt, yp).toFloatArray());
    }

    @Test
    void sparseCategoricalAccuracyAcceptsBothLabelShapes() {
        Tensor yp = t(new float[] {0.1f, 0.2f, 0.7f, 0.5f, 0.3f, 0.2f, 0.2f, 0.6f, 0.2f}, 3, 3);
        float[] labels = {2, 1, 1};
        assertArrayEquals(new float[] {1, 0, 1}, MetricFunctions.sparseCategoricalAccuracy(t(labels, 3), yp).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, MetricFunctions.sparseCategoricalAccuracy(t(labels, 3, 1), yp).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> MetricFunctions.sparseCategoricalAccuracy(t(new float[] {1, 2}, 2), yp));
    }

    @Test
    void topK() {
        Tensor yp = t(new float[] {0.1f, 0.5f, 0.3f, 0.1f, 0.4f, 0.3f, 0.2f, 0.1f, 0.3f, 0.3f, 0.3f, 0.1f}, 3, 4);
        float[] labels = {2, 3, 2};
        Tensor oneHot = t(new float[] {0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0}, 3, 4);
        // row 3 is a three-way tie: in TensorFlow's in_top_k every tied class is in the top 1
        assertArrayEquals(new float[] {0, 0, 1}, MetricFunctions.topKCategoricalAccuracy(oneHot, yp, 1).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, MetricFunctions.topKCategoricalAccuracy(oneHot, yp, 2).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, MetricFunctions.topKCategoricalAccuracy(oneHot, yp).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 1}, MetricFunctions.sparseTopKCategoricalAccuracy(t(labels, 3, 1), yp, 1).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, MetricFunctions.sparseTopKCategoricalAccuracy(t(labels, 3), yp, 3).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1}, MetricFunctions.sparseTopKCategoricalAccuracy(t(labels, 3), yp).toFloatArray());
    }

    @Test
    void topKOnTemporalOutputsKeepsTheirShape() {
        Tensor yp = t(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.6f, 0.4f, 0.3f, 0.7f}, 2, 2, 2);
        Tensor out = MetricFunctions.sparseTopKCategoricalAccuracy(t(new float[] {0, 0, 0, 1}, 2, 2), yp, 1);
        assertArrayEquals(new int[] {2, 2}, out.shape());
        assertArrayEquals(new float[] {1, 0, 1, 1}, out.toFloatArray());
    }

    @Test
    void cosineMetricHasThePositiveSign() {
        Tensor a = t(new float[] {1, 2, 3, -1, 0, 1}, 2, 3);
        Tensor b = t(new float[] {2, 4, 6, 1, 0, -1}, 2, 3);
        assertClose(new double[] {1, -1}, MetricFunctions.cosineProximity(a, b).toFloatArray(), 1e-6, "cosine metric");
    }
}
