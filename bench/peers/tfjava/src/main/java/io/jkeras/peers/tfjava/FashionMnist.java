package io.jkeras.peers.tfjava;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Reads Fashion-MNIST from its gzipped IDX files into NHWC tensors: images [n, 28, 28, 1]
 * scaled to [0, 1], labels [n] as int32.
 */
final class FashionMnist {

    private static final int IMAGES_MAGIC = 2051;
    private static final int LABELS_MAGIC = 2049;

    private FashionMnist() {}

    /** The training set (prefix "train") or the test set (prefix "t10k") of the folder. */
    static Batches load(Path dir, String prefix) throws IOException {
        TFloat32 images = readImages(dir.resolve(prefix + "-images-idx3-ubyte.gz"));
        TInt32 labels = readLabels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        return new Batches(images, labels);
    }

    private static TFloat32 readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), IMAGES_MAGIC);
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            byte[] pixels = new byte[rows * cols];
            float[] row = new float[rows * cols];
            TFloat32 images = TFloat32.tensorOf(Shape.of(n, rows, cols, 1));
            FloatDataBuffer data = images.asRawTensor().data().asFloats();
            for (int i = 0; i < n; i++) {
                in.readFully(pixels);
                for (int j = 0; j < pixels.length; j++) {
                    row[j] = (pixels[j] & 0xff) / 255f;
                }
                data.offset((long) i * row.length).write(row);
            }
            return images;
        }
    }

    private static TInt32 readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in.readInt(), LABELS_MAGIC);
            int n = in.readInt();
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            TInt32 labels = TInt32.tensorOf(Shape.of(n));
            IntDataBuffer data = labels.asRawTensor().data().asInts();
            for (int i = 0; i < n; i++) {
                data.setInt(bytes[i] & 0xff, i);
            }
            return labels;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }

    private static void checkMagic(Path file, int magic, int expected) throws IOException {
        if (magic != expected) {
            throw new IOException(file + ": expected IDX magic " + expected + ", given " + magic);
        }
    }
}
