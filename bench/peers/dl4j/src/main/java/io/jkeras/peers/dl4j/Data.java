package io.jkeras.peers.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * In-memory training sets the DL4J way: one {@link DataSet} holding all samples, and a list of
 * mini-batch DataSets that are row-range views of it. Shuffling the whole set in place
 * ({@link DataSet#shuffle(long)}) reorders what every view sees, so an epoch makes no per-batch copies:
 * the batches go straight to {@code MultiLayerNetwork.fit} through an ExistingDataSetIterator.
 */
final class Data {
    final DataSet all;
    final List<DataSet> batches;

    Data(INDArray features, INDArray labels, int batchSize) {
        this.all = new DataSet(features, labels);
        this.batches = new ArrayList<>();
        long n = features.size(0);
        for (long start = 0; start < n; start += batchSize) {
            long end = Math.min(n, start + batchSize);
            batches.add(new DataSet(rows(features, start, end), rows(labels, start, end)));
        }
    }

    int size() {
        return (int) all.getFeatures().size(0);
    }

    /** Normal inputs of {@code width} columns, labels uniform in 0..classes-1 as one-hot rows. */
    static Data synthetic(int n, int width, int classes, int batchSize, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, width);
        Random rng = new Random(seed);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return new Data(x, oneHot(labels, classes), batchSize);
    }

    static INDArray oneHot(int[] labels, int classes) {
        float[] y = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            y[i * classes + labels[i]] = 1f;
        }
        return Nd4j.create(y, new long[] {labels.length, classes}, DataType.FLOAT);
    }

    private static INDArray rows(INDArray a, long start, long end) {
        return a.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
    }
}
