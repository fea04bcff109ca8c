#!/usr/bin/env node
'use strict';
/*
 * Golden values for jkeras's whole-training tests, computed by TensorFlow.js layers 4.22
 * (npm @tensorflow/tfjs 4.22.0, pure-JS 'cpu' backend), a port of Keras's training loop.
 *
 * Run from this folder (node 20):
 *
 *     npm ci && node make_golden_tfjs.js
 *
 * It rewrites src/test/resources/golden/tfjs_training.txt, which
 * src/test/java/io/jkeras/golden/TfjsGoldenTrainingTest.java reads. The format is the one of
 * scripts/golden/make_golden.py (see GoldenFile.java):
 *     case NAME                 starts a case; names are unique within a file
 *     text KEY VALUE...         a string attribute (the rest of the line)
 *     tensor KEY D0 D1 ...      a float array of that shape (no dims: a scalar); its row-major
 *                               values follow on the next lines, one row of the last axis per line
 * Inputs and initial weights come from a generator seeded by each case's name and are float32
 * numbers written so that they read back exactly; expected values are TF.js's float32 results
 * (or float64 sums of them) written with 12 significant digits.
 *
 * TF.js is the oracle, but the rules are Keras 2.3's (/work/shared/reference/keras-semantics.md).
 * Where TF.js departs from Keras 2 (Appendix B of that file), the case's comment says so and the
 * script corrects it:
 * - lossWeights are ignored by TF.js's compile: the multi-output case runs its steps by hand
 *   (TF.js forward pass, loss functions and gradients; Keras's total loss and bookkeeping here).
 * - fit({sampleWeight}) is not supported: the sample-weight case runs its steps by hand the same way.
 * - Adam, RMSprop and Adagrad place epsilon differently from Keras 2.3, and TF.js's Adadelta
 *   divides by the root of the previous squared-gradient average where Keras uses the updated one
 *   (so its first step is lr * g): those cases train with KerasOptimizer below, a tf.Optimizer
 *   subclass that applies Keras 2.3's update rule (in float64 on the host, the weights stored back
 *   as float32) inside TF.js's own fit and trainOnBatch.
 * - evaluate() and validation leave regularisation out of `loss`: the l2 case adds the penalty of
 *   the weights each evaluation saw.
 * - `acc`/camelCase names: the file uses Keras's names (accuracy, mae, val_accuracy, ...).
 * - Cross-entropies on clipped probabilities rather than logits: the cases keep probabilities far
 *   from the clipping bounds, where both give the same numbers.
 * - Multi-output evaluate()/val_* come back shifted in TF.js: no case reads them.
 * - fit with classWeight and validationSplit together does not weight the validation loss in
 *   TF.js (Keras 2.3 does): the classWeight case has no validation.
 * Everything else (SGD with momentum and Nesterov, Adamax, validationSplit, classWeight,
 * batch-size-weighted epoch averages, initialEpoch, evaluate of a single output) is TF.js's own
 * model.fit / evaluate / trainOnBatch, and self-checks at the end of this file confirm that the
 * hand-written parts agree with TF.js wherever TF.js follows Keras.
 */
const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const OUT_FILE = path.join(__dirname, '..', '..', '..', 'src', 'test', 'resources', 'golden', 'tfjs_training.txt');

// ---- output file ---------------------------------------------------------------------------

/** A float array: row-major values and a shape ([] for a scalar). */
function nd(values, shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (values.length !== size) {
        throw new Error('shape ' + JSON.stringify(shape) + ' needs ' + size + ' values, got ' + values.length);
    }
    return { values: Array.from(values), shape: shape.slice() };
}

async function fromTensor(t) {
    return nd(await t.data(), t.shape);
}

/** %g with p significant digits, trailing zeros dropped (Java's Double.parseDouble reads it). */
function fmt(v, p) {
    const s = String(Number(v.toPrecision(p)));
    return s === '-0' ? '0' : s;
}

class GoldenWriter {
    constructor(title) {
        this.names = new Set();
        this.lines = [
            '# jkeras golden values: ' + title,
            '# Written by scripts/golden/tfjs/make_golden_tfjs.js (TensorFlow.js ' + tf.version.tfjs
                + ', ' + tf.getBackend() + ' backend); do not edit by hand.',
            '# Format: "case NAME" starts a case; "text KEY VALUE" is a string; "tensor KEY D0 D1 ..." is a',
            '# float array of that shape (no dims: a scalar) whose row-major values follow, one row per line.',
        ];
    }

    case(name, comment) {
        if (this.names.has(name)) {
            throw new Error('duplicate case ' + name);
        }
        this.names.add(name);
        this.lines.push('');
        for (const line of comment.trim().split('\n')) {
            this.lines.push('# ' + line.trim());
        }
        this.lines.push('case ' + name);
    }

    text(key, value) {
        this.lines.push('text ' + key + ' ' + String(value));
    }

    /** An input: float32 numbers, written so that they read back exactly. */
    exact(key, a) {
        for (const v of a.values) {
            if (Math.fround(v) !== v) {
                throw new Error(key + ' is not float32-representable: ' + v);
            }
        }
        this.tensor(key, a, 9);
    }

    /** A result, for comparison. */
    expected(key, a) {
        this.tensor(key, a, 12);
    }

    tensor(key, a, digits) {
        for (const v of a.values) {
            if (!Number.isFinite(v)) {
                throw new Error(key + ' has non-finite values');
            }
        }
        this.lines.push(['tensor', key].concat(a.shape.map(String)).join(' '));
        const row = a.shape.length === 0 ? 1 : a.shape[a.shape.length - 1];
        for (let i = 0; i < a.values.length; i += row) {
            this.lines.push(a.values.slice(i, i + row).map(v => fmt(v, digits)).join(' '));
        }
    }

    save() {
        fs.mkdirSync(path.dirname(OUT_FILE), { recursive: true });
        fs.writeFileSync(OUT_FILE, this.lines.join('\n') + '\n', 'utf8');
        console.log('wrote ' + path.normalize(OUT_FILE) + ' (' + this.names.size + ' cases)');
    }
}

// ---- deterministic inputs ------------------------------------------------------------------

const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        table[n] = c >>> 0;
    }
    return table;
})();

function crc32(text) {
    let c = 0xffffffff;
    for (const b of Buffer.from(text, 'utf8')) {
        c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
    }
    return (c ^ 0xffffffff) >>> 0;
}

/** A xorshift32 stream seeded by the case name alone, so cases do not depend on each other. */
class Rng {
    constructor(name) {
        this.s = crc32(name) || 1;
        for (let i = 0; i < 8; i++) {
            this.next32();
        }
    }

    next32() {
        let s = this.s;
        s ^= s << 13;
        s >>>= 0;
        s ^= s >>> 17;
        s ^= s << 5;
        this.s = s >>> 0;
        return this.s;
    }

    /** Uniform in (0, 1). */
    uniform() {
        return (this.next32() + 0.5) / 4294967296;
    }

    /** Standard normal (Box-Muller). */
    normal() {
        return Math.sqrt(-2 * Math.log(this.uniform())) * Math.cos(2 * Math.PI * this.uniform());
    }

    int(n) {
        return Math.floor(this.uniform() * n);
    }
}

function normal(rng, shape, scale = 1.0) {
    const size = shape.reduce((a, b) => a * b, 1);
    return nd(Array.from({ length: size }, () => Math.fround(scale * rng.normal())), shape);
}

function uniform(rng, lo, hi, shape) {
    const size = shape.reduce((a, b) => a * b, 1);
    return nd(Array.from({ length: size }, () => Math.fround(lo + (hi - lo) * rng.uniform())), shape);
}

/** Glorot-uniform kernels and small non-zero biases (so the biases' gradients matter from step 1). */
function denseWeights(rng, fanIn, fanOut, kernelScale = 1.0) {
    const limit = kernelScale * Math.sqrt(6 / (fanIn + fanOut));
    return [uniform(rng, -limit, limit, [fanIn, fanOut]), normal(rng, [fanOut], 0.1)];
}

/** Labels of a random linear teacher (argmax of x W), so training makes progress. */
function teacherClasses(rng, x, classes) {
    const [n, d] = x.shape;
    const w = normal(rng, [d, classes]).values;
    const labels = [];
    for (let i = 0; i < n; i++) {
        let best = 0;
        let bestScore = -Infinity;
        for (let c = 0; c < classes; c++) {
            let s = 0;
            for (let j = 0; j < d; j++) {
                s += x.values[i * d + j] * w[j * classes + c];
            }
            if (s > bestScore) {
                bestScore = s;
                best = c;
            }
        }
        labels.push(best);
    }
    for (let c = 0; c < classes; c++) {
        if (!labels.includes(c)) {
            throw new Error('class ' + c + ' missing from the data; pick another case name or size');
        }
    }
    return labels;
}

function oneHot(labels, classes) {
    const v = [];
    for (const l of labels) {
        for (let c = 0; c < classes; c++) {
            v.push(c === l ? 1 : 0);
        }
    }
    return nd(v, [labels.length, classes]);
}

function tensor(a) {
    return tf.tensor(Float32Array.from(a.values), a.shape, 'float32');
}

function rows(a, start, end) {
    const row = a.values.length / a.shape[0];
    return nd(a.values.slice(start * row, end * row), [end - start].concat(a.shape.slice(1)));
}

// ---- Keras 2.3's optimizers ----------------------------------------------------------------

/** Keras 2.3's defaults (keras-semantics.md 10.1): the file names only the hyperparameters that differ. */
const KERAS_DEFAULTS = {
    sgd: { learning_rate: 0.01, momentum: 0.0, nesterov: false },
    rmsprop: { learning_rate: 0.001, rho: 0.9, epsilon: 1e-7 },
    adagrad: { learning_rate: 0.01, epsilon: 1e-7 },
    adadelta: { learning_rate: 1.0, rho: 0.95, epsilon: 1e-7 },
    adam: { learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
    adamax: { learning_rate: 0.002, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 },
};

/**
 * Keras 2.3's update rules as a tf.Optimizer, so that TF.js's own fit and trainOnBatch can
 * train with them. The step reads the float32 weight and gradient, updates in float64 with
 * float64 state (t = updates already applied + 1, as Keras's `iterations`), and stores the new
 * weight back as float32 (the model's dtype, as in Keras).
 */
class KerasOptimizer extends tf.Optimizer {
    static get className() {
        return 'KerasOptimizer';
    }

    constructor(kind, hyper) {
        super();
        if (!KERAS_DEFAULTS[kind]) {
            throw new Error('unknown optimizer ' + kind);
        }
        this.kind = kind;
        this.h = Object.assign({}, KERAS_DEFAULTS[kind], hyper);
        this.state = new Map();
    }

    applyGradients(variableGradients) {
        const items = Array.isArray(variableGradients)
            ? variableGradients
            : Object.keys(variableGradients).map(name => ({ name, tensor: variableGradients[name] }));
        const t = this.iterations + 1;
        for (const { name, tensor: gradient } of items) {
            if (gradient == null) {
                throw new Error('no gradient for ' + name);
            }
            const variable = tf.engine().registeredVariables[name];
            const p = Float64Array.from(variable.dataSync());
            const g = gradient.dataSync();
            if (!this.state.has(name)) {
                this.state.set(name, { a: new Float64Array(p.length), b: new Float64Array(p.length) });
            }
            const s = this.state.get(name);
            for (let i = 0; i < p.length; i++) {
                p[i] = this.update(p[i], g[i], s, i, t);
            }
            variable.assign(tf.tensor(Float32Array.from(p), variable.shape, 'float32'));
        }
        this.incrementIterations();
    }

    /** One element's Keras 2.3 update (keras-semantics.md 10.1); s.a and s.b are its two slots. */
    update(p, g, s, i, t) {
        const h = this.h;
        switch (this.kind) {
            case 'sgd': {
                const v = h.momentum * s.a[i] - h.learning_rate * g;
                s.a[i] = v;
                return h.nesterov ? p + h.momentum * v - h.learning_rate * g : p + v;
            }
            case 'rmsprop': {
                const a = h.rho * s.a[i] + (1 - h.rho) * g * g;
                s.a[i] = a;
                return p - h.learning_rate * g / (Math.sqrt(a) + h.epsilon);
            }
            case 'adagrad': {
                const a = s.a[i] + g * g;
                s.a[i] = a;
                return p - h.learning_rate * g / (Math.sqrt(a) + h.epsilon);
            }
            case 'adadelta': {
                const a = h.rho * s.a[i] + (1 - h.rho) * g * g;
                const u = g * Math.sqrt(s.b[i] + h.epsilon) / Math.sqrt(a + h.epsilon);
                s.a[i] = a;
                s.b[i] = h.rho * s.b[i] + (1 - h.rho) * u * u;
                return p - h.learning_rate * u;
            }
            case 'adam': {
                const m = h.beta_1 * s.a[i] + (1 - h.beta_1) * g;
                const v = h.beta_2 * s.b[i] + (1 - h.beta_2) * g * g;
                s.a[i] = m;
                s.b[i] = v;
                const lrT = h.learning_rate * Math.sqrt(1 - Math.pow(h.beta_2, t)) / (1 - Math.pow(h.beta_1, t));
                return p - lrT * m / (Math.sqrt(v) + h.epsilon);
            }
            case 'adamax': {
                const m = h.beta_1 * s.a[i] + (1 - h.beta_1) * g;
                const u = Math.max(h.beta_2 * s.b[i], Math.abs(g));
                s.a[i] = m;
                s.b[i] = u;
                return p - h.learning_rate / (1 - Math.pow(h.beta_1, t)) * m / (u + h.epsilon);
            }
            default:
                throw new Error('unknown optimizer ' + this.kind);
        }
    }

    getConfig() {
        return { kind: this.kind, hyper: this.h };
    }
}

/**
 * TF.js's own optimizers where their rule is Keras 2.3's (checked against KerasOptimizer in
 * selfCheckOptimizers): plain, momentum and Nesterov SGD, and Adamax.
 */
function tfjsOptimizer(kind, hyper) {
    const h = Object.assign({}, KERAS_DEFAULTS[kind], hyper);
    switch (kind) {
        case 'sgd':
            return h.momentum === 0 && !h.nesterov
                ? tf.train.sgd(h.learning_rate)
                : tf.train.momentum(h.learning_rate, h.momentum, h.nesterov);
        case 'adamax':
            return tf.train.adamax(h.learning_rate, h.beta_1, h.beta_2, h.epsilon);
        default:
            throw new Error(kind + ': TF.js\'s rule is not Keras 2.3\'s; use KerasOptimizer');
    }
}

/** An optimizer spec: which rule, its hyperparameters, and whether TF.js's own class runs it. */
function optimizer(kind, hyper, own) {
    return { kind, hyper, own, make: () => (own ? tfjsOptimizer(kind, hyper) : new KerasOptimizer(kind, hyper)) };
}

function writeOptimizer(out, spec) {
    out.text('optimizer', spec.kind);
    const defaults = KERAS_DEFAULTS[spec.kind];
    for (const key of Object.keys(defaults)) {
        if (key in spec.hyper && spec.hyper[key] !== defaults[key]) {
            out.text(key, spec.hyper[key]);
        }
    }
}

// ---- models ----------------------------------------------------------------------------------

/** Keras names -> TF.js names of losses and metrics, and the name TF.js reports a metric under. */
const LOSSES = {
    categorical_crossentropy: 'categoricalCrossentropy',
    sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
    binary_crossentropy: 'binaryCrossentropy',
    mean_squared_error: 'meanSquaredError',
};
const METRICS = {
    accuracy: { tfjs: 'accuracy', reported: 'acc' },
    mae: { tfjs: 'mae', reported: 'mae' },
};
/** Per-sample functions (last axis reduced) for the hand-run steps: TF.js's own losses. */
const SAMPLE_FUNCTIONS = {
    categorical_crossentropy: (y, p) => tf.metrics.categoricalCrossentropy(y, p),
    mean_squared_error: (y, p) => tf.metrics.meanSquaredError(y, p),
    mae: (y, p) => tf.metrics.meanAbsoluteError(y, p),
    accuracy_categorical: (y, p) => tf.metrics.categoricalAccuracy(y, p),
};

/**
 * A Dense MLP: spec = {input, layers: [[units, activation], ...], l2}. In the file:
 * "text model mlp", "text layers IN,U1:ACT1,U2:ACT2" and "text kernel_l2 L" when set.
 */
function mlp(spec, weights) {
    const x = tf.input({ shape: [spec.input] });
    let h = x;
    for (const [units, activation] of spec.layers) {
        const config = { units, activation };
        if (spec.l2) {
            config.kernelRegularizer = tf.regularizers.l2({ l2: spec.l2 });
        }
        h = tf.layers.dense(config).apply(h);
    }
    const m = tf.model({ inputs: x, outputs: h });
    m.setWeights(weights.map(tensor));
    return m;
}

function mlpWeights(rng, spec, kernelScale = 1.0) {
    const out = [];
    let fanIn = spec.input;
    for (const [units] of spec.layers) {
        out.push(...denseWeights(rng, fanIn, units, kernelScale));
        fanIn = units;
    }
    return out;
}

/** GoldenModels's two_heads: a shared 5 -> 6 tanh trunk, head_a 3 softmax, head_b 1 linear. */
function twoHeads(weights) {
    const x = tf.input({ shape: [5] });
    const h = tf.layers.dense({ units: 6, activation: 'tanh' }).apply(x);
    const a = tf.layers.dense({ units: 3, activation: 'softmax', name: 'head_a' }).apply(h);
    const b = tf.layers.dense({ units: 1, name: 'head_b' }).apply(h);
    const m = tf.model({ inputs: x, outputs: [a, b] });
    m.setWeights(weights.map(tensor));
    return m;
}

function writeModel(out, spec) {
    out.text('model', 'mlp');
    out.text('layers', [String(spec.input)].concat(spec.layers.map(([u, a]) => u + ':' + a)).join(','));
    if (spec.l2) {
        out.text('kernel_l2', spec.l2);
    }
}

async function modelWeights(m) {
    return Promise.all(m.getWeights().map(fromTensor));
}

function compileSingle(m, loss, metrics, opt) {
    m.compile({ optimizer: opt.make(), loss: LOSSES[loss], metrics: metrics.map(k => METRICS[k].tfjs) });
}

/** Keras's history keys: loss, the metrics, then val_ of each when validating. */
function kerasHistory(history, metrics, validating) {
    const names = [['loss', 'loss']].concat(metrics.map(k => [k, METRICS[k].reported]));
    const out = new Map();
    for (const [keras, tfjs] of names) {
        out.set(keras, history[tfjs]);
    }
    if (validating) {
        for (const [keras, tfjs] of names) {
            out.set('val_' + keras, history['val_' + tfjs]);
        }
    }
    for (const [key, values] of out) {
        if (!values) {
            throw new Error('TF.js history has no entry for ' + key + '; it has ' + Object.keys(history));
        }
    }
    return out;
}

function writeHistory(out, history) {
    out.text('history_keys', Array.from(history.keys()).join(','));
    for (const [key, values] of history) {
        out.expected('history.' + key, nd(values, [values.length]));
    }
}

function writeWeights(out, prefix, weights, exact) {
    weights.forEach((w, i) => (exact ? out.exact(prefix + i, w) : out.expected(prefix + i, w)));
}

function writeFitHeader(out, name, comment, spec, loss, metrics, opt, batchSize, epochs) {
    out.case(name, comment);
    out.text('run', 'fit');
    writeModel(out, spec);
    out.text('loss', loss);
    if (metrics.length) {
        out.text('metrics', metrics.join(','));
    }
    writeOptimizer(out, opt);
    out.text('batch_size', batchSize);
    out.text('epochs', epochs);
}

// ---- hand-run training steps (for what TF.js's fit cannot do as Keras) -----------------------

/**
 * Keras 2.3's fit loop with shuffle=False, run step by step: ceil(N / B) batches in order, each
 * a training step whose numbers come from its forward pass before the update. Per output k the
 * loss is sum(w * l_k) / B (sum_over_batch_size; w = sample weights or ones), the total loss is
 * sum(lossWeights[k] * loss_k); the epoch's `loss` and each `<out>_loss` are batch-size weighted
 * means of the batch values (jkeras follows tf.keras 2.15 for `<out>_loss`, section 4.5), plain
 * metrics are unweighted means over the epoch's samples. The forward pass, the per-sample losses
 * and the gradients are TF.js's (tf.variableGrads over the model's trainable variables); the
 * update is the optimizer's applyGradients.
 */
async function handFit(m, opt, args) {
    const { x, ys, sampleWeight, losses, lossWeights, metrics, outputNames, batchSize, epochs } = args;
    if (m.calculateLosses().length) {
        throw new Error('handFit does not add regularisation penalties');
    }
    const n = x.shape[0];
    const variables = m.trainableWeights.map(w => w.read());
    const history = new Map();
    for (let epoch = 0; epoch < epochs; epoch++) {
        const sums = new Map();
        const add = (key, v) => sums.set(key, (sums.get(key) || 0) + v);
        for (let start = 0; start < n; start += batchSize) {
            const end = Math.min(start + batchSize, n);
            const nb = end - start;
            const xb = tensor(rows(x, start, end));
            const yb = ys.map(y => tensor(rows(y, start, end)));
            const wb = sampleWeight ? tensor(rows(sampleWeight, start, end)) : tf.ones([nb]);
            const kept = [];
            const { value, grads } = tf.variableGrads(() => {
                let outs = m.apply(xb, { training: true });
                outs = Array.isArray(outs) ? outs : [outs];
                let total = tf.scalar(0);
                losses.forEach((loss, k) => {
                    const lk = tf.div(tf.sum(tf.mul(wb, SAMPLE_FUNCTIONS[loss](yb[k], outs[k]))), nb);
                    kept.push(['loss|' + k, tf.keep(lk)]);
                    total = tf.add(total, tf.mul(lossWeights[k], lk));
                });
                metrics.forEach(([k, metric]) => {
                    const total = tf.sum(SAMPLE_FUNCTIONS[metric](yb[k], outs[k]));
                    kept.push(['metric|' + k + '|' + metric, tf.keep(total)]);
                });
                return total;
            }, variables);
            add('loss', value.dataSync()[0] * nb);
            for (const [key, t] of kept) {
                const v = t.dataSync()[0];
                if (key.startsWith('loss|')) {
                    if (outputNames.length > 1) {
                        add(outputNames[Number(key.slice(5))] + '_loss', v * nb);
                    }
                } else {
                    const [, k, metric] = key.split('|');
                    const name = metric === 'accuracy_categorical' ? 'accuracy' : metric;
                    add((outputNames.length > 1 ? outputNames[Number(k)] + '_' : '') + name, v);
                }
            }
            opt.applyGradients(variables.map(v => ({ name: v.name, tensor: grads[v.name] })));
            tf.dispose([xb, yb, wb, value, grads, kept.map(e => e[1])]);
        }
        for (const [key, total] of sums) {
            if (!history.has(key)) {
                history.set(key, []);
            }
            history.get(key).push(total / n);
        }
    }
    return history;
}

// ---- the cases -------------------------------------------------------------------------------

const CASES = [];

const CLASSIFIER = { input: 10, layers: [[8, 'relu'], [3, 'softmax']] };

async function classifierFit(out, name, comment, opt, fitArgs = {}) {
    const n = fitArgs.n || 30;
    const batchSize = fitArgs.batchSize || 8;
    const epochs = fitArgs.epochs || 3;
    const rng = new Rng(name);
    const x = normal(rng, [n, CLASSIFIER.input]);
    const y = oneHot(teacherClasses(rng, x, 3), 3);
    const w0 = mlpWeights(rng, CLASSIFIER);
    const m = mlp(CLASSIFIER, w0);
    compileSingle(m, 'categorical_crossentropy', ['accuracy'], opt);
    const h = await m.fit(tensor(x), tensor(y), Object.assign({ batchSize, epochs, shuffle: false, verbose: 0 },
        fitArgs.tfjs || {}));
    writeFitHeader(out, name, comment, CLASSIFIER, 'categorical_crossentropy', ['accuracy'], opt, batchSize, epochs);
    for (const [key, value] of Object.entries(fitArgs.texts || {})) {
        out.text(key, value);
    }
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, kerasHistory(h.history, ['accuracy'], Boolean(fitArgs.tfjs && fitArgs.tfjs.validationSplit)));
    writeWeights(out, 'final_w', await modelWeights(m), false);
}

// (1) validation_split with plain SGD: TF.js's own fit.
CASES.push(out => classifierFit(out, 'fit_validation_split_sgd',
    'MLP 10 -> 8 relu -> 3 softmax, categorical_crossentropy + accuracy, SGD(lr 0.1), N = 45,\n'
    + 'validation_split 0.2: training on the first int(45 * 0.8) = 36 rows (batches 8, 8, 8, 8, 4),\n'
    + 'validation on the last 9 (8 and 1) after each epoch; 3 epochs, shuffle=False.\n'
    + 'TF.js\'s own fit (its validation split and epoch averaging are Keras\'s).',
    optimizer('sgd', { learning_rate: 0.1 }, true),
    { n: 45, tfjs: { validationSplit: 0.2 }, texts: { validation_split: 0.2 } }));

// (2) class_weight with momentum: TF.js's own fit.
CASES.push(out => classifierFit(out, 'fit_class_weight_momentum',
    'class_weight {0: 1.0, 1: 3.0, 2: 0.5} with SGD(lr 0.05, momentum 0.9), N = 30, batch 8 (8, 8, 8, 6),\n'
    + '3 epochs: each sample\'s loss times its class\'s weight, batch loss sum(w l) / B; accuracy unweighted.\n'
    + 'TF.js\'s own fit (its classWeight is Keras\'s; no validation here: TF.js would not weight a\n'
    + 'validation split by class, Keras 2.3 does).',
    optimizer('sgd', { learning_rate: 0.05, momentum: 0.9 }, true),
    { tfjs: { classWeight: { 0: 1.0, 1: 3.0, 2: 0.5 } }, texts: { class_weight: '0:1.0,1:3.0,2:0.5' } }));

// (3) sample weights: TF.js's fit refuses them, so the steps run by hand.
const REGRESSOR = { input: 6, layers: [[8, 'tanh'], [2, 'linear']] };
CASES.push(async out => {
    const name = 'fit_sample_weight';
    const opt = optimizer('sgd', { learning_rate: 0.05, momentum: 0.9 }, true);
    const rng = new Rng(name);
    const x = normal(rng, [30, 6]);
    const y = normal(rng, [30, 2]);
    const sw = uniform(rng, 0.0, 2.0, [30]);
    sw.values[3] = 0; // a zero weight still counts in the batch's denominator
    sw.values[17] = 0;
    const w0 = mlpWeights(rng, REGRESSOR);
    const m = mlp(REGRESSOR, w0);
    const h = await handFit(m, opt.make(), {
        x, ys: [y], sampleWeight: sw, losses: ['mean_squared_error'], lossWeights: [1.0],
        metrics: [[0, 'mae']], outputNames: ['out'], batchSize: 8, epochs: 4,
    });
    writeFitHeader(out, name,
        'Regression MLP 6 -> 8 tanh -> 2 linear, mse, metrics mae, SGD(lr 0.05, momentum 0.9), sample weights\n'
        + 'in [0, 2) with two zeros, N = 30, batch 8 (8, 8, 8, 6), 4 epochs, shuffle=False. Keras 2.3: batch loss\n'
        + 'sum(w l) / B (zero weights still count in B); mae is a plain metric (unweighted).\n'
        + 'TF.js\'s fit refuses sampleWeight: the steps run by hand (handFit: TF.js forward pass, mse and\n'
        + 'gradients, TF.js\'s momentum optimizer; Keras\'s weighting and epoch averaging in the script).',
        REGRESSOR, 'mean_squared_error', ['mae'], opt, 8, 4);
    out.exact('x', x);
    out.exact('y0', y);
    out.exact('sample_weight', sw);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, h);
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (4) loss_weights on two outputs: TF.js ignores lossWeights, so the steps run by hand.
CASES.push(async out => {
    const name = 'fit_two_heads_loss_weights';
    const opt = optimizer('sgd', { learning_rate: 0.1 }, true);
    const rng = new Rng(name);
    const x = normal(rng, [30, 5]);
    const ya = oneHot(teacherClasses(rng, x, 3), 3);
    const yb = normal(rng, [30, 1]);
    const w0 = [...denseWeights(rng, 5, 6), ...denseWeights(rng, 6, 3), ...denseWeights(rng, 6, 1)];
    const m = twoHeads(w0);
    const h = await handFit(m, opt.make(), {
        x, ys: [ya, yb], sampleWeight: null, losses: ['categorical_crossentropy', 'mean_squared_error'],
        lossWeights: [1.0, 0.5], metrics: [], outputNames: ['head_a', 'head_b'], batchSize: 8, epochs: 3,
    });
    out.case(name,
        'Two heads on a shared 5 -> 6 tanh trunk: head_a 3 softmax (categorical_crossentropy), head_b 1 linear\n'
        + '(mse), loss_weights [1.0, 0.5], SGD(lr 0.1), N = 30, batch 8 (8, 8, 8, 6), 3 epochs, shuffle=False:\n'
        + 'loss = head_a_loss + 0.5 head_b_loss per batch; <out>_loss not scaled by its loss weight, each a\n'
        + 'batch-size weighted epoch mean. TF.js\'s compile ignores lossWeights (it sums the outputs\' losses):\n'
        + 'the steps run by hand (handFit: TF.js forward pass, losses and gradients, TF.js\'s SGD; the loss\n'
        + 'weighting and bookkeeping in the script).');
    out.text('run', 'fit');
    out.text('model', 'two_heads');
    out.text('loss', 'categorical_crossentropy,mean_squared_error');
    out.text('loss_weights', '1.0,0.5');
    writeOptimizer(out, opt);
    out.text('batch_size', 8);
    out.text('epochs', 3);
    out.exact('x', x);
    out.exact('y0', ya);
    out.exact('y1', yb);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, h);
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (5) train_on_batch with Keras 2.3's Adam.
CASES.push(async out => {
    const name = 'train_on_batch_adam';
    const opt = optimizer('adam', { learning_rate: 0.01 }, false);
    const steps = 10;
    const batchSize = 8;
    const rng = new Rng(name);
    const x = normal(rng, [24, CLASSIFIER.input]);
    const y = oneHot(teacherClasses(rng, x, 3), 3);
    const w0 = mlpWeights(rng, CLASSIFIER);
    const m = mlp(CLASSIFIER, w0);
    compileSingle(m, 'categorical_crossentropy', ['accuracy'], opt);
    const scores = [];
    for (let i = 0; i < steps; i++) {
        const start = (i * batchSize) % x.shape[0];
        scores.push(...await m.trainOnBatch(tensor(rows(x, start, start + batchSize)),
            tensor(rows(y, start, start + batchSize))));
    }
    out.case(name,
        '10 train_on_batch calls of the MLP 10 -> 8 relu -> 3 softmax (categorical_crossentropy + accuracy)\n'
        + 'with Adam(lr 0.01): step i takes rows [(8 i) mod 24, + 8). Each call returns [loss, accuracy] of its\n'
        + 'batch before its update. Keras 2.3\'s Adam (lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), p -= lr_t m /\n'
        + '(sqrt(v) + eps)), not TF.js\'s (eps after bias correction): TF.js\'s trainOnBatch with KerasOptimizer.');
    out.text('run', 'train_on_batch');
    writeModel(out, CLASSIFIER);
    out.text('loss', 'categorical_crossentropy');
    out.text('metrics', 'accuracy');
    writeOptimizer(out, opt);
    out.text('batch_size', batchSize);
    out.text('steps', steps);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    out.text('names', 'loss,accuracy');
    out.expected('step_scores', nd(scores, [steps, 2]));
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (6) evaluate with an uneven last batch: TF.js's own evaluate (single output, no regulariser).
CASES.push(async out => {
    const name = 'evaluate_uneven_batch';
    const rng = new Rng(name);
    const x = normal(rng, [23, CLASSIFIER.input]);
    const y = oneHot(teacherClasses(rng, x, 3), 3);
    const w0 = mlpWeights(rng, CLASSIFIER, 2.0);
    const m = mlp(CLASSIFIER, w0);
    m.compile({ optimizer: 'sgd', loss: LOSSES.categorical_crossentropy, metrics: ['accuracy'] });
    const scores = await Promise.all(m.evaluate(tensor(x), tensor(y), { batchSize: 5 }).map(s => s.data()));
    out.case(name,
        'evaluate(batch_size=5) of the MLP 10 -> 8 relu -> 3 softmax on N = 23 (batches 5, 5, 5, 5, 3):\n'
        + 'loss = sum of batch losses times batch sizes / 23, accuracy (categorical) over all 23 samples.\n'
        + 'TF.js\'s own evaluate (single output, no regulariser: Keras\'s numbers).');
    out.text('run', 'evaluate');
    writeModel(out, CLASSIFIER);
    out.text('loss', 'categorical_crossentropy');
    out.text('metrics', 'accuracy');
    out.text('batch_size', 5);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    out.text('names', 'loss,accuracy');
    out.expected('scores', nd(scores.map(s => s[0]), [2]));
});

// (7) Nesterov: TF.js's momentum optimizer with useNesterov is Keras's rule.
CASES.push(out => classifierFit(out, 'fit_nesterov',
    'SGD(lr 0.05, momentum 0.9, nesterov) on the MLP 10 -> 8 relu -> 3 softmax, N = 30, batch 8, 3 epochs:\n'
    + 'v = mu v - lr g; p += mu v - lr g. TF.js\'s own fit and momentum optimizer (same rule).',
    optimizer('sgd', { learning_rate: 0.05, momentum: 0.9, nesterov: true }, true)));

// (8) RMSprop: Keras 2.3's rule (eps outside the root).
CASES.push(out => classifierFit(out, 'fit_rmsprop',
    'RMSprop(lr 0.01) on the MLP 10 -> 8 relu -> 3 softmax, N = 30, batch 8, 3 epochs: Keras 2.3\'s\n'
    + 'a = rho a + (1 - rho) g^2; p -= lr g / (sqrt(a) + eps). TF.js\'s RMSprop divides by sqrt(a + eps):\n'
    + 'TF.js\'s fit with KerasOptimizer.',
    optimizer('rmsprop', { learning_rate: 0.01 }, false)));

// (9) Adagrad: Keras 2.3's rule (accumulator from 0, eps outside the root).
CASES.push(out => classifierFit(out, 'fit_adagrad',
    'Adagrad(lr 0.05) on the MLP 10 -> 8 relu -> 3 softmax, N = 30, batch 8, 3 epochs: Keras 2.3\'s\n'
    + 'a += g^2 from a = 0; p -= lr g / (sqrt(a) + eps). TF.js\'s Adagrad starts a at 0.1 and divides by\n'
    + 'sqrt(a + eps): TF.js\'s fit with KerasOptimizer.',
    optimizer('adagrad', { learning_rate: 0.05 }, false)));

// (10) Adadelta (Keras 2.3's rule) and Adamax (TF.js's own rule is Keras 2.3's).
CASES.push(out => classifierFit(out, 'fit_adadelta',
    'Adadelta (Keras 2.3 defaults: lr 1.0, rho 0.95, eps 1e-7) on the MLP 10 -> 8 relu -> 3 softmax, N = 30,\n'
    + 'batch 8, 3 epochs: a = rho a + (1 - rho) g^2; u = g sqrt(d + eps) / sqrt(a + eps) with the updated a;\n'
    + 'p -= lr u; d = rho d + (1 - rho) u^2. TF.js\'s Adadelta divides by sqrt(a + eps) with the previous a\n'
    + '(a first step of lr g): TF.js\'s fit with KerasOptimizer.',
    optimizer('adadelta', {}, false)));
CASES.push(out => classifierFit(out, 'fit_adamax',
    'Adamax(lr 0.01) on the MLP 10 -> 8 relu -> 3 softmax, N = 30, batch 8, 3 epochs:\n'
    + 'u = max(b2 u, |g|); p -= lr / (1 - b1^t) m / (u + eps). TF.js\'s own fit and Adamax (same rule).',
    optimizer('adamax', { learning_rate: 0.01 }, true)));

// (11) binary crossentropy: 'accuracy' resolves to binary accuracy.
const BINARY = { input: 6, layers: [[8, 'relu'], [1, 'sigmoid']] };
CASES.push(async out => {
    const name = 'fit_binary_accuracy';
    const opt = optimizer('sgd', { learning_rate: 0.1, momentum: 0.5 }, true);
    const rng = new Rng(name);
    const x = normal(rng, [30, 6]);
    const y = nd(teacherClasses(rng, x, 2), [30, 1]);
    const w0 = mlpWeights(rng, BINARY);
    const m = mlp(BINARY, w0);
    compileSingle(m, 'binary_crossentropy', ['accuracy'], opt);
    const h = await m.fit(tensor(x), tensor(y), { batchSize: 8, epochs: 3, shuffle: false, verbose: 0 });
    writeFitHeader(out, name,
        'MLP 6 -> 8 relu -> 1 sigmoid, binary_crossentropy, metrics [\'accuracy\'] (binary accuracy for a\n'
        + 'binary_crossentropy output: y_pred > 0.5 counts as 1), SGD(lr 0.1, momentum 0.5), N = 30, batch 8,\n'
        + '3 epochs. TF.js\'s own fit (it resolves \'accuracy\' the same way and names it acc).',
        BINARY, 'binary_crossentropy', ['accuracy'], opt, 8, 3);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, kerasHistory(h.history, ['accuracy'], false));
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (12) sparse categorical crossentropy with integer labels of shape (N, 1).
CASES.push(async out => {
    const name = 'fit_sparse_categorical';
    const opt = optimizer('adam', { learning_rate: 0.01 }, false);
    const rng = new Rng(name);
    const x = normal(rng, [30, CLASSIFIER.input]);
    const y = nd(teacherClasses(rng, x, 3), [30, 1]);
    const w0 = mlpWeights(rng, CLASSIFIER);
    const m = mlp(CLASSIFIER, w0);
    compileSingle(m, 'sparse_categorical_crossentropy', ['accuracy'], opt);
    const h = await m.fit(tensor(x), tensor(y), { batchSize: 8, epochs: 3, shuffle: false, verbose: 0 });
    writeFitHeader(out, name,
        'MLP 10 -> 8 relu -> 3 softmax, sparse_categorical_crossentropy on integer labels of shape (30, 1),\n'
        + 'metrics [\'accuracy\'] (sparse categorical accuracy for this loss), Adam(lr 0.01), batch 8, 3 epochs.\n'
        + 'TF.js\'s fit with KerasOptimizer (Keras 2.3\'s Adam).',
        CLASSIFIER, 'sparse_categorical_crossentropy', ['accuracy'], opt, 8, 3);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, kerasHistory(h.history, ['accuracy'], false));
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (13) initial_epoch: fit epochs [0, 2) then [2, 4) on the same model and optimizer.
CASES.push(async out => {
    const name = 'fit_initial_epoch';
    const opt = optimizer('adam', { learning_rate: 0.01 }, false);
    const rng = new Rng(name);
    const x = normal(rng, [30, CLASSIFIER.input]);
    const y = oneHot(teacherClasses(rng, x, 3), 3);
    const w0 = mlpWeights(rng, CLASSIFIER);
    const m = mlp(CLASSIFIER, w0);
    compileSingle(m, 'categorical_crossentropy', ['accuracy'], opt);
    const fitArgs = { batchSize: 8, shuffle: false, verbose: 0 };
    const first = await m.fit(tensor(x), tensor(y), Object.assign({ epochs: 2 }, fitArgs));
    const second = await m.fit(tensor(x), tensor(y), Object.assign({ epochs: 4, initialEpoch: 2 }, fitArgs));
    if (second.epoch.join() !== '2,3') {
        throw new Error('initialEpoch 2, epochs 4 ran epochs ' + second.epoch);
    }
    const history = kerasHistory(first.history, ['accuracy'], false);
    const more = kerasHistory(second.history, ['accuracy'], false);
    for (const [key, values] of history) {
        history.set(key, values.concat(more.get(key)));
    }
    // the resumed run is the uninterrupted one: same numbers as one fit of 4 epochs
    const whole = mlp(CLASSIFIER, w0);
    compileSingle(whole, 'categorical_crossentropy', ['accuracy'], opt);
    const once = kerasHistory((await whole.fit(tensor(x), tensor(y), Object.assign({ epochs: 4 }, fitArgs))).history,
        ['accuracy'], false);
    for (const [key, values] of history) {
        assertClose('fit_initial_epoch ' + key + ' against one fit of 4 epochs', once.get(key), values, 1e-6);
    }
    out.case(name,
        'fit(epochs=2) then fit(initial_epoch=2, epochs=4) of the MLP 10 -> 8 relu -> 3 softmax (categorical_\n'
        + 'crossentropy + accuracy), Adam(lr 0.01), N = 30, batch 8: the second call runs epochs 2 and 3 only,\n'
        + 'the optimizer keeps its moments and step count t across the calls, and the two histories together\n'
        + 'equal one fit of 4 epochs (checked here). TF.js\'s own fit with initialEpoch, KerasOptimizer\n'
        + '(Keras 2.3\'s Adam). history.* hold the first call\'s 2 values, then the second call\'s 2.');
    out.text('run', 'fit_resume');
    writeModel(out, CLASSIFIER);
    out.text('loss', 'categorical_crossentropy');
    out.text('metrics', 'accuracy');
    writeOptimizer(out, opt);
    out.text('batch_size', 8);
    out.text('initial_epoch', 2);
    out.text('epochs', 4);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, history);
    writeWeights(out, 'final_w', await modelWeights(m), false);
});

// (14) l2 kernel regulariser: in the training loss (TF.js does that) and in val_loss and
// evaluate (TF.js leaves it out there: the script adds it).
const REGULARISED = { input: 6, layers: [[8, 'tanh'], [2, 'linear']], l2: 0.01 };
CASES.push(async out => {
    const name = 'fit_l2_regularizer';
    const opt = optimizer('sgd', { learning_rate: 0.05 }, true);
    const rng = new Rng(name);
    const x = normal(rng, [40, 6]);
    const y = normal(rng, [40, 2]);
    const w0 = mlpWeights(rng, REGULARISED);
    const m = mlp(REGULARISED, w0);
    compileSingle(m, 'mean_squared_error', ['mae'], opt);
    const penalties = [];
    const h = await m.fit(tensor(x), tensor(y), {
        batchSize: 8, epochs: 3, shuffle: false, verbose: 0, validationSplit: 0.25,
        // validation ran with the epoch's final weights, which are still the model's here
        callbacks: { onEpochEnd: async () => penalties.push(await l2Penalty(m, REGULARISED.l2)) },
    });
    const history = kerasHistory(h.history, ['mae'], true);
    history.set('val_loss', history.get('val_loss').map((v, i) => v + penalties[i]));
    const scores = await Promise.all(m.evaluate(tensor(x), tensor(y), { batchSize: 16 }).map(s => s.data()));
    const finalPenalty = await l2Penalty(m, REGULARISED.l2);
    writeFitHeader(out, name,
        'Regression MLP 6 -> 8 tanh -> 2 linear, both kernels with an l2(0.01) regulariser (0.01 sum(W^2)),\n'
        + 'mse + mae, SGD(lr 0.05), N = 40, validation_split 0.25 (30 training rows: batches 8, 8, 8, 6; 10\n'
        + 'validation rows), 3 epochs, then evaluate(batch_size=16) on all 40 rows. Keras adds the penalty\n'
        + 'to every loss: each training batch (pre-update weights: TF.js does this), and val_loss and evaluate\n'
        + '(TF.js leaves it out there: the script adds the float64 penalty of the weights they ran with).\n'
        + 'mae never includes it. TF.js\'s own fit and evaluate otherwise.',
        REGULARISED, 'mean_squared_error', ['mae'], opt, 8, 3);
    out.text('validation_split', 0.25);
    out.text('evaluate_batch_size', 16);
    out.exact('x', x);
    out.exact('y0', y);
    writeWeights(out, 'w', w0, true);
    writeHistory(out, history);
    writeWeights(out, 'final_w', await modelWeights(m), false);
    out.text('names', 'loss,mae');
    out.expected('scores', nd([scores[0][0] + finalPenalty, scores[1][0]], [2]));
});

/** l2 * sum(W^2) over the Dense kernels (weights 0, 2, ...), in float64. */
async function l2Penalty(m, l2) {
    let total = 0;
    const weights = m.getWeights();
    for (let i = 0; i < weights.length; i += 2) {
        for (const v of await weights[i].data()) {
            total += l2 * v * v;
        }
    }
    return total;
}

// ---- self-checks: the hand-written parts agree with TF.js where TF.js follows Keras ---------

function assertClose(what, expected, actual, rtol) {
    if (expected.length !== actual.length) {
        throw new Error(what + ': ' + expected.length + ' values expected, got ' + actual.length);
    }
    for (let i = 0; i < expected.length; i++) {
        if (!(Math.abs(actual[i] - expected[i]) <= 1e-7 + rtol * Math.abs(expected[i]))) {
            throw new Error(what + '[' + i + ']: expected ' + expected[i] + ', got ' + actual[i]);
        }
    }
}

async function assertSameWeights(what, a, b, rtol) {
    const wa = await modelWeights(a);
    const wb = await modelWeights(b);
    wa.forEach((w, i) => assertClose(what + ' weight ' + i, w.values, wb[i].values, rtol));
}

/**
 * KerasOptimizer against TF.js's own classes where both implement Keras 2.3's rule (SGD, with
 * momentum and Nesterov, and Adamax): 6 fit steps from the same weights agree to float32
 * rounding. This checks the plumbing of KerasOptimizer and the claim that those TF.js rules are
 * Keras's.
 */
async function selfCheckOptimizers() {
    for (const [kind, hyper] of [['sgd', { learning_rate: 0.1 }], ['sgd', { learning_rate: 0.05, momentum: 0.9 }],
        ['sgd', { learning_rate: 0.05, momentum: 0.9, nesterov: true }], ['adamax', { learning_rate: 0.01 }]]) {
        const rng = new Rng('self_check_' + kind);
        const x = normal(rng, [24, CLASSIFIER.input]);
        const y = oneHot(teacherClasses(rng, x, 3), 3);
        const w0 = mlpWeights(rng, CLASSIFIER);
        const runs = [];
        for (const own of [true, false]) {
            const m = mlp(CLASSIFIER, w0);
            compileSingle(m, 'categorical_crossentropy', [], optimizer(kind, hyper, own));
            const h = await m.fit(tensor(x), tensor(y), { batchSize: 8, epochs: 2, shuffle: false, verbose: 0 });
            runs.push([m, h.history.loss]);
        }
        const what = 'self-check ' + kind + ' ' + JSON.stringify(hyper);
        assertClose(what + ' loss', runs[0][1], runs[1][1], 1e-5);
        await assertSameWeights(what, runs[0][0], runs[1][0], 1e-4);
    }
}

/**
 * handFit against TF.js's own fit where TF.js follows Keras: unit sample weights and unit loss
 * weights (single and two outputs) give the same histories and weights.
 */
async function selfCheckHandFit() {
    const rng = new Rng('self_check_hand_fit');
    const x = normal(rng, [30, 6]);
    const y = normal(rng, [30, 2]);
    const w0 = mlpWeights(rng, REGRESSOR);
    const opt = optimizer('sgd', { learning_rate: 0.05, momentum: 0.9 }, true);
    const byHand = mlp(REGRESSOR, w0);
    const hand = await handFit(byHand, opt.make(), {
        x, ys: [y], sampleWeight: nd(new Array(30).fill(1), [30]), losses: ['mean_squared_error'],
        lossWeights: [1.0], metrics: [[0, 'mae']], outputNames: ['out'], batchSize: 8, epochs: 3,
    });
    const byFit = mlp(REGRESSOR, w0);
    compileSingle(byFit, 'mean_squared_error', ['mae'], opt);
    const fit = kerasHistory((await byFit.fit(tensor(x), tensor(y), { batchSize: 8, epochs: 3, shuffle: false,
        verbose: 0 })).history, ['mae'], false);
    for (const [key, values] of fit) {
        assertClose('self-check handFit ' + key, values, hand.get(key), 1e-5);
    }
    await assertSameWeights('self-check handFit', byFit, byHand, 1e-5);

    const x2 = normal(rng, [30, 5]);
    const ya = oneHot(teacherClasses(rng, x2, 3), 3);
    const yb = normal(rng, [30, 1]);
    const w2 = [...denseWeights(rng, 5, 6), ...denseWeights(rng, 6, 3), ...denseWeights(rng, 6, 1)];
    const heads = twoHeads(w2);
    const handHeads = await handFit(heads, tf.train.sgd(0.1), {
        x: x2, ys: [ya, yb], sampleWeight: null, losses: ['categorical_crossentropy', 'mean_squared_error'],
        lossWeights: [1.0, 1.0], metrics: [], outputNames: ['head_a', 'head_b'], batchSize: 8, epochs: 2,
    });
    const fitHeads = twoHeads(w2);
    fitHeads.compile({
        optimizer: tf.train.sgd(0.1), loss: [LOSSES.categorical_crossentropy, LOSSES.mean_squared_error],
    });
    const h = (await fitHeads.fit(tensor(x2), [tensor(ya), tensor(yb)], { batchSize: 8, epochs: 2, shuffle: false,
        verbose: 0 })).history;
    assertClose('self-check two heads loss', h.loss, handHeads.get('loss'), 1e-5);
    assertClose('self-check two heads head_a_loss', h.head_a_loss, handHeads.get('head_a_loss'), 1e-5);
    assertClose('self-check two heads head_b_loss', h.head_b_loss, handHeads.get('head_b_loss'), 1e-5);
    await assertSameWeights('self-check two heads', fitHeads, heads, 1e-5);
}

async function main() {
    await tf.setBackend('cpu');
    if (tf.getBackend() !== 'cpu' || tf.version.tfjs !== '4.22.0') {
        throw new Error('expected TF.js 4.22.0 on the cpu backend, got ' + tf.version.tfjs + ' on ' + tf.getBackend());
    }
    await selfCheckOptimizers();
    await selfCheckHandFit();
    const out = new GoldenWriter(
        'whole training runs from TensorFlow.js layers, corrected to Keras 2.3 where it departs');
    for (const c of CASES) {
        await c(out);
    }
    out.save();
}

main().catch(e => {
    console.error(e);
    process.exit(1);
});
