package io.jkeras.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.EvaluateOptions;
import io.jkeras.FitOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.layers.Dense;
import io.jkeras.layers.Flatten;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    @Test
    void loadsTheDebianFilesAndAnMlpLearnsASubset() throws IOException {
        assumeTrue(FashionMnist.isPresent(FashionMnist.DEFAULT_DIR),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); .ci/run installs it");
        Dataset d = FashionMnist.load(FashionMnist.DEFAULT_DIR);
        assertArrayEquals(new int[] {60000, 28, 28}, d.xTrain().shape());
        assertArrayEquals(new int[] {10000}, d.yTest().shape());
        assertEquals(9f, d.yTrain().get(0), "the first training image is an ankle boot");
        Utils.setRandomSeed(3);
        NDArray x = scaled(d.xTrain().slice(0, 6000));
        NDArray xt = scaled(d.xTest().slice(0, 2000));
        KerasTensor in = Input.of(28, 28);
        KerasTensor h = new Flatten().apply(in);
        h = new Dense(64).activation("relu").apply(h);
        KerasTensor out = new Dense(10).activation("softmax").apply(h);
        try (Model m = new Model(in, out)) {
            m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
            m.fit(x, d.yTrain().slice(0, 6000), new FitOptions().epochs(3).batchSize(64).verbose(0));
            double acc = m.evaluate(xt, d.yTest().slice(0, 2000), new EvaluateOptions().verbose(0)).get(1);
            assertTrue(acc > 0.78, "test accuracy on a 6,000-image subset after 3 epochs: " + acc);
        }
    }

    private static NDArray scaled(NDArray a) {
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] /= 255f;
        }
        return NDArray.of(v, a.shape());
    }

    @Test
    void missingOrCorruptFilesAreReportedByName(@TempDir Path dir) throws IOException {
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        for (String f : FashionMnist.FILES) {
            try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(dir.resolve(f)))) {
                out.write(new byte[] {0, 0, 8, 9, 0, 0, 0, 1});
            }
        }
        IOException bad = assertThrows(IOException.class, () -> FashionMnist.load(dir));
        assertTrue(bad.getMessage().contains("magic number 0x809"), bad.getMessage());
    }

    @Test
    void digitsShipInTheJar() {
        Dataset d = Digits.load(0.2, 1);
        assertEquals(1797, d.xTrain().length() + d.xTest().length());
        assertArrayEquals(new int[] {8, 8}, new int[] {d.xTrain().shape()[1], d.xTrain().shape()[2]});
        float max = 0;
        for (float v : d.xTrain().toFloatArray()) {
            max = Math.max(max, v);
        }
        assertEquals(16f, max);
    }
}
