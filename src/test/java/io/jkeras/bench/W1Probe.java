package io.jkeras.bench;

import io.jkeras.*;
import io.jkeras.layers.Dense;
import java.util.Random;

public class W1Probe {
    public static void main(String[] args) {
        int n = 60000;
        Random r = new Random(0);
        float[] x = new float[n * 784];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) labels[i] = r.nextInt(10);
        NDArray xs = NDArray.of(x, n, 784);
        NDArray ys = Utils.toCategorical(labels, 10);
        KerasTensor in = Input.of(784);
        KerasTensor h = new Dense(512).activation("relu").apply(in);
        h = new Dense(512).activation("relu").apply(h);
        KerasTensor o = new Dense(10).activation("softmax").apply(h);
        Model m = new Model(in, o);
        m.compile(new CompileOptions().optimizer(new io.jkeras.optimizers.Adam().learningRate(1e-3)).loss("categorical_crossentropy"));
        for (int e = 0; e < Integer.parseInt(args.length > 0 ? args[0] : "3"); e++) {
            long t0 = System.nanoTime();
            m.fit(xs, ys, new FitOptions().batchSize(128).epochs(1).verbose(0));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("epoch %d: %.2fs  %.0f samples/s%n", e, s, n / s);
        }
    }
}
