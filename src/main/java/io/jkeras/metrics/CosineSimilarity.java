package io.jkeras.metrics;

/** Keras's {@code CosineSimilarity} metric ({@code cosine_similarity}): the mean cosine similarity (+1 for a perfect match: the loss's opposite sign). */
public class CosineSimilarity extends MeanMetricWrapper {
    public CosineSimilarity() {
        this("cosine_similarity");
    }

    public CosineSimilarity(String name) {
        super(name, MetricFunctions::cosineProximity);
    }

    @Override
    public CosineSimilarity copy(String newName) {
        return new CosineSimilarity(newName);
    }
}
