package io.jkeras.losses;

/** The check shared by the cross-entropies' {@code labelSmoothing} options. */
final class LabelSmoothing {
    private LabelSmoothing() {
    }

    static float check(float s) {
        if (!(s >= 0f && s <= 1f)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1], got " + s);
        }
        return s;
    }
}
