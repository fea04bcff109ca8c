package io.jkeras.initializers;

/** Keras's fan computation: 2D (in, out); conv kernels (..., in, out) times the receptive field. */
record Fans(double in, double out) {
    static Fans of(int[] shape) {
        if (shape.length == 2) {
            return new Fans(shape[0], shape[1]);
        }
        if (shape.length >= 3 && shape.length <= 5) {
            double receptive = 1;
            for (int i = 0; i < shape.length - 2; i++) {
                receptive *= shape[i];
            }
            return new Fans(shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive);
        }
        double n = 1;
        for (int d : shape) {
            n *= d;
        }
        double s = Math.sqrt(n);
        return new Fans(s, s);
    }
}
