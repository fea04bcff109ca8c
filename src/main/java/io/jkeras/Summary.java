package io.jkeras;

import io.jkeras.layers.InputLayer;
import io.jkeras.layers.Layer;
import io.jkeras.layers.Node;
import io.jkeras.ops.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** Keras 2.3's {@code print_summary} layout: a three-column table for chains, four columns otherwise. */
final class Summary {
    private Summary() {
    }

    static String of(Model model) {
        boolean chain = isChain(model);
        int lineLength = chain ? 65 : 98;
        double[] fractions = chain ? new double[] {.45, .85, 1.} : new double[] {.33, .55, .67, 1.};
        int[] positions = new int[fractions.length];
        for (int i = 0; i < fractions.length; i++) {
            positions[i] = (int) (lineLength * fractions[i]);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Model: \"").append(model.name()).append("\"\n");
        sb.append("_".repeat(lineLength)).append('\n');
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (!chain) {
            header.add("Connected to");
        }
        row(sb, header, positions);
        sb.append("=".repeat(lineLength)).append('\n');
        List<Layer> layers = model.layers();
        Set<Node> modelNodes = Collections.newSetFromMap(new IdentityHashMap<>());
        modelNodes.addAll(model.graph().nodes());
        model.graph().inputs().forEach(t -> modelNodes.add(t.node()));
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String first = l.name() + " (" + l.getClass().getSimpleName() + ")";
            String shape = outputShape(l, modelNodes);
            String params = Integer.toString(l.countParams());
            if (chain) {
                row(sb, List.of(first, shape, params), positions);
            } else {
                List<String> connections = new ArrayList<>();
                for (Node n : l.inboundNodes()) {
                    if (!modelNodes.contains(n)) {
                        continue;
                    }
                    for (KerasTensor in : n.inputs()) {
                        Layer src = in.layer();
                        int nodeIndex = src.inboundNodes().indexOf(in.node());
                        connections.add(src.name() + "[" + nodeIndex + "][0]");
                    }
                }
                row(sb, List.of(first, shape, params, connections.isEmpty() ? "" : connections.get(0)), positions);
                for (int c = 1; c < connections.size(); c++) {
                    row(sb, List.of("", "", "", connections.get(c)), positions);
                }
            }
            sb.append((i == layers.size() - 1 ? "=" : "_").repeat(lineLength)).append('\n');
        }
        long trainable = 0;
        long total = 0;
        for (Layer l : layers) {
            for (Variable v : l.weights()) {
                total += v.size();
                if (v.trainable()) {
                    trainable += v.size();
                }
            }
        }
        sb.append(String.format("Total params: %,d%n", total));
        sb.append(String.format("Trainable params: %,d%n", trainable));
        sb.append(String.format("Non-trainable params: %,d%n", total - trainable));
        sb.append("_".repeat(lineLength)).append('\n');
        return sb.toString();
    }

    private static String outputShape(Layer l, Set<Node> modelNodes) {
        List<String> shapes = new ArrayList<>();
        for (Node n : l.inboundNodes()) {
            if (modelNodes.contains(n)) {
                String s = KerasTensor.formatShape(n.output().shape());
                if (!shapes.contains(s)) {
                    shapes.add(s);
                }
            }
        }
        return shapes.size() == 1 ? shapes.get(0) : shapes.isEmpty() ? "multiple" : "multiple";
    }

    private static void row(StringBuilder sb, List<String> fields, int[] positions) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.setLength(line.length() - 1);
                line.append(' ');
            }
            line.append(fields.get(i));
            if (line.length() > positions[i]) {
                line.setLength(positions[i]);
            }
            line.append(" ".repeat(positions[i] - line.length()));
        }
        sb.append(line).append('\n');
    }

    /** One input, one output, every layer used once, each node reading exactly one tensor. */
    private static boolean isChain(Model model) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            return false;
        }
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<KerasTensor> consumed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : model.graph().nodes()) {
            if (n.inputs().size() != 1 || !seen.add(n.layer()) || !consumed.add(n.inputs().get(0))) {
                return false;
            }
        }
        for (Layer l : model.layers()) {
            if (!(l instanceof InputLayer) && !seen.contains(l)) {
                return false;
            }
        }
        return true;
    }
}
