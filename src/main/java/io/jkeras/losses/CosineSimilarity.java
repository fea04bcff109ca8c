package io.jkeras.losses;

/** Keras's {@code CosineSimilarity} loss ({@code cosine_similarity}): the negated cosine similarity over the last axis (-1 for a perfect match; tf.keras's class, Keras 2.3 has only the function). See {@link LossFunctions#cosineProximity}. */
public class CosineSimilarity extends LossFunctionWrapper {
    public CosineSimilarity() {
        this("cosine_similarity");
    }

    public CosineSimilarity(String name) {
        super(name, LossFunctions::cosineProximity, TargetCheck.SAME_AS_OUTPUT);
    }
}
