package io.jkeras.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jkeras.backend.Backend;
import io.jkeras.backend.Device;
import io.jkeras.backend.Tensor;
import io.jkeras.backend.TensorScope;
import io.jkeras.ops.MathOps;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GEMMs large enough to be split into bands over the cores agree with the definition. */
class CpuBlasTest {

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "200, 150, 160, false, false",
        "200, 150, 160, true, false",
        "200, 150, 160, false, true",
        "200, 150, 160, true, true",
        "130, 250, 140, false, false",
        "130, 250, 140, true, true",
    })
    void splitGemmMatchesDefinition(int m, int n, int k, boolean transA, boolean transB) {
        Backend be = Device.cpu().backend();
        Random r = new Random(m + n + k);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c0 = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat() - 0.5f;
        }
        for (int i = 0; i < c0.length; i++) {
            c0[i] = r.nextFloat() - 0.5f;
        }
        try (TensorScope s = TensorScope.open()) {
            Tensor ta = MathOps.constant(be, a, transA ? new int[] {k, m} : new int[] {m, k});
            Tensor tb = MathOps.constant(be, b, transB ? new int[] {n, k} : new int[] {k, n});
            Tensor tc = MathOps.constant(be, c0, m, n);
            be.gemm(ta, transA, tb, transB, 0.5f, 2f, tc, m, n, k);
            float[] c = tc.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[p * m + i] : a[i * k + p];
                        float bv = transB ? b[j * k + p] : b[p * n + j];
                        sum += av * bv;
                    }
                    assertEquals(0.5 * sum + 2 * c0[i * n + j], c[i * n + j], 1e-3, "c[" + i + ", " + j + "]");
                }
            }
        }
    }
}
