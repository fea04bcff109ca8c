package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.backend.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense layer on cuBLASLt ({@link CudaBlasLt}: BIAS, RELU_BIAS, BGRADA epilogues) against
 * the CPU backend on a real GPU: forward and backward over layer-sized shapes, relu keeping
 * NaN, each plan made once, and TF32 compute within TF32's rounding. It also prints what the
 * startup checks found (relu fused or not, weight gradient fused or not), which no machine
 * without a GPU can know.
 *
 * <p>Tagged gpu and skipped where CUDA is not usable. With
 * {@code -Djkeras.parity.candidate=cpu} the forward and backward cases run against the CPU
 * backend itself, which checks the harness; the cuBLASLt-specific tests are then skipped.
 */
@Tag("gpu")
class CudaBlasLtParityTest {
    private static Backend ref;
    private static Backend dev;
    /** The device backend, null when the candidate is the CPU. */
    private static CudaBackend cuda;

    @BeforeAll
    static void backends() {
        ref = Device.cpu().backend();
        dev = Parity.candidate().backend();
        cuda = dev instanceof CudaBackend c ? c : null;
    }

    @Test
    void cuBlasLtIsUsedAndReportsItsChecks() {
        assumeTrue(cuda != null, "the candidate is the CPU");
        CudaBlasLt lt = cuda.blasLt();
        System.out.println("cuBLASLt: " + (lt == null ? "off: " + cuda.blasLtOff()
                : "on, relu epilogue keeps NaN: " + lt.reluKeepsNaN() + ", weight gradient fused: "
                        + lt.weightGradientChecked() + ", tf32: " + lt.tf32()));
        assertNotNull(lt, "cuBLASLt is off: " + cuda.blasLtOff());
        assertTrue(lt.weightGradientChecked(), "the BGRADA check failed: the weight gradient runs unfused");
    }

    @ParameterizedTest(name = "linear {0}x{1}x{2} {3} bias={4} inPlace={5}")
    @CsvSource({
        "256, 512, 784, RELU, true, true",     // inference: RELU_BIAS (or BIAS + our relu)
        "256, 512, 784, RELU, true, false",    // training: BIAS into z, our relu into y
        "1024, 10, 128, , true, true",         // an output layer: BIAS only
        "33, 17, 5, TANH, true, false",        // odd sizes
        "64, 1000, 300, RELU, false, true",    // no bias: RELU epilogue alone
        "64, 1000, 300, SIGMOID, false, false",// no bias, no relu: plain cuBLAS
        "1, 4096, 4096, RELU, true, true",     // one row
        "6, 4, 0, RELU, true, false",          // k = 0: the bias alone
    })
    void linearMatchesTheCpu(int m, int n, int k, UnaryOp activation, boolean withBias, boolean inPlace) {
        Random r = new Random(m * 31L + n * 7L + k);
        float[] x = uniform(r, m * k);
        if (m > 1 && k > 0) {
            x[k] = Float.NaN; // row 1 all NaN: relu keeps it
        }
        float[] w = uniform(r, k * n);
        float[] b = uniform(r, n);
        try (TensorScope s = TensorScope.open()) {
            float[][] want = linear(ref, x, w, withBias ? b : null, activation, inPlace, m, n, k);
            float[][] got = linear(dev, x, w, withBias ? b : null, activation, inPlace, m, n, k);
            close("linear y", want[0], got[0], 1e-4, 2e-6 * k);
            close("linear z", want[1], got[1], 1e-4, 2e-6 * k);
        }
    }

    @ParameterizedTest(name = "linear backward {0}x{1}x{2} {3} dx={4} db={5}")
    @CsvSource({
        "256, 512, 784, RELU, true, true",   // BGRADA
        "1024, 10, 128, , true, true",
        "33, 17, 5, TANH, false, true",      // a first layer: no dx
        "256, 512, 784, RELU, true, false",  // no bias: plain cuBLAS
        "1, 300, 7, , true, true",           // one row: db is dz
    })
    void linearBackwardMatchesTheCpu(int m, int n, int k, UnaryOp activation, boolean withDx, boolean withDb) {
        Random r = new Random(m * 17L + n * 5L + k);
        float[] x = uniform(r, m * k);
        float[] w = uniform(r, k * n);
        float[] z = uniform(r, m * n);
        float[] dy = uniform(r, m * n);
        try (TensorScope s = TensorScope.open()) {
            float[][] want = backward(ref, x, w, z, dy, activation, withDx, withDb, m, n, k);
            float[][] got = backward(dev, x, w, z, dy, activation, withDx, withDb, m, n, k);
            String[] names = {"dz", "dx", "dw", "db"};
            double[] atol = {1e-7, 2e-6 * n, 2e-6 * m, 2e-6 * m};
            for (int i = 0; i < names.length; i++) {
                close("linear backward " + names[i], want[i], got[i], 1e-4, atol[i]);
            }
        }
    }

    @Test
    void aShapeSeenBeforeMakesNoPlan() {
        assumeTrue(cuda != null && cuda.blasLt() != null, "cuBLASLt is not used here");
        CudaBlasLt lt = cuda.blasLt();
        Random r = new Random(3);
        try (TensorScope s = TensorScope.open()) {
            linear(dev, uniform(r, 96 * 40), uniform(r, 40 * 24), uniform(r, 24), null, true, 96, 24, 40);
            long plans = lt.plansMade();
            long calls = lt.fusedCalls();
            linear(dev, uniform(r, 96 * 40), uniform(r, 40 * 24), uniform(r, 24), null, true, 96, 24, 40);
            assertEquals(plans, lt.plansMade(), "plans made");
            assertEquals(calls + 1, lt.fusedCalls(), "fused calls");
        }
    }

    /**
     * TF32 (CUBLAS_COMPUTE_32F_FAST_TF32) against the CPU within TF32's rounding: inputs keep
     * 10 mantissa bits, so each product of two values in [-1, 1] is off by up to 2^-10; the
     * errors of a sum of k products have random signs and grow as sqrt(k): 2^-9 sqrt(k) bounds
     * them with room (about 10 standard deviations), yet is far below a wrong result (the
     * values are about sqrt(k) / 3).
     */
    @Test
    void tf32ComputeIsWithinTf32Rounding() {
        assumeTrue(cuda != null && cuda.blasLt() != null, "cuBLASLt is not used here");
        int m = 256;
        int n = 512;
        int k = 784;
        Random r = new Random(9);
        float[] x = uniform(r, m * k);
        float[] w = uniform(r, k * n);
        float[] b = uniform(r, n);
        float[] dz = uniform(r, m * n);
        try (TensorScope s = TensorScope.open(); CudaBlasLt tf32 = cuda.openBlasLt(true)) {
            assertTrue(tf32.tf32(), "a TF32 cuBLASLt");
            Tensor tx = tensor(dev, x, m, k);
            Tensor tw = tensor(dev, w, k, n);
            Tensor tb = tensor(dev, b, n);
            Tensor tz = dev.allocate(m, n);
            assertTrue(tf32.forward(m, n, k, tx.address(), tw.address(), tb.address(), false, tz.address()),
                    "TF32 forward ran on cuBLASLt");
            float[][] want = linear(ref, x, w, b, null, true, m, n, k);
            close("tf32 linear", want[0], tz.toFloatArray(), 0, tf32Tolerance(k));

            Tensor tdz = tensor(dev, dz, m, n);
            Tensor tdw = dev.allocate(k, n);
            Tensor tdb = dev.allocate(n);
            if (tf32.weightGradientChecked()) {
                assertTrue(tf32.weightGradient(m, n, k, tx.address(), tdz.address(), tdw.address(), tdb.address()),
                        "TF32 weight gradient ran on cuBLASLt");
                float[][] grads = backward(ref, x, w, new float[m * n], dz, null, false, true, m, n, k);
                close("tf32 dw", grads[2], tdw.toFloatArray(), 0, tf32Tolerance(m));
                // the bias gradient may be summed from dz rounded to TF32 as well
                close("tf32 db", grads[3], tdb.toFloatArray(), 0, tf32Tolerance(m));
            }
            dev.synchronize();
        }
    }

    private static double tf32Tolerance(int terms) {
        return Math.scalb(1.0, -9) * Math.sqrt(terms);
    }

    /** y and z of one forward pass on {@code be} (z is y in place). */
    private static float[][] linear(Backend be, float[] x, float[] w, float[] b, UnaryOp activation, boolean inPlace,
                                    int m, int n, int k) {
        Tensor tx = tensor(be, x, m, k);
        Tensor tw = tensor(be, w, k, n);
        Tensor tb = b == null ? null : tensor(be, b, n);
        Tensor z = be.allocate(m, n);
        Tensor y = activation == null || inPlace ? z : be.allocate(m, n);
        be.linear(tx, tw, tb, activation, 0f, z, y, m, n, k);
        return new float[][] {y.toFloatArray(), z.toFloatArray()};
    }

    /** dz, dx, dw, db of one backward pass on {@code be} (empty where not asked). */
    private static float[][] backward(Backend be, float[] x, float[] w, float[] z, float[] dy, UnaryOp activation,
                                      boolean withDx, boolean withDb, int m, int n, int k) {
        Tensor tx = tensor(be, x, m, k);
        Tensor tw = tensor(be, w, k, n);
        Tensor tz = tensor(be, z, m, n);
        Tensor ty = tz;
        if (activation != null) {
            ty = be.allocate(m, n);
            be.unary(activation, 0f, tz, ty);
        }
        Tensor tdy = tensor(be, dy, m, n);
        Tensor tdz = activation == null ? tdy : be.allocate(m, n);
        Tensor dx = withDx ? be.allocate(m, k) : null;
        Tensor dw = be.allocate(k, n);
        Tensor db = withDb ? be.allocate(n) : null;
        be.linearBackward(tx, tw, activation, 0f, tz, ty, tdy, tdz, dx, dw, db, m, n, k);
        return new float[][] {tdz.toFloatArray(), dx == null ? new float[0] : dx.toFloatArray(), dw.toFloatArray(),
            db == null ? new float[0] : db.toFloatArray()};
    }

    private static Tensor tensor(Backend be, float[] values, int... shape) {
        Tensor t = be.allocate(shape);
        be.upload(values, 0, t);
        return t;
    }

    private static float[] uniform(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 2 * r.nextFloat() - 1;
        }
        return v;
    }

    private static void close(String what, float[] want, float[] got, double rtol, double atol) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            boolean ok = Float.isNaN(want[i]) ? Float.isNaN(got[i])
                    : Math.abs(want[i] - got[i]) <= atol + rtol * Math.abs(want[i]);
            if (!ok) {
                fail(what + ": element " + i + " is " + want[i] + " on the CPU, " + got[i] + " on " + dev);
            }
        }
    }
}
