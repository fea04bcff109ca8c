package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kernel library's softmax and log-softmax give exactly the bits of CpuReduce's Java loop: rows narrower
 * than a vector, with tails, wide (W5's 4096), enough rows that both threads work; logits of
 * every size, ties, rows whose exponentials underflow to subnormals and to 0, +inf and -inf,
 * and NaN (the row turns NaN); in a separate output and in place. Each row's probabilities also
 * sum to 1 within float rounding.
 */
class NativeSoftmaxTest {

    @ParameterizedTest(name = "{0}x{1} {2}")
    @CsvSource({
        "1, 1, gaussian", "3, 7, gaussian", "5, 16, gaussian", "4, 17, wild", "9, 33, wild", "2, 10, ties",
        "64, 10, gaussian", "33, 4096, gaussian", "8, 1000, wild", "300, 150, wild", "7, 40, extreme",
    })
    void matchesTheJavaLoopBitForBit(int rows, int cols, String data) {
        assumeTrue(NativeKernels.unavailableReason() == null, "the CPU kernel library did not load");
        Random r = new Random(31L * rows + cols + data.hashCode());
        float[] x = sample(r, data, rows * cols);
        for (int variant = 0; variant < 4; variant++) {
            boolean inPlace = variant % 2 == 1;
            boolean log = variant >= 2;
            float[] java = softmax(x, rows, cols, log, false, inPlace);
            float[] lib = softmax(x, rows, cols, log, true, inPlace);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(java[i]), Float.floatToRawIntBits(lib[i]),
                        "y[" + i + "]: Java " + java[i] + ", library " + lib[i] + " (x " + x[i] + ", log " + log
                                + ", in place " + inPlace + ")");
            }
            for (int row = 0; row < rows; row++) {
                double sum = 0;
                boolean nan = false;
                boolean moderate = true;
                for (int c = 0; c < cols; c++) {
                    float v = x[row * cols + c];
                    sum += log ? Math.exp(lib[row * cols + c]) : lib[row * cols + c];
                    nan |= Float.isNaN(v);
                    moderate &= Math.abs(v) <= 1e6f;
                }
                // (rows with infinities or values near the float range lose the sum to rounding)
                assertTrue(nan ? Double.isNaN(sum) : !moderate || Math.abs(sum - 1) <= 1e-5,
                        "row " + row + " sums to " + sum + " (log " + log + ")");
            }
        }
    }

    private static float[] softmax(float[] x, int rows, int cols, boolean log, boolean natively, boolean inPlace) {
        float[][] start = inPlace ? new float[][] {x} : new float[][] {x, new float[x.length]};
        return NativeTensors.run(start, natively, a ->
                CpuReduce.softmax(a[0], a[a.length - 1], rows, cols, log))[start.length - 1];
    }

    private static float[] sample(Random r, String data, int n) {
        float[] special = {0f, -0f, 88f, -88f, 100f, -100f, 1e-40f, Float.MAX_VALUE, -Float.MAX_VALUE,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = switch (data) {
                case "gaussian" -> (float) (3 * r.nextGaussian());
                case "ties" -> r.nextInt(3);
                // rows whose spread sends exponentials into the subnormal range and to 0
                case "wild" -> (float) (60 * r.nextGaussian());
                default -> r.nextInt(4) == 0 ? special[r.nextInt(special.length)] : (float) r.nextGaussian();
            };
        }
        return x;
    }
}
