package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Device;

/**
 * What the gpu-tagged parity tests share: the device under test, and the element-wise
 * comparison of its results with the CPU backend's.
 */
final class Parity {
    private Parity() {
    }

    /**
     * The device under test: CUDA device 0, or the CPU itself when the system property
     * {@code jkeras.parity.candidate=cpu} asks for it (to check a test's harness on a machine
     * without a GPU); without a usable GPU the test is skipped.
     */
    static Device candidate() {
        if ("cpu".equals(System.getProperty("jkeras.parity.candidate"))) {
            return Device.cpu();
        }
        String why = CudaBackend.unavailableReason(0);
        assumeTrue(why == null, "CUDA is not usable here: " + why);
        return Device.cuda(0);
    }

    /**
     * Every element within {@code atol + rtol * |cpu|}; NaN only against NaN, an infinity only
     * against the same infinity. The failure names how many differ, the first and the largest
     * difference.
     */
    static void assertAllClose(String what, float[] cpu, float[] device, double rtol, double atol) {
        assertEquals(cpu.length, device.length, what + ": sizes");
        int bad = 0;
        int first = -1;
        double worst = 0;
        for (int i = 0; i < cpu.length; i++) {
            float w = cpu[i];
            float g = device[i];
            boolean ok;
            if (Float.isNaN(w) || Float.isNaN(g)) {
                ok = Float.isNaN(w) && Float.isNaN(g);
            } else if (Float.isInfinite(w) || Float.isInfinite(g)) {
                ok = w == g;
            } else {
                double err = Math.abs((double) w - g);
                ok = err <= atol + rtol * Math.abs(w);
                worst = Math.max(worst, err);
            }
            if (!ok) {
                bad++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            fail(what + ": " + bad + " of " + cpu.length + " elements differ; first at " + first + " (cpu "
                    + cpu[first] + ", device " + device[first] + "); largest difference " + worst);
        }
    }
}
