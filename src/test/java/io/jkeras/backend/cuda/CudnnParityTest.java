package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jkeras.CompileOptions;
import io.jkeras.Input;
import io.jkeras.KerasTensor;
import io.jkeras.Model;
import io.jkeras.NDArray;
import io.jkeras.Utils;
import io.jkeras.backend.Backend;
import io.jkeras.backend.Conv2DGeometry;
import io.jkeras.backend.Device;
import io.jkeras.backend.PoolMode;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.layers.AveragePooling2D;
import io.jkeras.layers.BatchNormalization;
import io.jkeras.layers.Conv2D;
import io.jkeras.layers.Dense;
import io.jkeras.layers.GlobalAveragePooling2D;
import io.jkeras.layers.MaxPooling2D;
import io.jkeras.optimizers.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cuDNN paths of the CUDA backend on a real GPU: each cuDNN-backed op (Conv2D forward and
 * both gradients, with heuristic and with timed algorithm choice; max and average pooling;
 * training-mode batch normalisation and its gradient) against the CPU backend within
 * float32 tolerance, cuDNN's convolutions against the im2col + cuBLAS fallback on the same
 * GPU, and a small CNN trained on both devices (losses, weights, moving statistics and
 * inference-mode predictions). Each case also checks that cuDNN did run it, so a silent
 * fallback (no algorithm, a geometry cuDNN refused) fails here instead of passing as parity.
 *
 * <p>Tagged gpu; skipped where CUDA is not usable, or where cuDNN is not (with the reason).
 * The stub driver test checks the same mapping over C stand-ins without a GPU; what only this
 * test can show is real cuDNN's behaviour: its NHWC kernels, which algorithms its heuristics
 * offer for strict float32, the unbiased running variance, its pooling windows.
 */
@Tag("gpu")
class CudnnParityTest {
    private static Backend ref;
    private static CudaBackend dev;
    /** The same GPU without cuDNN: im2col + cuBLAS and our own pooling and batch-norm kernels. */
    private static CudaBackend plain;
    /** The same GPU choosing algorithms by timing them (cudnnFind*Ex). */
    private static CudaBackend timed;
    private TensorScope scope;
    private final Random random = new Random(7);

    @BeforeAll
    static void backends() {
        String why = CudaBackend.unavailableReason(0);
        assumeTrue(why == null, "CUDA is not usable here: " + why);
        ref = Device.cpu().backend();
        dev = (CudaBackend) Device.cuda(0).backend();
        assumeTrue(dev.usesCudnn(), "cuDNN is not used here: " + dev.cudnnUnusedReason());
        plain = withProperty(CudaBackend.CUDNN_PROPERTY, "false");
        timed = withProperty(CudaBackend.CUDNN_ALGORITHMS_PROPERTY, "benchmark");
    }

    private static CudaBackend withProperty(String key, String value) {
        String saved = System.getProperty(key);
        System.setProperty(key, value);
        try {
            return new CudaBackend(Device.cuda(0));
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }

    @AfterAll
    static void closeExtraBackends() {
        if (plain != null) {
            plain.close();
        }
        if (timed != null) {
            timed.close();
        }
    }

    @BeforeEach
    void open() {
        scope = TensorScope.open();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    // ---- convolutions ----------------------------------------------------------------------

    /** Geometries cuDNN's symmetric padding expresses (the asymmetric "same" ones are CudaParityTest's). */
    private static List<Conv2DGeometry> geometries() {
        return List.of(
                Conv2DGeometry.of(4, 28, 28, 1, 8, 3, 3, 1, 1, false, 1, 1),    // one input channel, valid
                Conv2DGeometry.of(3, 13, 11, 5, 7, 3, 3, 2, 2, true, 1, 1),     // same, stride 2, odd sizes
                Conv2DGeometry.of(2, 9, 9, 4, 6, 3, 3, 1, 1, true, 2, 2),       // dilation
                Conv2DGeometry.of(5, 8, 8, 16, 32, 1, 1, 1, 1, false, 1, 1),    // 1x1
                Conv2DGeometry.of(2, 7, 6, 3, 4, 5, 4, 3, 1, false, 1, 1),      // rectangular kernel and stride
                Conv2DGeometry.of(4, 12, 12, 8, 1, 5, 5, 1, 1, true, 1, 1),     // one output channel (no transpose)
                Conv2DGeometry.of(8, 32, 32, 32, 64, 3, 3, 1, 1, true, 1, 1),   // tensor-core-friendly channel counts
                Conv2DGeometry.of(16, 16, 16, 64, 64, 3, 3, 2, 2, false, 1, 1));
    }

    @Test
    void convolutionsRunOnCudnnAndMatchTheCpu() {
        for (Conv2DGeometry g : geometries()) {
            assertTrue(CudnnConvPlan.expressible(g), "the test's geometry " + g + " is one cuDNN expresses");
            long calls = dev.cudnnConv().calls();
            convolve(dev, g);
            CudnnConvPlan plan = dev.cudnnConv().planOf(g);
            assertNotNull(plan, "cuDNN made no plan for " + g);
            for (CudnnConvPlan.Direction d : CudnnConvPlan.Direction.values()) {
                assertTrue(!plan.hasNoAlgorithm(d), "cuDNN offered no strict-float32 algorithm for " + d + " of " + g
                        + " within " + CudnnConvPlan.WORKSPACE_LIMIT + " bytes of workspace");
            }
            assertEquals(calls + 3, dev.cudnnConv().calls(), "cuDNN calls for " + g);
        }
    }

    @Test
    void timedAlgorithmsMatchTheCpu() {
        for (Conv2DGeometry g : List.of(geometries().get(1), geometries().get(6), geometries().get(7))) {
            long calls = timed.cudnnConv().calls();
            convolve(timed, g);
            assertEquals(calls + 3, timed.cudnnConv().calls(), "timed cuDNN calls for " + g);
            for (CudnnConvPlan.Direction d : CudnnConvPlan.Direction.values()) {
                assertNotNull(timed.cudnnConv().planOf(g).choice(d), d + " of " + g + " has a timed choice");
            }
        }
    }

    /** Forward, input gradient and kernel gradient of {@code g} on {@code be} against the CPU. */
    private void convolve(CudaBackend be, Conv2DGeometry g) {
        int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
        int[] kShape = {g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels()};
        int[] yShape = {g.batch(), g.outH(), g.outW(), g.outChannels()};
        int taps = g.kernelH() * g.kernelW() * g.inChannels();
        Pair x = pair(be, uniform(size(xShape), -1, 1), xShape);
        Pair k = pair(be, uniform(size(kShape), -1, 1), kShape);
        Pair y = empty(be, yShape);
        ref.conv2d(g, x.cpu, k.cpu, y.cpu);
        be.conv2d(g, x.dev, k.dev, y.dev);
        close("conv2d " + g, y, 1e-4, 2e-6 * taps);
        Pair dy = pair(be, uniform(size(yShape), -1, 1), yShape);
        Pair dx = empty(be, xShape);
        ref.conv2dBackwardInput(g, dy.cpu, k.cpu, dx.cpu);
        be.conv2dBackwardInput(g, dy.dev, k.dev, dx.dev);
        close("conv2d backward input " + g, dx, 1e-4, 2e-6 * taps * g.outChannels());
        Pair dk = empty(be, kShape);
        ref.conv2dBackwardKernel(g, x.cpu, dy.cpu, dk.cpu);
        be.conv2dBackwardKernel(g, x.dev, dy.dev, dk.dev);
        close("conv2d backward kernel " + g, dk, 1e-4, 2e-6 * g.batch() * g.outH() * g.outW());
    }

    @Test
    void cudnnAndIm2colAgreeOnTheSameGpu() {
        for (Conv2DGeometry g : List.of(geometries().get(2), geometries().get(6))) {
            int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
            int[] kShape = {g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels()};
            int[] yShape = {g.batch(), g.outH(), g.outW(), g.outChannels()};
            float[] xv = uniform(size(xShape), -1, 1);
            float[] kv = uniform(size(kShape), -1, 1);
            float[] dyv = uniform(size(yShape), -1, 1);
            float[][] a = convolveOn(dev, g, xv, kv, dyv);
            float[][] b = convolveOn(plain, g, xv, kv, dyv);
            String[] what = {"forward", "input gradient", "kernel gradient"};
            for (int i = 0; i < 3; i++) {
                Parity.assertAllClose("cuDNN vs im2col " + what[i] + " of " + g, b[i], a[i], 1e-4, 1e-5 * size(kShape));
            }
        }
    }

    private static float[][] convolveOn(CudaBackend be, Conv2DGeometry g, float[] xv, float[] kv, float[] dyv) {
        Tensor x = upload(be, xv, g.batch(), g.inH(), g.inW(), g.inChannels());
        Tensor k = upload(be, kv, g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels());
        Tensor dy = upload(be, dyv, g.batch(), g.outH(), g.outW(), g.outChannels());
        Tensor y = be.allocate(g.batch(), g.outH(), g.outW(), g.outChannels());
        Tensor dx = be.allocate(g.batch(), g.inH(), g.inW(), g.inChannels());
        Tensor dk = be.allocate(g.kernelH(), g.kernelW(), g.inChannels(), g.outChannels());
        be.conv2d(g, x, k, y);
        be.conv2dBackwardInput(g, dy, k, dx);
        be.conv2dBackwardKernel(g, x, dy, dk);
        return new float[][] {y.toFloatArray(), dx.toFloatArray(), dk.toFloatArray()};
    }

    // ---- pooling ---------------------------------------------------------------------------

    @Test
    void poolingRunsOnCudnnAndMatchesTheCpu() {
        List<Conv2DGeometry> geometries = List.of(
                Conv2DGeometry.of(4, 28, 28, 8, 8, 2, 2, 2, 2, false, 1, 1),
                Conv2DGeometry.of(3, 13, 11, 5, 5, 3, 3, 2, 2, true, 1, 1),
                Conv2DGeometry.of(2, 9, 9, 3, 3, 3, 3, 1, 1, true, 1, 1),
                Conv2DGeometry.of(2, 7, 10, 4, 4, 2, 3, 1, 2, false, 1, 1),
                Conv2DGeometry.of(32, 32, 32, 64, 64, 2, 2, 2, 2, false, 1, 1));
        for (PoolMode mode : PoolMode.values()) {
            for (Conv2DGeometry g : geometries) {
                assertTrue(CudnnPool.expressible(g), "the test's geometry " + g + " is one cuDNN expresses");
                int[] xShape = {g.batch(), g.inH(), g.inW(), g.inChannels()};
                int[] yShape = {g.batch(), g.outH(), g.outW(), g.inChannels()};
                long calls = dev.cudnnPool().calls();
                Pair x = pair(dev, uniform(size(xShape), -1, 1), xShape);
                Pair y = empty(dev, yShape);
                ref.pool2d(mode, g, x.cpu, y.cpu);
                dev.pool2d(mode, g, x.dev, y.dev);
                close(mode + " pool " + g, y, 1e-6, 1e-7);
                Pair dy = pair(dev, uniform(size(yShape), -1, 1), yShape);
                Pair dx = empty(dev, xShape);
                ref.pool2dBackward(mode, g, x.cpu, y.cpu, dy.cpu, dx.cpu);
                dev.pool2dBackward(mode, g, x.dev, y.dev, dy.dev, dx.dev);
                close(mode + " pool backward " + g, dx, 1e-5, 1e-6);
                // the max-pooling gradient stays on our kernel (ties), see CudnnPool
                assertEquals(calls + (mode == PoolMode.MAX ? 1 : 2), dev.cudnnPool().calls(),
                        "cuDNN pooling calls for " + mode + " " + g);
            }
        }
    }

    // ---- batch normalisation ---------------------------------------------------------------

    @Test
    void batchNormRunsOnCudnnAndMatchesTheCpu() {
        int[][] shapes = {{8, 16, 16, 32}, {4096, 64}, {10, 3}, {2, 5, 5, 8}, {3, 1}};
        for (int[] shape : shapes) {
            int channels = shape[shape.length - 1];
            int n = size(shape);
            int rows = n / channels;
            float[] xv = uniform(n, -2, 3);
            for (int r = 0; r < rows; r++) {
                xv[r * channels] = 0f; // a dead channel (after a ReLU): variance 0, far below epsilon
            }
            long calls = dev.cudnnBatchNorm().calls();
            Pair x = pair(dev, xv, shape);
            Pair gamma = pair(dev, uniform(channels, 0.5f, 1.5f), channels);
            Pair beta = pair(dev, uniform(channels, -0.5f, 0.5f), channels);
            Pair y = empty(dev, shape);
            Pair mean = empty(dev, channels);
            Pair var = empty(dev, channels);
            ref.batchNormTraining(x.cpu, gamma.cpu, beta.cpu, 1e-3f, y.cpu, mean.cpu, var.cpu);
            dev.batchNormTraining(x.dev, gamma.dev, beta.dev, 1e-3f, y.dev, mean.dev, var.dev);
            String what = " of " + Arrays.toString(shape);
            close("batchnorm mean" + what, mean, 1e-5, 1e-6);
            close("batchnorm biased variance" + what, var, 1e-4, 1e-6);
            close("batchnorm y" + what, y, 1e-4, 1e-5);
            Pair dy = pair(dev, uniform(n, -1, 1), shape);
            Pair dx = empty(dev, shape);
            Pair dGamma = empty(dev, channels);
            Pair dBeta = empty(dev, channels);
            ref.batchNormBackward(x.cpu, gamma.cpu, mean.cpu, var.cpu, 1e-3f, dy.cpu, dx.cpu, dGamma.cpu, dBeta.cpu);
            dev.batchNormBackward(x.dev, gamma.dev, mean.dev, var.dev, 1e-3f, dy.dev, dx.dev, dGamma.dev, dBeta.dev);
            close("batchnorm dBeta" + what, dBeta, 1e-4, 2e-6 * rows);
            close("batchnorm dGamma" + what, dGamma, 1e-4, 2e-6 * rows);
            close("batchnorm dx" + what, dx, 1e-3, 1e-5);
            assertEquals(calls + (rows >= 2 ? 2 : 0), dev.cudnnBatchNorm().calls(),
                    "cuDNN batch-norm calls" + what + " (one row stays on our kernels)");
        }
    }

    // ---- a training step -------------------------------------------------------------------

    /**
     * Conv2D, BatchNormalization, max and average pooling, global average pooling and Dense,
     * trained three steps with SGD on both devices from the same seed: the
     * losses, every weight (moving statistics included) and inference-mode predictions
     * (batch normalisation from the moving statistics) agree.
     */
    @Test
    void cnnTrainingStepsMatchTheCpu() {
        Random r = new Random(3);
        int batch = 16;
        float[] x = new float[batch * 16 * 16 * 3];
        float[] y = new float[batch * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) r.nextGaussian();
        }
        NDArray xs = NDArray.of(x, batch, 16, 16, 3);
        NDArray ys = NDArray.of(y, batch, 4);
        Supplier<Model> build = () -> {
            KerasTensor in = Input.of(16, 16, 3);
            KerasTensor h = new Conv2D(16, 3).padding("same").activation("relu").apply(in);
            h = new BatchNormalization().momentum(0.9).apply(h);
            h = new MaxPooling2D(2).apply(h);
            h = new Conv2D(32, 3).padding("same").activation("relu").apply(h);
            h = new AveragePooling2D(2).apply(h);
            h = new GlobalAveragePooling2D().apply(h);
            KerasTensor out = new Dense(4).apply(h);
            Model m = new Model(in, out);
            m.compile(new CompileOptions().optimizer(new SGD().learningRate(0.05)).loss("mse"));
            return m;
        };
        long convCalls = dev.cudnnConv().calls();
        long poolCalls = dev.cudnnPool().calls();
        long bnCalls = dev.cudnnBatchNorm().calls();
        float[] cpu = train(Device.cpu(), build, xs, ys);
        float[] gpu = train(Device.cuda(0), build, xs, ys);
        assertTrue(dev.cudnnConv().calls() > convCalls && dev.cudnnPool().calls() > poolCalls
                && dev.cudnnBatchNorm().calls() > bnCalls, "the CNN's steps ran on cuDNN");
        Parity.assertAllClose("CNN losses, weights and predictions", cpu, gpu, 1e-3, 1e-4);
    }

    /** Three steps' losses, then every weight, then the predictions, as one array. */
    private static float[] train(Device device, Supplier<Model> build, NDArray xs, NDArray ys) {
        Device saved = Device.current();
        Device.set(device);
        Utils.clearSession();
        Utils.setRandomSeed(21);
        try (Model m = build.get()) {
            List<Float> values = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                values.add(m.trainOnBatch(xs, ys).get(0).floatValue());
            }
            for (NDArray w : m.getWeights()) {
                for (float v : w.toFloatArray()) {
                    values.add(v);
                }
            }
            for (float v : m.predict(xs).toFloatArray()) {
                values.add(v);
            }
            float[] out = new float[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        } finally {
            Device.set(saved);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** The same values on the CPU reference and on a CUDA backend. */
    private record Pair(Tensor cpu, Tensor dev) {
    }

    private static Pair pair(Backend be, float[] values, int... shape) {
        return new Pair(upload(ref, values, shape), upload(be, values, shape));
    }

    private static Pair empty(Backend be, int... shape) {
        return new Pair(ref.allocate(shape), be.allocate(shape));
    }

    private static Tensor upload(Backend be, float[] values, int... shape) {
        Tensor t = be.allocate(shape);
        be.upload(values, 0, t);
        return t;
    }

    private float[] uniform(int n, float lo, float hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * random.nextFloat();
        }
        return v;
    }

    private static int size(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static void close(String what, Pair p, double rtol, double atol) {
        Parity.assertAllClose(what, p.cpu.toFloatArray(), p.dev.toFloatArray(), rtol, atol);
    }
}
