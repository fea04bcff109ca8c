package io.jkeras.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.ops.DirectConv;
import io.jkeras.regularizers.Regularizers;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Conv2DTest {

    @Test
    void outputShapesFollowKerasLengthRule() {
        KerasTensor in = Input.of(28, 28, 1);
        assertArrayEquals(new int[] {-1, 26, 26, 32}, new Conv2D(32, 3).apply(in).shape());
        assertArrayEquals(new int[] {-1, 28, 28, 8}, new Conv2D(8, 3).padding("same").apply(in).shape());
        assertArrayEquals(new int[] {-1, 13, 13, 4}, new Conv2D(4, 3).strides(2).apply(in).shape());
        assertArrayEquals(new int[] {-1, 14, 10, 4}, new Conv2D(4, 3, 5).strides(2, 3).padding("SAME").apply(in).shape());
        assertArrayEquals(new int[] {-1, 24, 22, 2}, new Conv2D(2, 3, 4).dilationRate(2).apply(in).shape());
        KerasTensor free = Input.of(-1, -1, 3);
        assertArrayEquals(new int[] {-1, -1, -1, 5}, new Conv2D(5, 3).apply(free).shape());
    }

    @Test
    void weightsInKerasOrderWithKerasShapes() {
        KerasTensor in = Input.of(10, 10, 3);
        Conv2D conv = new Conv2D(16, 3, 2).name("c");
        Model m = new Model(in, conv.apply(in));
        assertEquals(2, conv.weights().size());
        assertEquals("c/kernel", conv.weights().get(0).name());
        assertArrayEquals(new int[] {3, 2, 3, 16}, conv.weights().get(0).shape());
        assertEquals("c/bias", conv.weights().get(1).name());
        assertArrayEquals(new int[] {16}, conv.weights().get(1).shape());
        assertEquals(3 * 2 * 3 * 16 + 16, conv.countParams());
        assertEquals(conv.countParams(), m.countParams());
        // bias starts at zeros, the kernel from glorot_uniform: within sqrt(6 / (fanIn + fanOut))
        float limit = (float) Math.sqrt(6.0 / (3 * 2 * 3 + 3 * 2 * 16));
        for (float v : conv.getWeights().get(0).toFloatArray()) {
            assertTrue(Math.abs(v) <= limit, "kernel value " + v + " outside glorot_uniform limit " + limit);
        }
        assertArrayEquals(new float[16], conv.getWeights().get(1).toFloatArray());
        m.close();

        Conv2D noBias = new Conv2D(4, 1).useBias(false);
        noBias.apply(Input.of(5, 5, 2));
        assertEquals(1, noBias.weights().size());
        assertNull(noBias.bias());
        assertEquals(8, noBias.countParams());
        assertTrue(noBias.hasRegularizers() == false);
        Conv2D reg = new Conv2D(4, 1).kernelRegularizer(Regularizers.l2(0.1));
        reg.apply(Input.of(5, 5, 2));
        assertTrue(reg.hasRegularizers());
    }

    @Test
    void predictMatchesDirectConvolutionWithBiasAndActivation() {
        int h = 7, w = 6, c = 2, f = 3;
        KerasTensor in = Input.of(h, w, c);
        Conv2D conv = new Conv2D(f, 3).strides(2).padding("same").activation("relu");
        try (Model m = new Model(in, conv.apply(in))) {
            Random r = new Random(5);
            float[] x = new float[2 * h * w * c];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat() * 2 - 1;
            }
            float[] bias = {0.1f, -0.2f, 0.3f};
            float[] kernel = conv.getWeights().get(0).toFloatArray();
            conv.setWeights(List.of(NDArray.of(kernel, 3, 3, c, f), NDArray.of(bias, f)));
            int[] shape = new int[4];
            float[] expected = DirectConv.conv2d(x, 2, h, w, c, kernel, 3, 3, f, 2, 2, true, 1, 1, shape);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = Math.max(0f, expected[i] + bias[i % f]);
            }
            NDArray y = m.predict(NDArray.of(x, 2, h, w, c));
            assertArrayEquals(new int[] {2, 4, 3, 3}, y.shape());
            assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).strides(0));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).padding("full"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).dataFormat("nchw"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).strides(2).dilationRate(2));
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).activation("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2D(4, 3).dataFormat("channels_first"));
        assertTrue(e.getMessage().contains("channels_first") && e.getMessage().contains("channels_last"), e.getMessage());
        new Conv2D(4, 3).dataFormat("channels_last");
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 3).apply(Input.of(28, 28)));
        assertTrue(e.getMessage().contains("expected ndim=4, found ndim=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2D(4, 5).apply(Input.of(4, 8, 1)));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        Conv2D built = new Conv2D(2, 1);
        built.apply(Input.of(3, 3, 1));
        assertThrows(IllegalStateException.class, () -> built.padding("same"));
    }
}
