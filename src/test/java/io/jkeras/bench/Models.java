package io.jkeras.bench;

import io.jkeras.CompileOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.Adam;

/**
 * The protocol's models through the Keras API, compiled with Adam(1e-3, epsilon 1e-7), on
 * the current device.
 */
final class Models {
    private Models() {
    }

    /** W1 and W4: MLP 784-512-512-10. */
    static Model mlp(String loss) {
        KerasTensor in = Input.of(784);
        KerasTensor h = new Dense(512).activation("relu").apply(in);
        h = new Dense(512).activation("relu").apply(h);
        return compiled(new Model(in, new Dense(10).activation("softmax").apply(h)), loss);
    }

    /** W2 and W3: two conv blocks and a dense head (the main job's CNN without its dropout). */
    static Model cnn(String loss, String... metrics) {
        KerasTensor in = Input.of(28, 28, 1);
        KerasTensor h = new Conv2D(32, 3).activation("relu").apply(in);
        h = new MaxPooling2D(2).apply(h);
        h = new Conv2D(64, 3).activation("relu").apply(h);
        h = new MaxPooling2D(2).apply(h);
        h = new Flatten().apply(h);
        h = new Dense(128).activation("relu").apply(h);
        return compiled(new Model(in, new Dense(10).activation("softmax").apply(h)), loss, metrics);
    }

    /** W5: MLP 4096-4096-4096, softmax over 4096 classes. */
    static Model wide(String loss) {
        KerasTensor in = Input.of(4096);
        KerasTensor h = new Dense(4096).activation("relu").apply(in);
        return compiled(new Model(in, new Dense(4096).activation("softmax").apply(h)), loss);
    }

    private static Model compiled(Model m, String loss, String... metrics) {
        m.compile(new CompileOptions().optimizer(new Adam().learningRate(1e-3).epsilon(1e-7)).loss(loss)
                .metrics(metrics));
        return m;
    }
}
