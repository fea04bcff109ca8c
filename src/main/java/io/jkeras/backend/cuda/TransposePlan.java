package io.jkeras.backend.cuda;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An axis permutation reduced to as few axes as possible before it goes to the kernel (whose
 * struct holds at most {@link CudaKernels#MAX_RANK} axes, and whose index arithmetic costs
 * per axis): size-1 axes are dropped, and input axes that stay neighbours, in the same
 * order, in the output are merged. Transposing (B, H, W, C) with perm (0, 3, 1, 2) becomes
 * (B, H*W, C) with perm (0, 2, 1). A permutation that reduces to the identity is a copy.
 */
final class TransposePlan {
    private final int[] inDims;
    private final int[] perm;

    private TransposePlan(int[] inDims, int[] perm) {
        this.inDims = inDims;
        this.perm = perm;
    }

    static TransposePlan of(int[] shape, int[] perm) {
        if (perm.length != shape.length) {
            throw new IllegalArgumentException("transpose: perm " + Arrays.toString(perm) + " has " + perm.length
                    + " axes, the input " + Arrays.toString(shape) + " has " + shape.length);
        }
        boolean[] seen = new boolean[shape.length];
        for (int p : perm) {
            if (p < 0 || p >= shape.length || seen[p]) {
                throw new IllegalArgumentException("transpose: perm " + Arrays.toString(perm)
                        + " is not a permutation of the axes of " + Arrays.toString(shape));
            }
            seen[p] = true;
        }
        // input axes that are not size 1, renumbered in input order
        int[] newIndex = new int[shape.length];
        int kept = 0;
        for (int i = 0; i < shape.length; i++) {
            newIndex[i] = shape[i] == 1 ? -1 : kept++;
        }
        int[] dims = new int[kept];
        for (int i = 0; i < shape.length; i++) {
            if (newIndex[i] >= 0) {
                dims[newIndex[i]] = shape[i];
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int p : perm) {
            if (newIndex[p] >= 0) {
                order.add(newIndex[p]);
            }
        }
        // runs of consecutive input axes in output order become one axis each
        List<int[]> runs = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int axis = order.get(k);
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == axis - 1) {
                runs.get(runs.size() - 1)[1] = axis;
            } else {
                runs.add(new int[] {axis, axis});
            }
        }
        // merged input axes are the runs sorted by their first input axis
        int r = runs.size();
        int[] inDims = new int[r];
        int[] newPerm = new int[r];
        for (int k = 0; k < r; k++) {
            int first = runs.get(k)[0];
            int rank = 0;
            for (int[] other : runs) {
                if (other[0] < first) {
                    rank++;
                }
            }
            int size = 1;
            for (int a = first; a <= runs.get(k)[1]; a++) {
                size *= dims[a];
            }
            inDims[rank] = size;
            newPerm[k] = rank;
        }
        return new TransposePlan(inDims, newPerm);
    }

    int rank() {
        return inDims.length;
    }

    int[] inDims() {
        return inDims;
    }

    int[] perm() {
        return perm;
    }

    /** True when the data keeps its order (at most one axis is left). */
    boolean isCopy() {
        return inDims.length <= 1;
    }

    @Override
    public String toString() {
        return "TransposePlan" + Arrays.toString(inDims) + " perm " + Arrays.toString(perm);
    }
}
