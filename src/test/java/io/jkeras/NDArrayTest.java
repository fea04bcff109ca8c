package io.jkeras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NDArrayTest {

    @Test
    void unsignedBytesKeepTheirValues() {
        byte[] pixels = {0, 1, 127, (byte) 128, (byte) 200, (byte) 255};
        NDArray a = NDArray.ofUnsignedBytes(pixels, 2, 3);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, a.toFloatArray());
        pixels[0] = 9;
        assertArrayEquals(new float[] {0, 1, 127, 128, 200, 255}, a.toFloatArray(), "no view of the bytes");
    }

    @Test
    void unsignedBytesMustFillTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NDArray.ofUnsignedBytes(new byte[5], 2, 3));
        assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NDArray.ofUnsignedBytes(new byte[0], -1));
    }

    @Test
    void divideIsKerasScalingIntoANewArray() {
        NDArray pixels = NDArray.ofUnsignedBytes(new byte[] {0, 51, (byte) 255, 17}, 2, 2);
        NDArray scaled = pixels.divide(255f);
        assertArrayEquals(new int[] {2, 2}, scaled.shape());
        assertArrayEquals(new float[] {0f / 255f, 51f / 255f, 255f / 255f, 17f / 255f}, scaled.toFloatArray());
        assertArrayEquals(new float[] {0, 51, 255, 17}, pixels.toFloatArray(), "the original is unchanged");
    }

    @Test
    void divideRefusesZeroAndNonFiniteDivisors() {
        NDArray a = NDArray.of(new float[] {1, 2}, 2);
        for (float bad : new float[] {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.divide(bad));
            assertTrue(e.getMessage().startsWith("divisor:") && e.getMessage().contains(String.valueOf(bad)),
                    e.getMessage());
        }
    }
}
