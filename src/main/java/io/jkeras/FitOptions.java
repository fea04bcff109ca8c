package io.jkeras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The arguments of Keras's {@code fit}, with Keras's defaults. */
public final class FitOptions extends LoopOptions<FitOptions> {
    private int epochs = 1;
    private double validationSplit;
    private Data validationX;
    private Data validationY;
    private Data validationWeights;
    private boolean shuffle = true;
    private boolean shuffleBatch;
    private Map<?, ?> classWeight;
    private Data sampleWeight;
    private int initialEpoch;
    private int validationFreq = 1;
    private List<Integer> validationEpochs;
    private Integer stepsPerEpoch;
    private Integer validationSteps;
    private Sequence validationSequence;
    private java.util.Iterator<Batch> validationGenerator;

    public FitOptions() {
        super(1);
    }

    /** The index of the final epoch (exclusive): training runs from initialEpoch to epochs. */
    public FitOptions epochs(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    /** Fraction in [0, 1) of the data, taken from its end before shuffling, held out for validation. */
    public FitOptions validationSplit(double split) {
        if (!(split >= 0 && split < 1)) {
            throw new IllegalArgumentException("validationSplit must be in [0, 1), got " + split);
        }
        this.validationSplit = split;
        return this;
    }

    public FitOptions validationData(NDArray x, NDArray y) {
        return validationData(Data.of(x), Data.of(y), null);
    }

    public FitOptions validationData(NDArray x, NDArray y, NDArray sampleWeight) {
        return validationData(Data.of(x), Data.of(y), sampleWeight == null ? null : Data.of(sampleWeight));
    }

    /** Validation data for multi-input or multi-output models; weights may be null. */
    public FitOptions validationData(Data x, Data y, Data sampleWeight) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("validationData needs both x and y; got x=" + x + ", y=" + y);
        }
        this.validationX = x;
        this.validationY = y;
        this.validationWeights = sampleWeight;
        return this;
    }

    public FitOptions validationData(Data x, Data y) {
        return validationData(x, y, null);
    }

    /** Whether to shuffle the training samples before each epoch. */
    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        this.shuffleBatch = false;
        return this;
    }

    /** Keras's {@code shuffle="batch"}: shuffles whole batch-sized chunks. */
    public FitOptions shuffleBatch() {
        this.shuffle = true;
        this.shuffleBatch = true;
        return this;
    }

    /** Class index to loss weight, for training only (single-output models, or by output name). */
    public FitOptions classWeight(Map<?, ?> classWeight) {
        this.classWeight = classWeight == null ? null : new LinkedHashMap<>(classWeight);
        return this;
    }

    public FitOptions sampleWeight(NDArray weights) {
        this.sampleWeight = weights == null ? null : Data.of(weights);
        return this;
    }

    /** Per-output sample weights, by position or by output name. */
    public FitOptions sampleWeight(Data weights) {
        this.sampleWeight = weights;
        return this;
    }

    /** The epoch to start at (to resume a run). */
    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new IllegalArgumentException("initialEpoch must be >= 0, got " + initialEpoch);
        }
        this.initialEpoch = initialEpoch;
        return this;
    }

    /** Validate after every {@code n}-th epoch. */
    public FitOptions validationFreq(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("`validation_freq` can not be less than 1.");
        }
        this.validationFreq = n;
        this.validationEpochs = null;
        return this;
    }

    /** Validate after the listed (1-based) epochs. */
    public FitOptions validationFreq(List<Integer> epochs) {
        this.validationEpochs = List.copyOf(epochs);
        return this;
    }

    public int epochs() {
        return epochs;
    }

    public double validationSplit() {
        return validationSplit;
    }

    public Data validationX() {
        return validationX;
    }

    public Data validationY() {
        return validationY;
    }

    public Data validationWeights() {
        return validationWeights;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public boolean isShuffleBatch() {
        return shuffleBatch;
    }

    public Map<?, ?> classWeight() {
        return classWeight;
    }

    public Data sampleWeight() {
        return sampleWeight;
    }

    public int initialEpoch() {
        return initialEpoch;
    }

    /** True when validation runs after the 0-based {@code epoch}. */
    public boolean validatesAfter(int epoch) {
        return validationEpochs != null ? validationEpochs.contains(epoch + 1) : (epoch + 1) % validationFreq == 0;
    }

    /** Validation batches from a Sequence (Keras's validation_data=Sequence). */
    public FitOptions validationData(Sequence validation) {
        if (validation == null) {
            throw new IllegalArgumentException("validationData: the Sequence must not be null");
        }
        this.validationSequence = validation;
        return this;
    }

    /** Validation batches from a generator; needs {@link #validationSteps}. */
    public FitOptions validationData(java.util.Iterator<Batch> validation) {
        if (validation == null) {
            throw new IllegalArgumentException("validationData: the generator must not be null");
        }
        this.validationGenerator = validation;
        return this;
    }

    /**
     * Batches per epoch. With arrays: that many batches of batchSize from a stream that repeats
     * the data (Keras 2.15's meaning); with a Sequence, default its size; a plain generator needs it.
     */
    public FitOptions stepsPerEpoch(Integer steps) {
        this.stepsPerEpoch = checkSteps("stepsPerEpoch", steps);
        return this;
    }

    /** Validation batches per validation run (default: all of it, or len of a Sequence). */
    public FitOptions validationSteps(Integer steps) {
        this.validationSteps = checkSteps("validationSteps", steps);
        return this;
    }

    public Integer stepsPerEpoch() {
        return stepsPerEpoch;
    }

    public Integer validationSteps() {
        return validationSteps;
    }

    public Sequence validationSequence() {
        return validationSequence;
    }

    public java.util.Iterator<Batch> validationGenerator() {
        return validationGenerator;
    }
}
