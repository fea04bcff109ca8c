package io.jkeras.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Keras 2.3's initializers by their distributions (Java's random stream differs from NumPy's
 * and TensorFlow's, so values cannot be compared): bounds, moments, fans, and seeding.
 */
class InitializersTest {
    /** Standard deviation of a unit normal truncated to [-2, 2]. */
    private static final double TRUNCATED_STD = 0.87962566103423978;
    /** 60000 draws: sample moments within about 2% of the truth. */
    private static final int[] DENSE = {200, 300};
    private static final int[] CONV = {3, 3, 16, 32};

    private static double mean(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x;
        }
        return s / a.length;
    }

    private static double std(float[] a) {
        double m = mean(a);
        double s = 0;
        for (float x : a) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / a.length);
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Five standard errors of the sample mean, relative to the deviation. */
    private static double meanTolerance(float[] a) {
        return 5 / Math.sqrt(a.length);
    }

    /** More than five standard errors of the sample deviation (at most 0.71 / sqrt(n) for these laws). */
    private static double stdTolerance(float[] a) {
        return 4 / Math.sqrt(a.length);
    }

    /** U(-limit, limit): inside the bounds, reaching close to them, with variance limit^2 / 3. */
    private static void assertUniform(String name, float[] a, double limit) {
        double max = maxAbs(a);
        assertTrue(max <= limit, name + ": max |x| " + max + " exceeds the limit " + limit);
        assertTrue(max > 0.99 * limit, name + ": max |x| " + max + " far below the limit " + limit);
        double std = limit / Math.sqrt(3);
        assertEquals(0, mean(a), meanTolerance(a) * std, name + " mean");
        assertEquals(std, std(a), stdTolerance(a) * std, name + " std");
    }

    /** A normal truncated at two deviations of {@code drawStd}: bounded, with sample std {@code targetStd}. */
    private static void assertTruncated(String name, float[] a, double drawStd, double targetStd) {
        double max = maxAbs(a);
        assertTrue(max <= 2 * drawStd * (1 + 1e-6), name + ": max |x| " + max + " beyond two deviations " + 2 * drawStd);
        assertTrue(max > 1.95 * drawStd, name + ": max |x| " + max + " never approaches the truncation");
        assertEquals(0, mean(a), meanTolerance(a) * targetStd, name + " mean");
        assertEquals(targetStd, std(a), stdTolerance(a) * targetStd, name + " std");
    }

    @Test
    void fansOfDenseConvAndOtherKernels() {
        assertEquals(new Fans(200, 300), Fans.of(DENSE));
        assertEquals(new Fans(3 * 3 * 16, 3 * 3 * 32), Fans.of(CONV));
        assertEquals(new Fans(5 * 4, 5 * 6), Fans.of(new int[] {5, 4, 6}));
        assertEquals(new Fans(2 * 2 * 2 * 3, 2 * 2 * 2 * 7), Fans.of(new int[] {2, 2, 2, 3, 7}));
        assertEquals(new Fans(10, 10), Fans.of(new int[] {100}));
    }

    @Test
    void varianceScalingUniformFamilies() {
        double in = 200;
        double out = 300;
        assertUniform("glorot_uniform", Initializers.get("glorot_uniform").generate(DENSE, 1), Math.sqrt(6 / (in + out)));
        assertUniform("he_uniform", Initializers.get("he_uniform").generate(DENSE, 2), Math.sqrt(6 / in));
        assertUniform("lecun_uniform", Initializers.get("lecun_uniform").generate(DENSE, 3), Math.sqrt(3 / in));
        // conv kernel: fans times the 3x3 receptive field
        assertUniform("glorot_uniform conv", Initializers.glorotUniform().generate(CONV, 4),
                Math.sqrt(6 / (144.0 + 288.0)));
        assertUniform("he_uniform conv", Initializers.get("he_uniform").generate(CONV, 5), Math.sqrt(6 / 144.0));
    }

    @Test
    void varianceScalingNormalFamiliesAreTruncatedWithCorrectedDeviation() {
        double in = 200;
        double out = 300;
        double glorot = Math.sqrt(2 / (in + out));
        assertTruncated("glorot_normal", Initializers.get("glorot_normal").generate(DENSE, 1),
                glorot / TRUNCATED_STD, glorot);
        double he = Math.sqrt(2 / in);
        assertTruncated("he_normal", Initializers.get("he_normal").generate(DENSE, 2), he / TRUNCATED_STD, he);
        double lecun = Math.sqrt(1 / in);
        assertTruncated("lecun_normal", Initializers.get("lecun_normal").generate(DENSE, 3), lecun / TRUNCATED_STD,
                lecun);
        double heConv = Math.sqrt(2 / 144.0);
        assertTruncated("he_normal conv", Initializers.get("he_normal").generate(CONV, 4), heConv / TRUNCATED_STD,
                heConv);
        double fanOut = Math.sqrt(3.0 / 300);
        assertTruncated("fan_out", new VarianceScaling(3.0, "fan_out", "normal").generate(DENSE, 5),
                fanOut / TRUNCATED_STD, fanOut);
    }

    @Test
    void randomDefaults() {
        float[] normal = Initializers.get("random_normal").generate(DENSE, 1);
        assertEquals(0, mean(normal), 1e-3);
        assertEquals(0.05, std(normal), 0.001);
        assertTrue(maxAbs(normal) > 0.15, "an untruncated normal exceeds 3 std in 60000 draws");
        assertUniform("random_uniform", Initializers.get("random_uniform").generate(DENSE, 2), 0.05);
        // Keras's TruncatedNormal does not correct its deviation: the sample std is 0.05 * 0.8796
        assertTruncated("truncated_normal", Initializers.get("truncated_normal").generate(DENSE, 3), 0.05,
                0.05 * TRUNCATED_STD);
    }

    @Test
    void constants() {
        float[] z = Initializers.get("zeros").generate(new int[] {3, 4}, 1);
        assertArrayEquals(new float[12], z);
        float[] ones = Initializers.get("ones").generate(new int[] {5}, 1);
        float[] expected = new float[5];
        Arrays.fill(expected, 1f);
        assertArrayEquals(expected, ones);
        assertArrayEquals(new float[4], Initializers.get("constant").generate(new int[] {2, 2}, 1));
        float[] c = Initializers.constant(2.5).generate(new int[] {2, 3}, 9);
        for (float x : c) {
            assertEquals(2.5f, x);
        }
    }

    /** gain^2 I == M^T M for a tall M, or M M^T for a wide one (rows x cols after flattening leading axes). */
    private static void assertOrthogonal(float[] m, int rows, int cols, double gain) {
        boolean tall = rows >= cols;
        int k = Math.min(rows, cols);
        int inner = Math.max(rows, cols);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int t = 0; t < inner; t++) {
                    double a = tall ? m[t * cols + i] : m[i * cols + t];
                    double b = tall ? m[t * cols + j] : m[j * cols + t];
                    dot += a * b;
                }
                assertEquals(i == j ? gain * gain : 0, dot, 1e-5 * gain * gain,
                        "entry (" + i + "," + j + ") of the Gram matrix of a " + rows + "x" + cols + " orthogonal init");
            }
        }
    }

    @Test
    void orthogonalSquareTallWideAndConv() {
        assertOrthogonal(Initializers.get("orthogonal").generate(new int[] {16, 16}, 1), 16, 16, 1);
        assertOrthogonal(new Orthogonal(1).generate(new int[] {20, 7}, 2), 20, 7, 1);
        assertOrthogonal(new Orthogonal(1).generate(new int[] {6, 15}, 3), 6, 15, 1);
        assertOrthogonal(new Orthogonal(2.5).generate(new int[] {9, 9}, 4), 9, 9, 2.5);
        assertOrthogonal(new Orthogonal(0.5).generate(new int[] {3, 3, 4, 8}, 5), 36, 8, 0.5);
        assertThrows(IllegalArgumentException.class, () -> new Orthogonal(1).generate(new int[] {5}, 1));
    }

    @Test
    void identity() {
        float[] i3 = Initializers.get("identity").generate(new int[] {3, 3}, 1);
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, i3);
        float[] wide = new Identity(2).generate(new int[] {2, 3}, 1);
        assertArrayEquals(new float[] {2, 0, 0, 0, 2, 0}, wide);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Identity(1).generate(new int[] {2, 2, 2}, 1));
        assertTrue(e.getMessage().contains("2D") && e.getMessage().contains("[2, 2, 2]"), e.getMessage());
    }

    @Test
    void sameSeedSameValuesOtherSeedOtherValues() {
        for (String name : new String[] {"glorot_uniform", "glorot_normal", "he_normal", "lecun_uniform",
                "random_normal", "random_uniform", "truncated_normal", "orthogonal"}) {
            Initializer init = Initializers.get(name);
            float[] a = init.generate(new int[] {8, 6}, 123);
            float[] b = Initializers.get(name).generate(new int[] {8, 6}, 123);
            float[] c = init.generate(new int[] {8, 6}, 124);
            assertArrayEquals(a, b, name + " with the same seed");
            assertFalse(Arrays.equals(a, c), name + " with another seed");
        }
    }

    @Test
    void unknownNamesAndBadArguments() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("xavier"));
        assertEquals("Unknown initializer: xavier", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Initializers.get(null));
        assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, "fan_mid", "normal"));
        assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(1, "fan_in", "cauchy"));
        assertThrows(IllegalArgumentException.class, () -> new VarianceScaling(0, "fan_in", "normal"));
        assertThrows(IllegalArgumentException.class, () -> new RandomUniform(1, -1));
        assertThrows(IllegalArgumentException.class, () -> new RandomNormal(0, -1, false));
    }
}
