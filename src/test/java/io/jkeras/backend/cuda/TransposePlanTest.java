package io.jkeras.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reduced permutation must move every element where the full one does: both are
 * applied to the same data by a plain host transpose and compared.
 */
class TransposePlanTest {

    @Test
    void mergesAxesThatStayTogether() {
        TransposePlan p = TransposePlan.of(new int[] {2, 3, 4, 5}, new int[] {0, 3, 1, 2});
        assertArrayEquals(new int[] {2, 12, 5}, p.inDims());
        assertArrayEquals(new int[] {0, 2, 1}, p.perm());
        TransposePlan q = TransposePlan.of(new int[] {7, 1, 3}, new int[] {2, 1, 0});
        assertArrayEquals(new int[] {7, 3}, q.inDims());
        assertArrayEquals(new int[] {1, 0}, q.perm());
    }

    @Test
    void identityAndUnitAxesAreCopies() {
        assertTrue(TransposePlan.of(new int[] {2, 3, 4}, new int[] {0, 1, 2}).isCopy());
        assertTrue(TransposePlan.of(new int[] {1, 5, 1}, new int[] {2, 1, 0}).isCopy());
        assertTrue(TransposePlan.of(new int[] {}, new int[] {}).isCopy());
    }

    @Test
    void rejectsWhatIsNotAPermutation() {
        assertThrows(IllegalArgumentException.class, () -> TransposePlan.of(new int[] {2, 3}, new int[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> TransposePlan.of(new int[] {2, 3}, new int[] {0}));
    }

    @Test
    void reducedPlanMovesElementsLikeTheFullPermutation() {
        Random r = new Random(3);
        for (int trial = 0; trial < 300; trial++) {
            int rank = 1 + r.nextInt(8);
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = 1 + r.nextInt(3);
            }
            int[] perm = shuffled(rank, r);
            float[] x = new float[size(shape)];
            for (int i = 0; i < x.length; i++) {
                x[i] = i;
            }
            TransposePlan plan = TransposePlan.of(shape, perm);
            float[] expected = transpose(x, shape, perm);
            float[] actual = plan.isCopy() ? x.clone() : transpose(x, plan.inDims(), plan.perm());
            assertArrayEquals(expected, actual, java.util.Arrays.toString(shape) + " by "
                    + java.util.Arrays.toString(perm) + " as " + plan);
            assertTrue(plan.rank() <= rank);
        }
    }

    @Test
    void highRankWithFewRealAxesFitsTheKernel() {
        int[] shape = {1, 2, 1, 3, 1, 1, 4, 1};
        int[] perm = {7, 6, 5, 4, 3, 2, 1, 0};
        TransposePlan plan = TransposePlan.of(shape, perm);
        assertEquals(3, plan.rank());
        assertTrue(plan.rank() <= CudaKernels.MAX_RANK);
    }

    private static int[] shuffled(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** out[j] = x[index of out j with axes permuted], the kernel's definition. */
    private static float[] transpose(float[] x, int[] inDims, int[] perm) {
        int rank = inDims.length;
        int[] inStrides = new int[rank];
        int acc = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = acc;
            acc *= inDims[i];
        }
        int[] outDims = new int[rank];
        for (int k = 0; k < rank; k++) {
            outDims[k] = inDims[perm[k]];
        }
        float[] out = new float[x.length];
        for (int j = 0; j < out.length; j++) {
            int rem = j;
            int src = 0;
            for (int k = rank - 1; k >= 0; k--) {
                int idx = rem % outDims[k];
                rem /= outDims[k];
                src += idx * inStrides[perm[k]];
            }
            out[j] = x[src];
        }
        return out;
    }
}
