package io.jkeras.training;

import io.jkeras.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * Arrays checked against a model: one per input, one target per output (null where the
 * output has no loss), and one combined sample weight per output (null: all ones).
 */
public record ArrayData(List<NDArray> x, List<NDArray> y, List<NDArray> weights, int samples) {

    /** Rows {@code [start, end)} of every array. */
    public ArrayData slice(int start, int end) {
        return new ArrayData(sliceAll(x, start, end), sliceAll(y, start, end), sliceAll(weights, start, end),
                end - start);
    }

    private static List<NDArray> sliceAll(List<NDArray> arrays, int start, int end) {
        if (arrays == null) {
            return null;
        }
        List<NDArray> out = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) {
            out.add(a == null ? null : a.slice(start, end));
        }
        return out;
    }
}
