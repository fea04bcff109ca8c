package io.jkeras.datasets;

import io.jkeras.NDArray;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; MIT licence) from its four gzipped IDX files,
 * as Debian's {@code dataset-fashion-mnist} installs them in {@link #DEFAULT_DIR}. Images come
 * back as Keras gives them: pixel values 0..255 in an (N, 28, 28) array; labels (N,) 0..9.
 */
public final class FashionMnist {
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String[] FILES = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private FashionMnist() {
    }

    /** True when all four files are in {@code dir}. */
    public static boolean isPresent(Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                return false;
            }
        }
        return true;
    }

    public static Dataset load(Path dir) throws IOException {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException("Fashion-MNIST file " + dir.resolve(f) + " is missing (expected the four files "
                        + String.join(", ", FILES) + "; on Debian: apt-get install dataset-fashion-mnist)");
            }
        }
        return new Dataset(Idx.images(dir.resolve(FILES[0])), Idx.labels(dir.resolve(FILES[1])),
                Idx.images(dir.resolve(FILES[2])), Idx.labels(dir.resolve(FILES[3])));
    }

    /** The IDX format of LeCun's MNIST: a magic number, big-endian dimensions, unsigned bytes. */
    static final class Idx {
        private Idx() {
        }

        static NDArray images(Path file) throws IOException {
            try (DataInputStream in = open(file)) {
                expectMagic(in, 0x00000803, file);
                int n = in.readInt();
                int rows = in.readInt();
                int cols = in.readInt();
                return NDArray.ofUnsignedBytes(readBytes(in, n * rows * cols, file), n, rows, cols);
            }
        }

        static NDArray labels(Path file) throws IOException {
            try (DataInputStream in = open(file)) {
                expectMagic(in, 0x00000801, file);
                int n = in.readInt();
                return NDArray.ofUnsignedBytes(readBytes(in, n, file), n);
            }
        }

        private static DataInputStream open(Path file) throws IOException {
            InputStream raw = Files.newInputStream(file);
            return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        }

        private static void expectMagic(DataInputStream in, int magic, Path file) throws IOException {
            int m = in.readInt();
            if (m != magic) {
                throw new IOException(file + " is not an IDX file of the expected kind: magic number 0x"
                        + Integer.toHexString(m) + ", expected 0x" + Integer.toHexString(magic));
            }
        }

        private static byte[] readBytes(DataInputStream in, int n, Path file) throws IOException {
            byte[] b = new byte[n];
            try {
                in.readFully(b);
            } catch (EOFException e) {
                throw new IOException(file + " is truncated: expected " + n + " values", e);
            }
            return b;
        }
    }
}
