package io.jkeras.peers.tfjava;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A data set held once in two TensorFlow tensors (inputs, integer labels) and the batches
 * fed from it. A batch is copied row by row (native memory to native memory) into a tensor of
 * its size that is made once and reused for every batch of that size: a session feed takes a
 * whole tensor, and TF Java has no view of a slice of another tensor's memory.
 */
final class Batches implements AutoCloseable {

    private final TFloat32 inputs;
    private final TInt32 labels;
    private final FloatDataBuffer inputData;
    private final IntDataBuffer labelData;
    private final Shape sampleShape;
    private final long rowSize;
    private final int count;
    private final Map<Integer, TFloat32> inputBatches = new HashMap<>();
    private final Map<Integer, TInt32> labelBatches = new HashMap<>();

    /** Takes ownership of the two tensors; the first axis of both is the sample. */
    Batches(TFloat32 inputs, TInt32 labels) {
        this.inputs = inputs;
        this.labels = labels;
        this.inputData = inputs.asRawTensor().data().asFloats();
        this.labelData = labels.asRawTensor().data().asInts();
        long[] dims = inputs.shape().asArray();
        this.count = (int) dims[0];
        this.sampleShape = inputs.shape().tail();
        this.rowSize = sampleShape.size();
        if (labels.shape().size(0) != count) {
            throw new IllegalArgumentException("labels: expected " + count + " samples, given " + labels.shape());
        }
    }

    /** Synthetic data: standard normal inputs of the given sample shape, labels uniform in 0..classes-1. */
    static Batches synthetic(int samples, Shape sampleShape, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TFloat32 x = TFloat32.tensorOf(Shape.of(samples).append(sampleShape));
        FloatDataBuffer xd = x.asRawTensor().data().asFloats();
        float[] chunk = new float[(int) sampleShape.size()];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (float) random.nextGaussian();
            }
            xd.offset((long) i * chunk.length).write(chunk);
        }
        TInt32 y = TInt32.tensorOf(Shape.of(samples));
        IntDataBuffer yd = y.asRawTensor().data().asInts();
        for (int i = 0; i < samples; i++) {
            yd.setInt(random.nextInt(classes), i);
        }
        return new Batches(x, y);
    }

    int count() {
        return count;
    }

    /** Copies the samples order[start .. start+size) into the reused batch tensors of that size. */
    void gather(int[] order, int start, int size) {
        FloatDataBuffer xb = inputBatch(size).asRawTensor().data().asFloats();
        IntDataBuffer yb = labelBatch(size).asRawTensor().data().asInts();
        for (int j = 0; j < size; j++) {
            int i = order[start + j];
            inputData.slice(i * rowSize, rowSize).copyTo(xb.slice(j * rowSize, rowSize), rowSize);
            yb.setInt(labelData.getInt(i), j);
        }
    }

    /** Copies the contiguous samples [start, start+size) into the reused batch tensors of that size. */
    void slice(int start, int size) {
        long n = size * rowSize;
        inputData.slice(start * rowSize, n).copyTo(inputBatch(size).asRawTensor().data().asFloats(), n);
        labelData.slice(start, size).copyTo(labelBatch(size).asRawTensor().data().asInts(), size);
    }

    /** The reused input tensor for batches of this size (what gather or slice last filled). */
    TFloat32 inputBatch(int size) {
        return inputBatches.computeIfAbsent(size, s -> TFloat32.tensorOf(Shape.of(s).append(sampleShape)));
    }

    /** The reused label tensor for batches of this size. */
    TInt32 labelBatch(int size) {
        return labelBatches.computeIfAbsent(size, s -> TInt32.tensorOf(Shape.of(s)));
    }

    /** The label of sample i. */
    int label(int i) {
        return labelData.getInt(i);
    }

    @Override
    public void close() {
        inputBatches.values().forEach(TFloat32::close);
        labelBatches.values().forEach(TInt32::close);
        inputs.close();
        labels.close();
    }
}
