package io.jkeras.peers.dl4j;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The benchmark's models as DL4J users write them: a {@link NeuralNetConfiguration.Builder} list of layers,
 * Keras's defaults spelled out (Adam 1e-3/0.9/0.999/1e-7, Glorot uniform weights, zero biases, float32),
 * workspaces left at DL4J's default (enabled, its fast path).
 */
final class Models {
    private Models() {
    }

    /** W1 and W4: MLP 784-512-512-10, relu, softmax cross-entropy. */
    static MultiLayerNetwork mlp784(long seed) {
        return build(base(seed).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(512).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(512).nOut(512).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(512).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build());
    }

    /** W2 and W3: Conv 32 3x3 relu, max-pool 2, conv 64 3x3 relu, max-pool 2, dense 128 relu, softmax 10. */
    static MultiLayerNetwork cnn(long seed) {
        return build(base(seed).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                // rows of 784 pixels in, reshaped to NCHW [n,1,28,28]; nIn of each layer inferred
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build());
    }

    /** W5: MLP 4096-4096-4096, relu then softmax over 4096 classes. */
    static MultiLayerNetwork wide(long seed) {
        return build(base(seed).list()
                .layer(new DenseLayer.Builder().nIn(4096).nOut(4096).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(4096).nOut(4096)
                        .activation(Activation.SOFTMAX).build())
                .build());
    }

    private static NeuralNetConfiguration.Builder base(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(Adam.builder().learningRate(1e-3).beta1(0.9).beta2(0.999).epsilon(1e-7).build())
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0);
    }

    private static MultiLayerNetwork build(MultiLayerConfiguration conf) {
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
