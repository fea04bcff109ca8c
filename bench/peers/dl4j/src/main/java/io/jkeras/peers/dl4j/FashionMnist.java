package io.jkeras.peers.dl4j;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reads Fashion-MNIST's gzip IDX files: images as rows of 784 pixels scaled to [0,1], labels one-hot. */
final class FashionMnist {
    private FashionMnist() {
    }

    /** {@code prefix} is "train" or "t10k". */
    static Data load(Path dir, String prefix, int batchSize) throws IOException {
        INDArray images = images(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        int[] labels = labels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        if (labels.length != images.size(0)) {
            throw new IOException(prefix + ": expected as many labels as images (" + images.size(0)
                    + "), got " + labels.length);
        }
        return new Data(images, Data.oneHot(labels, 10), batchSize);
    }

    private static INDArray images(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            magic(in, 2051, file);
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] raw = in.readNBytes(n * rows * cols);
            if (raw.length != n * rows * cols) {
                throw new IOException(file + ": expected " + n * rows * cols + " pixel bytes, got " + raw.length);
            }
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xff) / 255f;
            }
            return Nd4j.create(pixels, new long[] {n, (long) rows * cols}, DataType.FLOAT);
        }
    }

    private static int[] labels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            magic(in, 2049, file);
            int n = in.readInt();
            byte[] raw = in.readNBytes(n);
            if (raw.length != n) {
                throw new IOException(file + ": expected " + n + " label bytes, got " + raw.length);
            }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(raw, 1 << 16));
    }

    private static void magic(DataInputStream in, int expected, Path file) throws IOException {
        int magic = in.readInt();
        if (magic != expected) {
            throw new IOException(file + ": expected IDX magic " + expected + ", got " + magic);
        }
    }
}
