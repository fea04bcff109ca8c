package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void pooledShapes() {
        KerasTensor in = Input.of(7, 6, 3);
        assertArrayEquals(new int[] {-1, 3, 3, 3}, new MaxPooling2D().apply(in).shape());
        assertArrayEquals(new int[] {-1, 4, 3, 3}, new MaxPooling2D().padding("same").apply(in).shape());
        assertArrayEquals(new int[] {-1, 5, 4, 3}, new AveragePooling2D(3).strides(1).apply(in).shape());
        assertArrayEquals(new int[] {-1, 7, 6, 3}, new AveragePooling2D(3, 2).strides(1).padding("same").apply(in).shape());
        assertArrayEquals(new int[] {-1, 2, 2, 3}, new MaxPooling2D(3, 3).apply(in).shape());
        assertArrayEquals(new int[] {-1, 3}, new GlobalAveragePooling2D().apply(in).shape());
        assertArrayEquals(new int[] {-1, 3}, new GlobalMaxPooling2D().apply(in).shape());
        MaxPooling2D p = new MaxPooling2D(3, 2);
        assertArrayEquals(new int[] {3, 2}, p.strides());
        assertEquals("valid", p.padding());
        assertEquals(0, p.countParams());
    }

    @Test
    void poolingValuesThroughAModel() {
        // one 4x4 image with channels (v, -v)
        float[] x = new float[32];
        for (int i = 0; i < 16; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
        }
        NDArray batch = NDArray.of(x, 1, 4, 4, 2);
        KerasTensor in = Input.of(4, 4, 2);
        try (Model max = new Model(in, new MaxPooling2D().apply(in));
             Model avg = new Model(in, new AveragePooling2D(3).strides(2).padding("same").apply(in));
             Model gmax = new Model(in, new GlobalMaxPooling2D().apply(in));
             Model gavg = new Model(in, new GlobalAveragePooling2D().apply(in))) {
            assertArrayEquals(new float[] {5, 0, 7, -2, 13, -8, 15, -10}, max.predict(batch).toFloatArray());
            // "same" windows: rows {0,1,2} and {2,3}, likewise columns; averages count only the cells inside
            float[] a = avg.predict(batch).toFloatArray();
            assertArrayEquals(new float[] {5, -5, 6.5f, -6.5f, 11, -11, 12.5f, -12.5f}, a, 1e-6f);
            assertArrayEquals(new float[] {15, 0}, gmax.predict(batch).toFloatArray());
            assertArrayEquals(new float[] {7.5f, -7.5f}, gavg.predict(batch).toFloatArray(), 1e-6f);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D().strides(-1));
        assertThrows(IllegalArgumentException.class, () -> new AveragePooling2D().padding("causal"));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D().dataFormat("channels_first"));
        assertThrows(IllegalArgumentException.class, () -> new GlobalMaxPooling2D().dataFormat("channels_first"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MaxPooling2D().apply(Input.of(8, 8)));
        assertTrue(e.getMessage().contains("expected ndim=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GlobalAveragePooling2D().apply(Input.of(8)));
        assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(3).apply(Input.of(2, 8, 1)));
    }
}
