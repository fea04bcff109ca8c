package io.jkeras.metrics;

import io.jkeras.backend.Tensor;
import io.jkeras.losses.LossFunctions;
import io.jkeras.ops.MathOps;
import io.jkeras.ops.Tape;

/**
 * Keras's {@code RootMeanSquaredError} metric ({@code root_mean_squared_error}):
 * {@code sqrt} of the weighted mean of every squared error seen.
 */
public class RootMeanSquaredError extends Mean {
    public RootMeanSquaredError() {
        this("root_mean_squared_error");
    }

    public RootMeanSquaredError(String name) {
        super(name);
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor sq = Tape.paused(() -> {
            Tensor[] aligned = LossFunctions.alignRanks(yTrue, yPred);
            Tensor d = MathOps.sub(aligned[1], aligned[0]);
            Tensor out = MathOps.square(d);
            d.close();
            if (aligned[0] != yTrue) {
                aligned[0].close();
            }
            if (aligned[1] != yPred) {
                aligned[1].close();
            }
            return out;
        });
        update(sq, sampleWeight);
        sq.close();
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }

    @Override
    public RootMeanSquaredError copy(String newName) {
        return new RootMeanSquaredError(newName);
    }
}
