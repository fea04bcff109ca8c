package io.jkeras.datasets;

import io.jkeras.NDArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The 1,797 8x8 handwritten digits of UCI's "Optical Recognition of Handwritten Digits"
 * (CC BY 4.0, via scikit-learn; see LICENSE-digits.txt beside the data), shipped in the jar.
 * Pixels are 0..16 in an (N, 8, 8) array; labels (N,) 0..9.
 */
public final class Digits {
    private static final String RESOURCE = "digits.csv.gz";

    private Digits() {
    }

    /** All samples in file order. */
    public static NDArray[] all() {
        try (InputStream raw = Digits.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                throw new IllegalStateException("The digits data set (" + RESOURCE + ") is missing from the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII));
            List<float[]> rows = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",");
                if (f.length != 65) {
                    throw new IllegalStateException("digits row " + (rows.size() + 1) + " has " + f.length
                            + " columns, expected 65");
                }
                float[] v = new float[65];
                for (int i = 0; i < 65; i++) {
                    v[i] = Float.parseFloat(f[i]);
                }
                rows.add(v);
            }
            int n = rows.size();
            float[] x = new float[n * 64];
            float[] y = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(rows.get(i), 0, x, i * 64, 64);
                y[i] = rows.get(i)[64];
            }
            return new NDArray[] {NDArray.of(x, n, 8, 8), NDArray.of(y, n)};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shuffled split (fixed by {@code seed}) with {@code testFraction} of the samples held out. */
    public static Dataset load(double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1), got " + testFraction);
        }
        NDArray[] xy = all();
        int n = xy[0].length();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int test = (int) Math.round(n * testFraction);
        int train = n - test;
        float[] xs = xy[0].toFloatArray();
        float[] ys = xy[1].toFloatArray();
        float[] xTrain = new float[train * 64];
        float[] yTrain = new float[train];
        float[] xTest = new float[test * 64];
        float[] yTest = new float[test];
        for (int i = 0; i < n; i++) {
            int src = order[i];
            if (i < train) {
                System.arraycopy(xs, src * 64, xTrain, i * 64, 64);
                yTrain[i] = ys[src];
            } else {
                System.arraycopy(xs, src * 64, xTest, (i - train) * 64, 64);
                yTest[i - train] = ys[src];
            }
        }
        return new Dataset(NDArray.of(xTrain, train, 8, 8), NDArray.of(yTrain, train), NDArray.of(xTest, test, 8, 8),
                NDArray.of(yTest, test));
    }
}
