package io.jkeras.initializers;

import java.util.Arrays;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Keras's Orthogonal(gain): a normal matrix of (prod(shape[:-1]), shape[-1]) made orthogonal
 * by a QR decomposition (Commons Math), with the signs of R's diagonal folded in so the
 * result is uniformly distributed (Saxe et al. 2014), times gain.
 */
public final class Orthogonal implements Initializer {
    private final double gain;

    public Orthogonal(double gain) {
        this.gain = gain;
    }

    public Map<String, Object> getConfig() {
        return Map.of("gain", gain);
    }

    @Override
    public float[] generate(int[] shape, long seed) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("The Orthogonal initializer needs a shape of at least 2 axes, got "
                    + Arrays.toString(shape));
        }
        int cols = shape[shape.length - 1];
        int rows = Sampling.size(shape) / cols;
        int r = Math.max(rows, cols);
        int c = Math.min(rows, cols);
        float[] draws = Sampling.normal(new int[] {r, c}, seed, 0, 1);
        double[][] a = new double[r][c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                a[i][j] = draws[i * c + j];
            }
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(a, false));
        RealMatrix q = qr.getQ().getSubMatrix(0, r - 1, 0, c - 1);
        RealMatrix rr = qr.getR();
        float[] out = new float[rows * cols];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double d = Math.signum(rr.getEntry(j, j));
                double v = gain * q.getEntry(i, j) * (d == 0 ? 1 : d);
                // q is (max, min); transpose when the weight has fewer rows than columns
                if (rows >= cols) {
                    out[i * cols + j] = (float) v;
                } else {
                    out[j * cols + i] = (float) v;
                }
            }
        }
        return out;
    }
}
