package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The first moment enters Adam's step through {@code forStep}: a moment below about 2^-94
 * moves no weight (its step would be a subnormal, which costs a microcode assist per weight),
 * one above it moves the weight by the rule's amount; in the Java loop and the kernel library
 * alike.
 */
class CpuOptimizersTest {
    private static final float LR = 0x1p-10f;

    @ParameterizedTest(name = "kernel library {0}")
    @ValueSource(booleans = {false, true})
    void tinyFirstMomentsMoveNoWeight(boolean natively) {
        if (natively && NativeKernels.unavailableReason() != null) {
            return;
        }
        float tiny = 0x1p-100f;
        float small = 0x1p-60f;
        // p, g, m, v with g = 0, beta1 1/2, beta2 1 and epsilon 0: m halves, sqrt(v) + eps stays 1
        float[][] after = NativeTensors.run(new float[][] {{tiny, small}, {0f, 0f}, {tiny, small}, {1f, 1f}},
                natively, t -> CpuOptimizers.adam(t[0], t[1], t[2], t[3], 0, 2, LR, 0.5f, 1f, 0f));
        List<String> got = new ArrayList<>();
        for (float v : after[0]) {
            got.add(Float.toHexString(v));
        }
        // tiny: m = 2^-101 -> no step; small: m = 2^-61, step lr m = 2^-71
        assertEquals(List.of(Float.toHexString(tiny), Float.toHexString(small - 0x1p-71f)), got);
        assertEquals(0x1p-101f, after[2][0]);
    }
}
