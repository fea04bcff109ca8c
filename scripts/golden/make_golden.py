#!/usr/bin/env python3
"""Golden values for jkeras's tests, computed by a real peer: PyTorch, in float64.

Run from the repository root with Debian's python3-torch (PyTorch 1.13):

    /usr/bin/python3 scripts/golden/make_golden.py

It rewrites src/test/resources/golden/{layers,losses,optimizers,training}.txt, which the
tests in src/test/java/io/jkeras/golden read. Nothing in those files is typed by hand:
inputs and initial weights come from a NumPy generator seeded by each case's name (so a new
case never changes the others), are rounded to float32 (jkeras computes in float32 and must
see exactly the same numbers), and every expected value is computed here in float64.

PyTorch is the peer, but the rules are Keras 2.3's (/work/shared/reference/keras-semantics.md):
wherever a PyTorch default differs from Keras, the case's comment says so and the code
follows Keras. Layouts are Keras's in the files: Dense kernels (in, out), NHWC images and
(kh, kw, in, out) conv kernels; the script transposes to and from PyTorch's layouts, never
the Java side.

Adding a case: write a function that takes a GoldenWriter and decorate it with the
registry of its file (@layer_case, @loss_case, @optimizer_case, @training_case). A new
layer kind is one more @layer_case function here plus one entry in GoldenLayersTest's
table of layer builders.

File format (plain text, one item per line, '#' starts a comment line):
    case NAME                 starts a case; names are unique within a file
    text KEY VALUE...         a string attribute (the rest of the line)
    tensor KEY D0 D1 ...      a float array of that shape (no dims: a scalar); its row-major
                              values follow on the next lines, one row of the last axis per line
"""
import collections
import math
import os
import sys
import zlib

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'test', 'resources', 'golden')

# Keras's K.epsilon(). Keras clips probabilities in the model's float32, where 1 - eps rounds to
# 0.99999988 (1 - 1.19e-7): log(1 - p) of a clipped p is then 1.6% away from its float64 value,
# so the oracle uses the float32 bounds, as a float32 Keras model does.
EPS = float(np.float32(1e-7))
ONE_MINUS_EPS = float(np.float32(1.0) - np.float32(1e-7))


# ---- output file ---------------------------------------------------------------------------

class GoldenWriter:
    """Collects the cases of one file and writes them in the format described above."""

    def __init__(self, file_name, title):
        self.file_name = file_name
        self.names = set()
        self.lines = [
            '# jkeras golden values: ' + title,
            '# Written by scripts/golden/make_golden.py (PyTorch %s, float64); do not edit by hand.' % torch.__version__,
            '# Format: "case NAME" starts a case; "text KEY VALUE" is a string; "tensor KEY D0 D1 ..." is a',
            '# float array of that shape (no dims: a scalar) whose row-major values follow, one row per line.',
        ]

    def case(self, name, comment):
        if name in self.names:
            raise ValueError('duplicate case ' + name)
        self.names.add(name)
        self.lines.append('')
        for line in comment.strip().splitlines():
            self.lines.append('# ' + line.strip())
        self.lines.append('case ' + name)

    def text(self, key, value):
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        self.lines.append('text %s %s' % (key, value))

    def exact(self, key, value):
        """An input: float32 values, written so that they read back exactly."""
        a = to_numpy(value)
        if not np.array_equal(a.astype(np.float32).astype(np.float64), a):
            raise ValueError(key + ' is not float32-representable')
        self._tensor(key, a, '%.9g')

    def expected(self, key, value):
        """A value computed in float64, for comparison."""
        self._tensor(key, to_numpy(value), '%.12g')

    def _tensor(self, key, a, fmt):
        if not np.all(np.isfinite(a)):
            raise ValueError(key + ' has non-finite values')
        a = a + 0.0  # -0.0 becomes 0.0: '-0' in a file of numbers only distracts
        self.lines.append(' '.join(['tensor', key] + [str(d) for d in a.shape]))
        rows = a.reshape(-1, a.shape[-1]) if a.ndim > 0 else a.reshape(1, 1)
        for row in rows:
            self.lines.append(' '.join(fmt % v for v in row))

    def save(self):
        path = os.path.normpath(os.path.join(OUT_DIR, self.file_name))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8', newline='\n') as f:
            f.write('\n'.join(self.lines) + '\n')
        print('wrote %s (%d cases)' % (path, len(self.names)))


def to_numpy(value):
    if isinstance(value, torch.Tensor):
        value = value.detach().numpy()
    return np.asarray(value, dtype=np.float64)


def rng_for(name):
    """A generator seeded by the case name alone, so cases do not depend on each other."""
    return np.random.RandomState(zlib.crc32(name.encode('utf-8')))


def f32(a):
    """Rounds to float32 and returns float64 (the exact numbers jkeras will see)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def normal(rng, *shape, scale=1.0):
    return f32(rng.normal(0.0, scale, size=shape))


def uniform(rng, lo, hi, *shape):
    return f32(rng.uniform(lo, hi, size=shape))


def glorot(rng, fan_in, fan_out):
    limit = math.sqrt(6.0 / (fan_in + fan_out))
    return uniform(rng, -limit, limit, fan_in, fan_out)


def one_hot(labels, classes):
    return np.eye(classes)[labels]


def t(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


LAYER_CASES, LOSS_CASES, OPTIMIZER_CASES, TRAINING_CASES = [], [], [], []


def registry(target):
    def register(fn):
        target.append(fn)
        return fn
    return register


layer_case = registry(LAYER_CASES)
loss_case = registry(LOSS_CASES)
optimizer_case = registry(OPTIMIZER_CASES)
training_case = registry(TRAINING_CASES)


# ---- activations -----------------------------------------------------------------------------

def hard_sigmoid(z):
    # Keras 2's hard_sigmoid is clip(0.2 x + 0.5, 0, 1); torch's F.hardsigmoid is
    # relu6(x + 3) / 6 = clip(x / 6 + 0.5, 0, 1), a different slope, so it is written out.
    return torch.clamp(0.2 * z + 0.5, 0.0, 1.0)


def softplus(z):
    # F.softplus switches to the identity above threshold=20 while Keras's is exact; the
    # cases keep pre-activations far below that.
    assert float(z.max()) < 15.0
    return F.softplus(z)


ACTIVATIONS = {
    'linear': lambda z: z,
    'relu': F.relu,
    'sigmoid': torch.sigmoid,
    'tanh': torch.tanh,
    # Keras's softmax runs over the last axis by default; torch's needs the axis spelled out.
    'softmax': lambda z: F.softmax(z, dim=-1),
    'elu': lambda z: F.elu(z, alpha=1.0),
    'selu': F.selu,  # same constants as Keras (alpha 1.6732632..., scale 1.0507009...)
    'softplus': softplus,
    'softsign': F.softsign,
    'hard_sigmoid': hard_sigmoid,
    'exponential': torch.exp,
    # Keras's swish is x * sigmoid(x): torch calls it SiLU.
    'swish': F.silu,
    # The exact GELU, x * Phi(x) (tf.keras's default approximate=False), not the tanh form.
    'gelu': lambda z: F.gelu(z, approximate='none'),
}


def dense(x, kernel, bias, activation):
    """Keras Dense: activation(x . kernel + bias) on the last axis. torch's linear wants its
    weight as (out, in) while a Keras kernel is (in, out): transposed here."""
    return ACTIVATIONS[activation](F.linear(x, kernel.t(), bias))


# ---- 1. layers: forward and gradients --------------------------------------------------------

def write_layer_case(out, name, comment, layer, inputs, weights, forward, attrs=(), trainable=None, updated=None):
    """Runs forward(inputs, weights) in float64, pulls a fixed random upstream gradient dy back
    through it with autograd, and writes inputs, weights (Keras order and layout), dy, the
    output and the gradients: dx_i for every input, dw_i for every trainable weight (a layer's
    non-trainable weights, such as moving statistics, get none). attrs become text lines; the
    layer runs in inference mode unless they hold ('training', True). updated, when given, is
    every weight's value after the one call (a training call moves BatchNormalization's moving
    statistics): written as updated_w_i."""
    trainable = trainable or [True] * len(weights)
    rng = rng_for(name + '/dy')
    xs = [t(x, grad=True) for x in inputs]
    ws = [t(w, grad=g) for w, g in zip(weights, trainable)]
    y = forward(xs, ws)
    dy = normal(rng, *y.shape)
    y.backward(t(dy))
    out.case(name, comment)
    out.text('layer', layer)
    for key, value in attrs:
        out.text(key, value)
    for i, x in enumerate(inputs):
        out.exact('x%d' % i, x)
    for i, w in enumerate(weights):
        out.exact('w%d' % i, w)
    out.exact('dy', dy)
    out.expected('y', y)
    for i, x in enumerate(xs):
        out.expected('dx%d' % i, x.grad)
    for i, w in enumerate(ws):
        if trainable[i]:
            out.expected('dw%d' % i, w.grad)
    for i, w in enumerate(updated or []):
        out.expected('updated_w%d' % i, w)


@layer_case
def dense_activations(out):
    for activation in ACTIVATIONS:
        name = 'dense_' + activation
        rng = rng_for(name)
        x = normal(rng, 4, 5)
        # hard_sigmoid needs pre-activations beyond +-2.5 on both sides to reach its flat parts
        kernel = normal(rng, 5, 3, scale=1.5 if activation == 'hard_sigmoid' else 0.7)
        bias = normal(rng, 3, scale=0.5)
        if activation == 'hard_sigmoid':
            y = hard_sigmoid(t(x) @ t(kernel) + t(bias))
            assert bool((y == 0).any()) and bool((y == 1).any()) and bool(((y > 0) & (y < 1)).any())
        write_layer_case(
            out, name,
            'Dense(3, activation=%r) on (4, 5): y = %s(x . kernel + bias), kernel (in, out);\n'
            'gradients of sum(y * dy) with respect to x, kernel and bias.' % (activation, activation),
            'dense', [x], [kernel, bias],
            lambda xs, ws, a=activation: dense(xs[0], ws[0], ws[1], a),
            attrs=[('activation', activation)])


@layer_case
def dense_rank3(out):
    name = 'dense_rank3'
    rng = rng_for(name)
    x = normal(rng, 2, 3, 4)
    kernel = normal(rng, 4, 2, scale=0.7)
    bias = normal(rng, 2, scale=0.5)
    write_layer_case(
        out, name,
        'Dense(2, activation="tanh") on a rank-3 input (2, 3, 4): Keras applies the kernel to the last axis.',
        'dense', [x], [kernel, bias], lambda xs, ws: dense(xs[0], ws[0], ws[1], 'tanh'),
        attrs=[('activation', 'tanh')])


@layer_case
def dense_no_bias(out):
    name = 'dense_no_bias'
    rng = rng_for(name)
    x = normal(rng, 3, 4)
    kernel = normal(rng, 4, 2, scale=0.7)
    write_layer_case(
        out, name,
        'Dense(2, use_bias=False, activation="sigmoid"): the kernel is the only weight.',
        'dense', [x], [kernel], lambda xs, ws: dense(xs[0], ws[0], None, 'sigmoid'),
        attrs=[('activation', 'sigmoid'), ('use_bias', False)])


MERGES = {
    # name: (Keras rule, number of inputs, torch computation)
    'add': ('Add: the elementwise sum of its inputs.', 3, lambda xs: xs[0] + xs[1] + xs[2]),
    'subtract': ('Subtract: exactly two inputs, x0 - x1.', 2, lambda xs: xs[0] - xs[1]),
    'multiply': ('Multiply: the elementwise product of its inputs.', 3, lambda xs: xs[0] * xs[1] * xs[2]),
    'average': ('Average: the sum of its inputs divided by their count.', 3, lambda xs: (xs[0] + xs[1] + xs[2]) / 3),
    # torch.maximum on equal values splits nothing (it picks one); random inputs have no ties.
    'maximum': ('Maximum: elementwise max; the gradient goes to the largest input.', 3,
                lambda xs: torch.maximum(torch.maximum(xs[0], xs[1]), xs[2])),
    'minimum': ('Minimum: elementwise min; the gradient goes to the smallest input.', 3,
                lambda xs: torch.minimum(torch.minimum(xs[0], xs[1]), xs[2])),
}


@layer_case
def merges(out):
    for layer, (rule, count, fn) in MERGES.items():
        rng = rng_for(layer)
        xs = [normal(rng, 4, 3) for _ in range(count)]
        write_layer_case(out, layer, rule + ' %d inputs of (4, 3).' % count, layer, xs, [],
                         lambda ts, ws, f=fn: f(ts))


@layer_case
def concatenate(out):
    rng = rng_for('concatenate')
    xs = [normal(rng, 4, 3), normal(rng, 4, 2)]
    write_layer_case(out, 'concatenate',
                     'Concatenate() joins along the last axis by default (torch.cat needs dim=-1): (4, 3) + (4, 2).',
                     'concatenate', xs, [], lambda ts, ws: torch.cat(ts, dim=-1))


# ---- 1b. convolution, pooling and normalisation layers ---------------------------------------
# The files hold Keras's layouts: NHWC images and (kh, kw, in, out) kernels. torch works on NCHW
# images and (out, in, kh, kw) kernels, so the helpers below transpose on the way in and out.

def same_padding(size, kernel, stride, dilation=1):
    """TensorFlow's "same" padding of one axis: the output has ceil(size / stride) positions and
    the total padding they need is split with the odd pixel after (bottom/right). torch's
    padding= argument pads both sides equally, so the cases pad explicitly with F.pad."""
    effective = (kernel - 1) * dilation + 1
    length = -(-size // stride)
    total = max((length - 1) * stride + effective - size, 0)
    return total // 2, total - total // 2


def pad_nchw(x, kernel, strides, dilation, padding, value=0.0):
    """x (N, C, H, W) padded as Keras's padding ("valid" or "same") needs."""
    if padding == 'valid':
        return x
    top, bottom = same_padding(x.shape[2], kernel[0], strides[0], dilation[0])
    left, right = same_padding(x.shape[3], kernel[1], strides[1], dilation[1])
    return F.pad(x, (left, right, top, bottom), value=value)


def nchw(x):
    return x.permute(0, 3, 1, 2)


def nhwc(x):
    return x.permute(0, 2, 3, 1)


def conv2d(x, kernel, bias, strides, padding, dilation, activation):
    """Keras Conv2D: activation(conv(x, kernel) + bias), NHWC x, (kh, kw, in, out) kernel."""
    k = (kernel.shape[0], kernel.shape[1])
    xp = pad_nchw(nchw(x), k, strides, dilation, padding)
    y = F.conv2d(xp, kernel.permute(3, 2, 0, 1), bias, stride=strides, dilation=dilation)
    return ACTIVATIONS[activation](nhwc(y))


def pair_text(p):
    return '%d,%d' % tuple(p)


def conv_kernel(rng, kh, kw, cin, cout):
    """Glorot-uniform conv kernel (fans kh kw in and kh kw out, as Keras counts them)."""
    limit = math.sqrt(6.0 / (kh * kw * (cin + cout)))
    return uniform(rng, -limit, limit, kh, kw, cin, cout)


CONV_CASES = [
    # name, input shape, kernel (kh, kw), filters, strides, padding, dilation, activation, use_bias, comment
    ('conv2d_3x3_valid_relu', (2, 6, 5, 3), (3, 3), 4, (1, 1), 'valid', (1, 1), 'relu', True,
     'Conv2D(4, 3, activation="relu") on (2, 6, 5, 3): valid, stride 1, output (2, 4, 3, 4).'),
    ('conv2d_3x3_same_stride2', (2, 6, 7, 2), (3, 3), 3, (2, 2), 'same', (1, 1), 'linear', True,
     'Conv2D(3, 3, strides=2, padding="same") on (2, 6, 7, 2): output (2, 3, 4, 3). TensorFlow pads\n'
     'the rows 0 above and 1 below (the odd pixel after), the columns 1 and 1; torch\'s symmetric\n'
     'padding= cannot say that, so the oracle pads explicitly.'),
    ('conv2d_2x3_dilation2', (2, 7, 8, 2), (2, 3), 3, (1, 1), 'valid', (2, 2), 'tanh', True,
     'Conv2D(3, (2, 3), dilation_rate=2, activation="tanh") on (2, 7, 8, 2): the kernel spans 3 x 5,\n'
     'valid, output (2, 5, 4, 3).'),
    ('conv2d_2x3_dilation2_same', (2, 7, 8, 2), (2, 3), 3, (1, 1), 'same', (2, 2), 'linear', True,
     'Conv2D(3, (2, 3), dilation_rate=2, padding="same") on (2, 7, 8, 2): pads the dilated 3 x 5\n'
     'span by 1 row and 2 columns each side, output (2, 7, 8, 3).'),
    ('conv2d_1x1_no_bias', (3, 4, 4, 5), (1, 1), 2, (1, 1), 'valid', (1, 1), 'sigmoid', False,
     'Conv2D(2, 1, use_bias=False, activation="sigmoid") on (3, 4, 4, 5): a per-pixel Dense.'),
    ('conv2d_single_channel', (2, 7, 5, 1), (3, 3), 2, (2, 1), 'valid', (1, 1), 'linear', True,
     'Conv2D(2, 3, strides=(2, 1)) on one input channel (2, 7, 5, 1): output (2, 3, 3, 2).'),
]


@layer_case
def conv2d_cases(out):
    for name, shape, k, filters, strides, padding, dilation, activation, use_bias, comment in CONV_CASES:
        rng = rng_for(name)
        x = normal(rng, *shape)
        kernel = conv_kernel(rng, k[0], k[1], shape[3], filters)
        weights = [kernel, normal(rng, filters, scale=0.3)] if use_bias else [kernel]
        if padding == 'same' and strides != (1, 1):
            pads = [same_padding(shape[1 + a], k[a], strides[a], dilation[a]) for a in range(2)]
            assert any(before != after for before, after in pads), name + ': the odd padding pixel must show'
        attrs = [('strides', pair_text(strides)), ('padding', padding), ('dilation_rate', pair_text(dilation)),
                 ('activation', activation)]
        if not use_bias:
            attrs.append(('use_bias', False))
        write_layer_case(
            out, name,
            comment + '\nx NHWC, kernel (kh, kw, in, out) as Keras stores it; gradients of sum(y * dy).',
            'conv2d', [x], weights,
            lambda xs, ws, s=strides, p=padding, d=dilation, a=activation:
                conv2d(xs[0], ws[0], ws[1] if len(ws) > 1 else None, s, p, d, a),
            attrs=attrs)


def tie_free(rng, *shape):
    """Normal values, all distinct: a max-pooling gradient then has one place to go."""
    x = normal(rng, *shape)
    assert np.unique(x).size == x.size
    return x


def max_pool2d(x, pool, strides, padding):
    # padded cells are -inf, so they never win
    xp = pad_nchw(nchw(x), pool, strides, (1, 1), padding, value=-math.inf)
    return nhwc(F.max_pool2d(xp, pool, strides))


def average_pool2d(x, pool, strides, padding):
    """TensorFlow's average pooling divides each window's sum by the number of real (unpadded)
    cells in it. torch's count_include_pad=False does that only for symmetric padding, so the
    sums and the counts are pooled separately here."""
    area = pool[0] * pool[1]
    sums = F.avg_pool2d(pad_nchw(nchw(x), pool, strides, (1, 1), padding), pool, strides) * area
    ones = torch.ones(x.shape[0], x.shape[3], x.shape[1], x.shape[2])
    counts = F.avg_pool2d(pad_nchw(ones, pool, strides, (1, 1), padding), pool, strides) * area
    return nhwc(sums / counts)


POOLS = {'max_pooling2d': ('MaxPooling2D', max_pool2d, 'the gradient goes to the window\'s maximum (inputs are tie-free)'),
         'average_pooling2d': ('AveragePooling2D', average_pool2d,
                               'each window averages its real cells only: padded cells are not counted')}


@layer_case
def pooling_cases(out):
    for layer, (keras_name, fn, rule) in POOLS.items():
        for suffix, shape, pool, strides, padding, detail in [
                ('2x2_valid', (2, 5, 6, 3), (2, 2), (2, 2), 'valid', 'the last row is dropped; output (2, 2, 3, 3)'),
                ('3x3_same_stride2', (2, 6, 7, 2), (3, 3), (2, 2), 'same',
                 'rows padded 0 above and 1 below, columns 1 and 1; output (2, 3, 4, 2)')]:
            name = layer + '_' + suffix
            rng = rng_for(name)
            x = tie_free(rng, *shape)
            write_layer_case(
                out, name,
                '%s(pool_size=%d, strides=%d, padding="%s") on %s: %s;\n%s.'
                % (keras_name, pool[0], strides[0], padding, shape, detail, rule),
                layer, [x], [], lambda xs, ws, f=fn, p=pool, s=strides, pd=padding: f(xs[0], p, s, pd),
                attrs=[('pool_size', pair_text(pool)), ('strides', pair_text(strides)), ('padding', padding)])


@layer_case
def global_pooling_cases(out):
    rng = rng_for('global_average_pooling2d')
    write_layer_case(out, 'global_average_pooling2d',
                     'GlobalAveragePooling2D on (3, 4, 5, 2): the mean of each channel over rows and columns.',
                     'global_average_pooling2d', [normal(rng, 3, 4, 5, 2)], [], lambda xs, ws: xs[0].mean(dim=(1, 2)))
    rng = rng_for('global_max_pooling2d')
    write_layer_case(out, 'global_max_pooling2d',
                     'GlobalMaxPooling2D on (3, 4, 5, 2): the max of each channel; tie-free inputs.',
                     'global_max_pooling2d', [tie_free(rng, 3, 4, 5, 2)], [], lambda xs, ws: xs[0].amax(dim=(1, 2)))


BN_EPSILON = 1e-3
BN_MOMENTUM = 0.99


def batch_norm(x, gamma, beta, mean, variance):
    return (x - mean) / torch.sqrt(variance + BN_EPSILON) * gamma + beta


def batch_norm_case(out, name, shape, training):
    rng = rng_for(name)
    channels = shape[-1]
    # per-channel offsets and scales, so that normalising visibly changes each channel
    x = f32(normal(rng, *shape) * uniform(rng, 0.5, 3.0, channels) + normal(rng, channels, scale=2.0))
    gamma = uniform(rng, 0.5, 1.5, channels)
    beta = normal(rng, channels, scale=0.5)
    moving_mean = normal(rng, channels)
    moving_variance = uniform(rng, 0.5, 2.0, channels)
    weights = [gamma, beta, moving_mean, moving_variance]
    axes = tuple(range(len(shape) - 1))
    n = int(np.prod(shape[:-1]))  # values per channel: the reduced elements

    def batch_stats(xt):
        # the batch mean and the biased batch variance (divided by n)
        mean = xt.mean(dim=axes)
        return mean, ((xt - mean) ** 2).mean(dim=axes)

    if training:
        def forward(xs, ws):
            mean, variance = batch_stats(xs[0])
            return batch_norm(xs[0], ws[0], ws[1], mean, variance)
        mean, variance = batch_stats(t(x))
        # Keras 2.3: moving = moving * momentum + batch * (1 - momentum), with the variance made
        # unbiased first as var * n / (n - (1 + epsilon))
        unbiased = variance * n / (n - (1.0 + BN_EPSILON))
        updated = [gamma, beta, t(moving_mean) * BN_MOMENTUM + mean * (1.0 - BN_MOMENTUM),
                   t(moving_variance) * BN_MOMENTUM + unbiased * (1.0 - BN_MOMENTUM)]
        comment = ('BatchNormalization() in training mode on %s: (x - mean) / sqrt(var + 1e-3) * gamma + beta with\n'
                   'the batch mean and biased variance over the %d values of each channel; gradients flow through\n'
                   'the batch statistics. After the call moving = moving * 0.99 + batch * 0.01, the variance\n'
                   'folded in as var * n / (n - 1.001) (Keras 2.3), n = %d.' % (shape, n, n))
    else:
        def forward(xs, ws):
            return batch_norm(xs[0], ws[0], ws[1], ws[2], ws[3])
        updated = weights
        comment = ('BatchNormalization() in inference mode on %s: (x - moving_mean) / sqrt(moving_variance + 1e-3)\n'
                   '* gamma + beta; the moving statistics stay as they were.' % (shape,))
    write_layer_case(out, name, comment, 'batch_normalization', [x], weights, forward,
                     attrs=[('training', training)], trainable=[True, True, False, False], updated=updated)


@layer_case
def batch_norm_cases(out):
    batch_norm_case(out, 'batch_normalization_training', (4, 3, 3, 2), True)
    batch_norm_case(out, 'batch_normalization_inference', (4, 3, 3, 2), False)
    batch_norm_case(out, 'batch_normalization_rank2_training', (6, 3), True)


# ---- 2. losses ----------------------------------------------------------------------------

def maybe_convert_labels(y):
    # Keras's hinge losses turn 0/1 labels into -1/1, but only when every label is 0 or 1.
    if bool(((y == 0) | (y == 1)).all()):
        return 2.0 * y - 1.0
    return y


def l2_normalize(x):
    return x / torch.sqrt(torch.clamp((x * x).sum(-1, keepdim=True), min=1e-12))


def keras_loss(name, y_true, y_pred, from_logits=False, label_smoothing=0.0):
    """The per-sample values of a Keras 2.3 loss (section 10.3), written with torch ops.
    torch's own losses differ: they reduce over the batch by default, KLDivLoss takes
    log-probabilities, BCELoss clamps log at -100 instead of clipping p, CrossEntropyLoss
    takes logits and class indices. None of them is used."""
    d = y_pred - y_true if y_true.shape == y_pred.shape else None
    if name == 'mean_squared_error':
        return (d * d).mean(-1)
    if name == 'mean_absolute_error':
        return d.abs().mean(-1)
    if name == 'mean_absolute_percentage_error':
        return 100.0 * ((y_true - y_pred).abs() / torch.clamp(y_true.abs(), min=EPS)).mean(-1)
    if name == 'mean_squared_logarithmic_error':
        first = torch.log(torch.clamp(y_pred, min=EPS) + 1.0)
        second = torch.log(torch.clamp(y_true, min=EPS) + 1.0)
        return ((first - second) ** 2).mean(-1)
    if name == 'hinge':
        return torch.clamp(1.0 - maybe_convert_labels(y_true) * y_pred, min=0.0).mean(-1)
    if name == 'squared_hinge':
        return (torch.clamp(1.0 - maybe_convert_labels(y_true) * y_pred, min=0.0) ** 2).mean(-1)
    if name == 'categorical_hinge':
        pos = (y_true * y_pred).sum(-1)
        neg = ((1.0 - y_true) * y_pred).max(-1).values
        return torch.clamp(neg - pos + 1.0, min=0.0)
    if name == 'logcosh':
        return (d + F.softplus(-2.0 * d) - math.log(2.0)).mean(-1)
    if name == 'huber_loss':
        # Keras 2.3 leaves huber elementwise (no mean over the last axis); torch's HuberLoss
        # averages over everything.
        a = d.abs()
        q = torch.clamp(a, max=1.0)
        return 0.5 * q * q + 1.0 * (a - q)
    if name == 'categorical_crossentropy':
        classes = y_pred.shape[-1]
        target = y_true * (1.0 - label_smoothing) + label_smoothing / classes
        if from_logits:
            return -(target * F.log_softmax(y_pred, dim=-1)).sum(-1)
        p = y_pred / y_pred.sum(-1, keepdim=True)
        return -(target * torch.log(torch.clamp(p, EPS, ONE_MINUS_EPS))).sum(-1)
    if name == 'sparse_categorical_crossentropy':
        labels = y_true.reshape(y_pred.shape[:-1]).long()
        # From probabilities Keras's TF backend takes log(clip(p)) as logits of a softmax
        # cross-entropy, which renormalises the clipped p.
        logits = y_pred if from_logits else torch.log(torch.clamp(y_pred, EPS, ONE_MINUS_EPS))
        return -F.log_softmax(logits, dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    if name == 'binary_crossentropy':
        y = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
        if from_logits:
            z = y_pred
            values = torch.clamp(z, min=0.0) - z * y + torch.log1p(torch.exp(-z.abs()))
        else:
            p = torch.clamp(y_pred, EPS, ONE_MINUS_EPS)
            values = -(y * torch.log(p) + (1.0 - y) * torch.log(1.0 - p))
        return values.mean(-1)
    if name == 'kullback_leibler_divergence':
        tt = torch.clamp(y_true, EPS, 1.0)
        pp = torch.clamp(y_pred, EPS, 1.0)
        return (tt * torch.log(tt / pp)).sum(-1)
    if name == 'poisson':
        return (y_pred - y_true * torch.log(y_pred + EPS)).mean(-1)
    if name == 'cosine_proximity':
        return -(l2_normalize(y_true) * l2_normalize(y_pred)).sum(-1)
    raise ValueError('unknown loss ' + name)


def weighted_loss(values, weights):
    """Keras's sum_over_batch_size: sum(w * l) / size(l), the (B,) weights broadcast over any
    axes the values keep; not sum(w * l) / sum(w) (torch's weighted mean)."""
    w = weights.reshape(weights.shape + (1,) * (values.dim() - weights.dim()))
    return (values * w).sum() / values.numel()


def write_loss_case(out, name, comment, loss, y_true, y_pred, weights, from_logits=False, label_smoothing=0.0):
    yp = t(y_pred, grad=True)
    values = keras_loss(loss, t(y_true), yp, from_logits, label_smoothing)
    total = weighted_loss(values, t(weights))
    total.backward()
    out.case(name, comment)
    out.text('loss', loss)
    if from_logits:
        out.text('from_logits', True)
    if label_smoothing:
        out.text('label_smoothing', label_smoothing)
    out.exact('y_true', y_true)
    out.exact('y_pred', y_pred)
    out.exact('sample_weight', weights)
    out.expected('values', values)
    out.expected('loss_value', total)
    out.expected('grad_y_pred', yp.grad)


def sample_weights(rng, n):
    w = uniform(rng, 0.2, 2.0, n)
    w[1] = 0.0  # a zero weight still counts in the divisor
    return w


def probabilities(rng, b, c):
    e = np.exp(rng.normal(0.0, 1.0, size=(b, c)))
    return f32(e / e.sum(-1, keepdims=True))


def labels(rng, b, c):
    return rng.randint(0, c, size=b)


@loss_case
def regression_losses(out):
    for loss, comment in [
            ('mean_squared_error', 'mse: mean over the last axis of (y_pred - y_true)^2.'),
            ('mean_absolute_error', 'mae: mean over the last axis of |y_pred - y_true|.'),
            ('logcosh', 'logcosh: mean of d + softplus(-2d) - log 2 (= log cosh d, stable).'),
            ('cosine_proximity', 'cosine (Keras 2.3 loss): -sum(l2n(y_true) * l2n(y_pred)), '
                                 'l2n(x) = x / sqrt(max(sum x^2, 1e-12)).')]:
        rng = rng_for(loss)
        write_loss_case(out, loss, comment + '\nSample weights (5,), reduction sum(w*l)/size(l).', loss,
                        normal(rng, 5, 3), normal(rng, 5, 3), sample_weights(rng, 5))


@loss_case
def mse_rank3(out):
    rng = rng_for('mean_squared_error_rank3')
    write_loss_case(out, 'mean_squared_error_rank3',
                    'mse on (4, 3, 2) outputs: per-step values (4, 3); (4,) sample weights gain a trailing\n'
                    'axis and broadcast over the steps; the divisor is the number of values, 12.',
                    'mean_squared_error', normal(rng, 4, 3, 2), normal(rng, 4, 3, 2), sample_weights(rng, 4))


@loss_case
def mape(out):
    rng = rng_for('mean_absolute_percentage_error')
    y_true = normal(rng, 5, 3)
    y_true[2, 1] = 0.0  # divided by max(|0|, eps) = eps
    write_loss_case(out, 'mean_absolute_percentage_error',
                    'mape: 100 * mean(|y_true - y_pred| / max(|y_true|, eps)); one y_true is 0.',
                    'mean_absolute_percentage_error', y_true, normal(rng, 5, 3), sample_weights(rng, 5))


@loss_case
def msle(out):
    rng = rng_for('mean_squared_logarithmic_error')
    y_pred = uniform(rng, 0.0, 3.0, 5, 3)
    y_pred[0, 2] = -0.5  # clipped to eps before log1p: no gradient there
    write_loss_case(out, 'mean_squared_logarithmic_error',
                    'msle: mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))^2); one y_pred < 0.',
                    'mean_squared_logarithmic_error', uniform(rng, 0.0, 3.0, 5, 3), y_pred, sample_weights(rng, 5))


@loss_case
def hinges(out):
    for name, loss, signed in [('hinge_01', 'hinge', False), ('hinge_pm1', 'hinge', True),
                               ('squared_hinge_01', 'squared_hinge', False)]:
        rng = rng_for(name)
        y = f32(rng.randint(0, 2, size=(5, 3)))
        if signed:
            y = 2.0 * y - 1.0
        write_loss_case(out, name,
                        '%s with %s labels: mean(max(1 - y * y_pred, 0)%s); Keras turns labels that are all\n'
                        '0 or 1 into -1/1 first, and keeps any other labels.'
                        % (loss, '-1/1' if signed else '0/1', '^2' if loss == 'squared_hinge' else ''),
                        loss, y, normal(rng, 5, 3), sample_weights(rng, 5))


@loss_case
def categorical_hinge(out):
    rng = rng_for('categorical_hinge')
    write_loss_case(out, 'categorical_hinge',
                    'categorical_hinge: max(0, max((1 - y) * y_pred) - sum(y * y_pred) + 1), one-hot y.',
                    'categorical_hinge', one_hot(labels(rng, 5, 4), 4), normal(rng, 5, 4), sample_weights(rng, 5))


@loss_case
def huber(out):
    rng = rng_for('huber_loss')
    write_loss_case(out, 'huber_loss',
                    'huber_loss (delta 1), elementwise in Keras 2.3: 0.5 q^2 + (|d| - q), q = min(|d|, 1);\n'
                    'errors on both sides of delta; (5,) weights broadcast over the 3 columns, divisor 15.',
                    'huber_loss', normal(rng, 5, 3), normal(rng, 5, 3, scale=1.5), sample_weights(rng, 5))


@loss_case
def categorical_crossentropies(out):
    rng = rng_for('categorical_crossentropy')
    y_pred = f32(rng.uniform(0.05, 1.0, size=(5, 4)))  # rows do not sum to 1: Keras renormalises
    y_pred[3, 0] = 0.0  # clipped to eps after renormalising
    y = one_hot(labels(rng, 5, 4), 4)
    y[3] = one_hot([0], 4)[0]  # the clipped probability is the true class's
    write_loss_case(out, 'categorical_crossentropy',
                    'categorical_crossentropy on probabilities: p = y_pred / sum(y_pred), clipped to\n'
                    '[eps, 1 - eps], -sum(y * log p); unnormalised rows and a zero probability.',
                    'categorical_crossentropy', y, y_pred, sample_weights(rng, 5))
    rng = rng_for('categorical_crossentropy_logits')
    write_loss_case(out, 'categorical_crossentropy_logits',
                    'categorical_crossentropy(from_logits=True): -sum(y * log_softmax(z)).',
                    'categorical_crossentropy', one_hot(labels(rng, 5, 4), 4), normal(rng, 5, 4, scale=2.0),
                    sample_weights(rng, 5), from_logits=True)
    rng = rng_for('categorical_crossentropy_smoothing')
    write_loss_case(out, 'categorical_crossentropy_smoothing',
                    'categorical_crossentropy(label_smoothing=0.1) on probabilities: y * 0.9 + 0.1 / 4.',
                    'categorical_crossentropy', one_hot(labels(rng, 5, 4), 4), probabilities(rng, 5, 4),
                    sample_weights(rng, 5), label_smoothing=0.1)


@loss_case
def sparse_categorical_crossentropies(out):
    rng = rng_for('sparse_categorical_crossentropy')
    y_pred = probabilities(rng, 5, 4)
    y_pred[2, 1] = 0.0
    write_loss_case(out, 'sparse_categorical_crossentropy',
                    'sparse_categorical_crossentropy on probabilities, labels (5, 1) as floats: Keras takes\n'
                    'log(clip(p, eps, 1 - eps)) as logits, so -log_softmax(.)[label] renormalises the clipped p.',
                    'sparse_categorical_crossentropy', f32(labels(rng, 5, 4)).reshape(5, 1), y_pred,
                    sample_weights(rng, 5))
    rng = rng_for('sparse_categorical_crossentropy_logits')
    write_loss_case(out, 'sparse_categorical_crossentropy_logits',
                    'sparse_categorical_crossentropy(from_logits=True), labels of shape (5,).',
                    'sparse_categorical_crossentropy', f32(labels(rng, 5, 4)), normal(rng, 5, 4, scale=2.0),
                    sample_weights(rng, 5), from_logits=True)


@loss_case
def binary_crossentropies(out):
    rng = rng_for('binary_crossentropy')
    y_pred = uniform(rng, 0.02, 0.98, 5, 3)
    y_pred[0, 0], y_pred[1, 2] = 0.0, 1.0  # both clipped (float32 bounds, see EPS)
    y = f32(rng.randint(0, 2, size=(5, 3)))
    y[0, 0], y[1, 2] = 1.0, 0.0  # ... and each on the wrong side, so the clip sets the value
    write_loss_case(out, 'binary_crossentropy',
                    'binary_crossentropy on probabilities: clip p to [eps, 1 - eps],\n'
                    'mean(-(y log p + (1 - y) log(1 - p))); one p = 0 and one p = 1 (torch BCELoss would clamp\n'
                    'the log at -100 instead).',
                    'binary_crossentropy', y, y_pred, sample_weights(rng, 5))
    rng = rng_for('binary_crossentropy_logits')
    write_loss_case(out, 'binary_crossentropy_logits',
                    'binary_crossentropy(from_logits=True): mean(max(z, 0) - z y + log(1 + exp(-|z|))).',
                    'binary_crossentropy', f32(rng.randint(0, 2, size=(5, 3))), normal(rng, 5, 3, scale=2.0),
                    sample_weights(rng, 5), from_logits=True)
    rng = rng_for('binary_crossentropy_smoothing')
    write_loss_case(out, 'binary_crossentropy_smoothing',
                    'binary_crossentropy(label_smoothing=0.2) on probabilities: y * 0.8 + 0.1.',
                    'binary_crossentropy', f32(rng.randint(0, 2, size=(5, 3))), uniform(rng, 0.02, 0.98, 5, 3),
                    sample_weights(rng, 5), label_smoothing=0.2)


@loss_case
def kld(out):
    rng = rng_for('kullback_leibler_divergence')
    y_true = probabilities(rng, 5, 4)
    y_true[1, 3] = 0.0  # clipped to eps: contributes eps * log(eps / p)
    write_loss_case(out, 'kullback_leibler_divergence',
                    'kld: sum(t log(t / p)), t = clip(y_true, eps, 1), p = clip(y_pred, eps, 1); torch\'s\n'
                    'KLDivLoss takes log-probabilities and is not used.',
                    'kullback_leibler_divergence', y_true, probabilities(rng, 5, 4), sample_weights(rng, 5))


@loss_case
def poisson(out):
    rng = rng_for('poisson')
    write_loss_case(out, 'poisson',
                    'poisson: mean(y_pred - y_true log(y_pred + eps)); torch\'s PoissonNLLLoss defaults to\n'
                    'log inputs and is not used.',
                    'poisson', f32(rng.poisson(2.0, size=(5, 3))), uniform(rng, 0.1, 4.0, 5, 3), sample_weights(rng, 5))


# ---- models shared by the optimizer and training cases -----------------------------------

Output = collections.namedtuple('Output', 'value logits activation')


class KerasModel:
    """A small Keras model computed with torch ops on Keras-layout weights: a list of
    (kernel (in, out), bias) pairs in Keras order. forward returns one Output per model output,
    keeping a softmax's logits: tf.keras's cross-entropy on a softmax output works from them."""

    def __init__(self, name, weights, forward):
        self.name = name
        self.params = [t(w, grad=True) for w in weights]
        self.forward = forward

    def __call__(self, x):
        return self.forward(self.params, x)

    def weights(self):
        return [p.detach().clone() for p in self.params]


def dense_output(x, kernel, bias, activation):
    z = F.linear(x, kernel.t(), bias)
    return Output(ACTIVATIONS[activation](z), z, activation)


def two_heads(p, x):
    """A shared 5 -> 6 tanh trunk feeding head_a (3 softmax) and head_b (1 linear)."""
    h = dense(x, p[0], p[1], 'tanh')
    return [dense_output(h, p[2], p[3], 'softmax'), dense_output(h, p[4], p[5], 'linear')]


def small_cnn(p, x):
    """(8, 8, 1) -> Conv2D(4, 3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(3, softmax). Flatten
    runs over NHWC (rows, cols, channels), Keras's order, so the pooled NHWC tensor is reshaped as is."""
    h = max_pool2d(conv2d(x, p[0], p[1], (1, 1), 'valid', (1, 1), 'relu'), (2, 2), (2, 2), 'valid')
    return [dense_output(h.reshape(h.shape[0], -1), p[2], p[3], 'softmax')]


MODELS = {
    # name: (layer sizes in Keras weight order: Dense (in, out), Conv2D (kh, kw, in, out); forward)
    'probe': ([(4, 5), (5, 2)],
              lambda p, x: [dense_output(dense(x, p[0], p[1], 'tanh'), p[2], p[3], 'linear')]),
    'mlp_classifier': ([(20, 16), (16, 3)],
                       lambda p, x: [dense_output(dense(x, p[0], p[1], 'relu'), p[2], p[3], 'softmax')]),
    'mlp_regressor': ([(6, 8), (8, 2)],
                      lambda p, x: [dense_output(dense(x, p[0], p[1], 'tanh'), p[2], p[3], 'linear')]),
    'two_heads': ([(5, 6), (6, 3), (6, 1)], two_heads),
    'small_cnn': ([(3, 3, 1, 4), (36, 3)], small_cnn),
}


def make_model(name, rng):
    """The model with glorot-uniform kernels and small random biases (non-zero, so that the
    bias layout is exercised), drawn from rng and rounded to float32."""
    sizes, forward = MODELS[name]
    weights = []
    for size in sizes:
        weights.append(glorot(rng, *size) if len(size) == 2 else conv_kernel(rng, *size))
        weights.append(uniform(rng, -0.1, 0.1, size[-1]))
    return KerasModel(name, weights, forward)


def output_loss(loss, y, out):
    if loss == 'categorical_crossentropy' and out.activation == 'softmax':
        # tf.keras computes the cross-entropy of a softmax output from its logits (no clipping)
        return -(y * F.log_softmax(out.logits, dim=-1)).sum(-1)
    return keras_loss(loss, y, out.value)


def metric_values(metric, y, out):
    if metric == 'accuracy':
        # 'accuracy' next to a categorical cross-entropy is categorical_accuracy. float32 and
        # float64 must agree on the argmax: the top two scores must not be close.
        top2 = torch.topk(out.logits, 2, dim=-1).values
        gap = float((top2[:, 0] - top2[:, 1]).min())
        assert gap > 1e-4, 'an argmax is too close to call: %g' % gap
        return (y.argmax(-1) == out.value.argmax(-1)).double()
    if metric == 'mae':
        return keras_loss('mean_absolute_error', y, out.value)
    raise ValueError('unknown metric ' + metric)


# ---- 3. optimizers: Keras 2.3 update rules -----------------------------------------------

class KerasOptimizer:
    """Keras 2.3's optimizers (keras/optimizers.py, section 10.1), by hand with torch tensors.
    torch.optim is not used: its defaults and some rules differ. Its Adam adds eps after the
    bias correction of v (Keras adds it to sqrt(v) before), its Adamax adds eps inside the max,
    its SGD momentum is v = mu v + g; p -= lr v (lr outside the velocity), its Adagrad has
    eps 1e-10 and an initial_accumulator_value option (Keras 2.3 starts at 0, tf.keras at 0.1),
    its RMSprop and Adadelta default to other rho/eps, and its NAdam has its own schedule."""

    DEFAULTS = {
        'sgd': dict(learning_rate=0.01, momentum=0.0, nesterov=False),
        'rmsprop': dict(learning_rate=0.001, rho=0.9, epsilon=1e-7),
        'adagrad': dict(learning_rate=0.01, epsilon=1e-7),
        'adadelta': dict(learning_rate=1.0, rho=0.95, epsilon=1e-7),
        'adam': dict(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False),
        'adamax': dict(learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7),
        'nadam': dict(learning_rate=0.002, beta_1=0.9, beta_2=0.999, epsilon=1e-7, schedule_decay=0.004),
    }

    def __init__(self, kind, **given):
        self.kind = kind
        self.given = given  # what the golden file states; the rest are Keras defaults
        self.h = dict(self.DEFAULTS[kind], decay=0.0, clipnorm=None, clipvalue=None)
        unknown = set(given) - set(self.h)
        if unknown:
            raise ValueError('unknown hyperparameters ' + str(unknown))
        self.h.update(given)
        self.iterations = 0
        self.slots = {}
        self.m_schedule = 1.0
        self.clipped_steps = 0  # steps where clipnorm or clipvalue changed some gradient

    def write(self, out):
        out.text('optimizer', self.kind)
        for key, value in self.given.items():
            out.text(key, value)

    def apply(self, params, grads):
        h = self.h
        grads = list(grads)
        if h['clipnorm'] is not None:
            # Keras 2.3's clipnorm is global: one norm over all gradients (torch's
            # clip_grad_norm_ is global too, but clips at norm > c with a 1e-6 fudge).
            norm = torch.sqrt(sum((g * g).sum() for g in grads))
            if float(norm) >= h['clipnorm']:
                grads = [g * h['clipnorm'] / norm for g in grads]
                self.clipped_steps += 1
        if h['clipvalue'] is not None:
            c = h['clipvalue']
            self.clipped_steps += any(bool((g.abs() > c).any()) for g in grads)
            grads = [torch.clamp(g, -c, c) for g in grads]
        step = self.iterations + 1
        # decay uses the count of updates already made (iterations before this one)
        lr = h['learning_rate'] / (1.0 + h['decay'] * self.iterations)
        if self.kind == 'nadam':
            b1, sd = h['beta_1'], h['schedule_decay']
            self.mu_t = b1 * (1.0 - 0.5 * 0.96 ** (step * sd))
            self.mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * sd))
            self.schedule_new = self.m_schedule * self.mu_t
            self.schedule_next = self.schedule_new * self.mu_next
            self.m_schedule = self.schedule_new
        with torch.no_grad():
            for i, (p, g) in enumerate(zip(params, grads)):
                s = self.slots.setdefault(i, collections.defaultdict(lambda p=p: torch.zeros_like(p)))
                getattr(self, '_' + self.kind)(p, g, s, lr, step)
        self.iterations = step

    def _sgd(self, p, g, s, lr, step):
        mu = self.h['momentum']
        v = mu * s['v'] - lr * g
        s['v'] = v
        if self.h['nesterov']:
            p += mu * v - lr * g
        else:
            p += v

    def _rmsprop(self, p, g, s, lr, step):
        a = self.h['rho'] * s['a'] + (1.0 - self.h['rho']) * g * g
        s['a'] = a
        p -= lr * g / (torch.sqrt(a) + self.h['epsilon'])

    def _adagrad(self, p, g, s, lr, step):
        a = s['a'] + g * g  # starts at 0 in Keras 2.3
        s['a'] = a
        p -= lr * g / (torch.sqrt(a) + self.h['epsilon'])

    def _adadelta(self, p, g, s, lr, step):
        rho, eps = self.h['rho'], self.h['epsilon']
        a = rho * s['a'] + (1.0 - rho) * g * g
        u = g * torch.sqrt(s['d'] + eps) / torch.sqrt(a + eps)
        p -= lr * u
        s['a'] = a
        s['d'] = rho * s['d'] + (1.0 - rho) * u * u

    def _adam(self, p, g, s, lr, step):
        b1, b2, eps = self.h['beta_1'], self.h['beta_2'], self.h['epsilon']
        m = b1 * s['m'] + (1.0 - b1) * g
        v = b2 * s['v'] + (1.0 - b2) * g * g
        lr_t = lr * math.sqrt(1.0 - b2 ** step) / (1.0 - b1 ** step)
        s['m'], s['v'] = m, v
        if self.h['amsgrad']:
            s['vhat'] = torch.maximum(s['vhat'], v)
            v = s['vhat']
        # eps is added to sqrt(v) before v's bias correction ("epsilon hat"), unlike torch
        p -= lr_t * m / (torch.sqrt(v) + eps)

    def _adamax(self, p, g, s, lr, step):
        b1, b2, eps = self.h['beta_1'], self.h['beta_2'], self.h['epsilon']
        m = b1 * s['m'] + (1.0 - b1) * g
        u = torch.maximum(b2 * s['u'], g.abs())
        s['m'], s['u'] = m, u
        p -= (lr / (1.0 - b1 ** step)) * m / (u + eps)

    def _nadam(self, p, g, s, lr, step):
        b1, b2, eps = self.h['beta_1'], self.h['beta_2'], self.h['epsilon']
        g_hat = g / (1.0 - self.schedule_new)
        m = b1 * s['m'] + (1.0 - b1) * g
        m_hat = m / (1.0 - self.schedule_next)
        v = b2 * s['v'] + (1.0 - b2) * g * g
        v_hat = v / (1.0 - b2 ** step)
        m_bar = (1.0 - self.mu_t) * g_hat + self.mu_next * m_hat
        s['m'], s['v'] = m, v
        # Keras 2.3's Nadam has no decay: always the plain learning rate
        p -= self.h['learning_rate'] * m_bar / (torch.sqrt(v_hat) + eps)


def batch_losses(model, losses, loss_weights, xs, ys, ws):
    """One Keras training/test step's numbers: the total loss (sum of loss_weight * output loss,
    each sum(w*l)/size(l)) and each output's own loss (not scaled by its loss weight)."""
    outs = model(xs)
    per_output = [weighted_loss(output_loss(loss, y, o), ws)
                  for loss, y, o in zip(losses, ys, outs)]
    total = sum(lw * lk for lw, lk in zip(loss_weights, per_output))
    return total, per_output, outs


OPTIMIZER_STEPS = 5


def write_optimizer_case(out, name, comment, optimizer):
    """OPTIMIZER_STEPS train_on_batch calls of the probe model (4-5 tanh-2, mse) on one fixed
    batch: gradients come from torch autograd, updates from KerasOptimizer."""
    rng = rng_for(name)
    model = make_model('probe', rng)
    x, y = normal(rng, 6, 4), normal(rng, 6, 2)
    initial = model.weights()
    step_losses = []
    for _ in range(OPTIMIZER_STEPS):
        total, _, _ = batch_losses(model, ['mean_squared_error'], [1.0], t(x), [t(y)], t(np.ones(6)))
        grads = torch.autograd.grad(total, model.params)
        step_losses.append(float(total))  # train_on_batch reports the loss before its update
        optimizer.apply(model.params, grads)
    out.case(name, comment + '\n%d train_on_batch steps of the probe model (4 -> 5 tanh -> 2, mse) on one batch of 6.'
             % OPTIMIZER_STEPS)
    out.text('model', 'probe')
    optimizer.write(out)
    out.exact('x', x)
    out.exact('y', y)
    for i, w in enumerate(initial):
        out.exact('w%d' % i, w)
    out.expected('step_losses', step_losses)
    for i, w in enumerate(model.weights()):
        out.expected('final_w%d' % i, w)


def probe_gradient_norm(name):
    """The global gradient norm of the probe at its initial weights, to place clipnorm below it."""
    rng = rng_for(name)
    model = make_model('probe', rng)
    x, y = normal(rng, 6, 4), normal(rng, 6, 2)
    total, _, _ = batch_losses(model, ['mean_squared_error'], [1.0], t(x), [t(y)], t(np.ones(6)))
    grads = torch.autograd.grad(total, model.params)
    return float(torch.sqrt(sum((g * g).sum() for g in grads)))


@optimizer_case
def defaults(out):
    for kind in KerasOptimizer.DEFAULTS:
        write_optimizer_case(out, kind + '_defaults',
                             '%s with every hyperparameter at its Keras 2.3 default %s.'
                             % (kind, KerasOptimizer.DEFAULTS[kind]),
                             KerasOptimizer(kind))


@optimizer_case
def tuned(out):
    for name, comment, kind, hyper in [
            ('sgd_momentum', 'SGD momentum: v = mu v - lr g; p += v (torch: v = mu v + g; p -= lr v).',
             'sgd', dict(learning_rate=0.05, momentum=0.9)),
            ('sgd_nesterov', 'SGD Nesterov: v = mu v - lr g; p += mu v - lr g.',
             'sgd', dict(learning_rate=0.05, momentum=0.9, nesterov=True)),
            ('sgd_decay', 'SGD with decay: lr / (1 + decay * iterations), iterations before the update.',
             'sgd', dict(learning_rate=0.2, momentum=0.5, decay=0.3)),
            ('rmsprop_tuned', 'RMSprop: a = rho a + (1 - rho) g^2; p -= lr g / (sqrt(a) + eps).',
             'rmsprop', dict(learning_rate=0.01, rho=0.8, epsilon=1e-4)),
            ('adagrad_tuned', 'Adagrad: a += g^2 from a = 0; p -= lr g / (sqrt(a) + eps).',
             'adagrad', dict(learning_rate=0.1, epsilon=1e-3)),
            ('adadelta_tuned', 'Adadelta: u = g sqrt(d + eps) / sqrt(a + eps); p -= lr u; d = rho d + (1 - rho) u^2.',
             'adadelta', dict(learning_rate=0.5, rho=0.9, epsilon=1e-4)),
            ('adam_tuned', 'Adam: lr_t = lr sqrt(1 - b2^t) / (1 - b1^t); p -= lr_t m / (sqrt(v) + eps).',
             'adam', dict(learning_rate=0.02, beta_1=0.8, beta_2=0.99, epsilon=1e-3)),
            ('adam_amsgrad', 'Adam with amsgrad: sqrt(max(vhat, v)) replaces sqrt(v).',
             'adam', dict(learning_rate=0.02, amsgrad=True)),
            ('adamax_tuned', 'Adamax: u = max(b2 u, |g|); p -= lr / (1 - b1^t) m / (u + eps).',
             'adamax', dict(learning_rate=0.02, beta_1=0.8, beta_2=0.9, epsilon=1e-3)),
            ('nadam_tuned', 'Nadam with Keras 2.3\'s momentum schedule (schedule_decay).',
             'nadam', dict(learning_rate=0.01, beta_1=0.85, beta_2=0.99, schedule_decay=0.04))]:
        write_optimizer_case(out, name, comment, KerasOptimizer(kind, **hyper))


@optimizer_case
def clipping(out):
    # clipnorm at 40% of the initial global norm, so that every step is clipped
    c = float(np.float32(0.4 * probe_gradient_norm('sgd_clipnorm')))
    for name, comment, opt in [
            ('sgd_clipnorm', 'clipnorm is global in Keras 2.3: n = sqrt(sum of every g^2); if n >= c, g *= c / n.',
             KerasOptimizer('sgd', learning_rate=0.1, momentum=0.5, clipnorm=c)),
            ('sgd_clipvalue', 'clipvalue clips each gradient element to [-c, c].',
             KerasOptimizer('sgd', learning_rate=0.1, clipvalue=0.05)),
            ('adam_clipvalue', 'clipvalue with Adam: the moments see the clipped gradients.',
             KerasOptimizer('adam', learning_rate=0.01, clipvalue=0.02))]:
        write_optimizer_case(out, name, comment, opt)
        assert opt.clipped_steps == OPTIMIZER_STEPS, name + ': clipping must act at every step'


# ---- 4. whole training runs --------------------------------------------------------------

def run_epoch(model, losses, loss_weights, metrics, output_names, xs, ys, ws, batch_size, optimizer=None):
    """One pass in Keras's batch order (shuffle=False: ceil(N / B) slices, the last shorter).
    With an optimizer every batch is a training step whose numbers are computed before its
    update. Returns Keras's logs for the pass: 'loss' is the mean of batch losses weighted by
    batch size; each output's loss is averaged the same way (jkeras follows tf.keras 2.15 here:
    Keras 2.3 weights each batch 1, section 4.5); metrics are stateful means over the samples."""
    n = xs.shape[0]
    sums = collections.OrderedDict()

    def add(key, value):
        sums[key] = sums.get(key, 0.0) + value

    for start in range(0, n, batch_size):
        end = min(start + batch_size, n)
        nb = end - start
        total, per_output, outs = batch_losses(model, losses, loss_weights, xs[start:end],
                                               [y[start:end] for y in ys], ws[start:end])
        add('loss', float(total) * nb)
        if len(output_names) > 1:
            for name, lk in zip(output_names, per_output):
                add(name + '_loss', float(lk) * nb)
        for k, metric in metrics:
            prefix = output_names[k] + '_' if len(output_names) > 1 else ''
            add(prefix + metric, float(metric_values(metric, ys[k][start:end], outs[k]).sum()))
        if optimizer is not None:
            optimizer.apply(model.params, torch.autograd.grad(total, model.params))
    return collections.OrderedDict((key, value / n) for key, value in sums.items())


def write_run_header(out, name, comment, run, model_name, losses, loss_weights, metrics):
    out.case(name, comment)
    out.text('run', run)
    out.text('model', model_name)
    out.text('loss', ','.join(losses))
    if loss_weights is not None:
        out.text('loss_weights', ','.join(repr(w) for w in loss_weights))
    if metrics:
        out.text('metrics', ','.join(sorted(set(m for _, m in metrics))))


def write_fit_case(out, name, comment, model_name, optimizer, losses, xs, ys, sample_weight=None,
                   loss_weights=None, metrics=(), batch_size=8, epochs=3, validation_split=None, output_names=('out',)):
    """Model.fit(x, y, batch_size, epochs, shuffle=False[, validation_split][, sample_weight])."""
    rng = rng_for(name)
    model = make_model(model_name, rng)
    initial = model.weights()
    n = xs.shape[0]
    ws = sample_weight if sample_weight is not None else np.ones(n)
    split_at = int(n * (1.0 - validation_split)) if validation_split else n  # Keras: training = first rows
    lw = loss_weights or [1.0] * len(losses)
    train = (t(xs[:split_at]), [t(y[:split_at]) for y in ys], t(ws[:split_at]))
    val = (t(xs[split_at:]), [t(y[split_at:]) for y in ys], t(ws[split_at:]))
    history = collections.OrderedDict()
    for _ in range(epochs):
        logs = run_epoch(model, losses, lw, metrics, output_names, *train, batch_size, optimizer)
        if validation_split:
            # validation after the epoch, with the epoch's final weights, same batch size, no update
            for key, value in run_epoch(model, losses, lw, metrics, output_names, *val, batch_size).items():
                logs['val_' + key] = value
        for key, value in logs.items():
            history.setdefault(key, []).append(value)
    write_run_header(out, name, comment, 'fit', model_name, losses, loss_weights, metrics)
    optimizer.write(out)
    out.text('batch_size', batch_size)
    out.text('epochs', epochs)
    if validation_split:
        out.text('validation_split', validation_split)
    out.exact('x', xs)
    for k, y in enumerate(ys):
        out.exact('y%d' % k, y)
    if sample_weight is not None:
        out.exact('sample_weight', sample_weight)
    for i, w in enumerate(initial):
        out.exact('w%d' % i, w)
    out.text('history_keys', ','.join(history))
    for key, values in history.items():
        out.expected('history.' + key, values)
    for i, w in enumerate(model.weights()):
        out.expected('final_w%d' % i, w)


def classification_data(name, n=50, features=20, classes=3):
    """Gaussian inputs labelled by a random linear teacher, one-hot targets."""
    rng = rng_for(name + '/data')
    x = normal(rng, n, features)
    teacher = rng.normal(size=(features, classes))
    return x, one_hot((x @ teacher).argmax(-1), classes)


@training_case
def fit_mlp(out):
    x, y = classification_data('mlp')
    write_fit_case(out, 'fit_mlp_adam',
                   'MLP 20 -> 16 relu -> 3 softmax, categorical_crossentropy, Adam(lr 0.01), N = 50, batch 8\n'
                   '(6 batches of 8 and one of 2), 3 epochs, shuffle=False: history loss is the batch-size\n'
                   'weighted mean of pre-update batch losses; accuracy the epoch\'s categorical accuracy.',
                   'mlp_classifier', KerasOptimizer('adam', learning_rate=0.01), ['categorical_crossentropy'],
                   x, [y], metrics=[(0, 'accuracy')])
    write_fit_case(out, 'fit_mlp_validation_split',
                   'The same run with validation_split=0.2: training on the first int(50 * 0.8) = 40 rows,\n'
                   'validation on the last 10 (batches of 8 and 2) after each epoch with its final weights.',
                   'mlp_classifier', KerasOptimizer('adam', learning_rate=0.01), ['categorical_crossentropy'],
                   x, [y], metrics=[(0, 'accuracy')], validation_split=0.2)


@training_case
def fit_regression(out):
    rng = rng_for('regression/data')
    x = normal(rng, 30, 6)
    y = f32(np.tanh(x @ rng.normal(size=(6, 2)) * 0.5))
    w = uniform(rng, 0.0, 2.0, 30)
    write_fit_case(out, 'fit_regression_sgd_weighted',
                   'Regression MLP 6 -> 8 tanh -> 2, mse, SGD(lr 0.05, momentum 0.9), sample weights,\n'
                   'N = 30, batch 8 (the last batch 6), 4 epochs; mae is a plain metric (unweighted).',
                   'mlp_regressor', KerasOptimizer('sgd', learning_rate=0.05, momentum=0.9), ['mean_squared_error'],
                   x, [y], sample_weight=w, metrics=[(0, 'mae')], epochs=4)


@training_case
def fit_two_heads(out):
    rng = rng_for('two_heads/data')
    x = normal(rng, 30, 5)
    ya = one_hot((x @ rng.normal(size=(5, 3))).argmax(-1), 3)
    yb = f32(x @ rng.normal(size=(5, 1)) * 0.3)
    write_fit_case(out, 'fit_two_heads',
                   'Two heads on a shared 5 -> 6 tanh trunk: head_a 3 softmax (categorical_crossentropy),\n'
                   'head_b 1 linear (mse), loss_weights [1.0, 0.5], RMSprop(lr 0.01), N = 30, batch 8, 3 epochs:\n'
                   'loss = head_a_loss + 0.5 head_b_loss per batch; per-output losses unweighted by loss_weights.',
                   'two_heads', KerasOptimizer('rmsprop', learning_rate=0.01),
                   ['categorical_crossentropy', 'mean_squared_error'], x, [ya, yb], loss_weights=[1.0, 0.5],
                   output_names=('head_a', 'head_b'))


@training_case
def evaluate_uneven(out):
    x, y = classification_data('mlp')
    for name, weighted in [('evaluate_uneven_batch', False), ('evaluate_weighted', True)]:
        rng = rng_for(name)
        model = make_model('mlp_classifier', rng)
        w = uniform(rng, 0.0, 2.0, 50) if weighted else np.ones(50)
        logs = run_epoch(model, ['categorical_crossentropy'], [1.0], [(0, 'accuracy')], ('out',),
                         t(x), [t(y)], t(w), 16)
        write_run_header(out, name,
                         'evaluate(batch_size=16) of the MLP classifier on 50 samples (3 batches of 16, one of 2):\n'
                         'loss = sum of batch losses times batch sizes / 50; accuracy over all samples%s.'
                         % ('; sample weights scale the loss, not the plain accuracy metric' if weighted else ''),
                         'evaluate', 'mlp_classifier', ['categorical_crossentropy'], None, [(0, 'accuracy')])
        out.text('batch_size', 16)
        out.exact('x', x)
        out.exact('y0', y)
        if weighted:
            out.exact('sample_weight', w)
        for i, p in enumerate(model.weights()):
            out.exact('w%d' % i, p)
        out.text('names', ','.join(logs))
        out.expected('scores', list(logs.values()))


@training_case
def fit_cnn(out):
    rng = rng_for('cnn/data')
    x = normal(rng, 12, 8, 8, 1)
    y = one_hot((x.reshape(12, -1) @ rng.normal(size=(64, 3))).argmax(-1), 3)
    write_fit_case(out, 'fit_cnn_sgd_momentum',
                   'Small CNN (8, 8, 1) -> Conv2D(4, 3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(3, softmax),\n'
                   'categorical_crossentropy, SGD(lr 0.05, momentum 0.9), N = 12, batch 5 (5, 5, 2), 2 epochs,\n'
                   'shuffle=False. A pooling window whose relu outputs are all 0 ties, but its gradient is 0\n'
                   'wherever it goes (relu passes none at 0).',
                   'small_cnn', KerasOptimizer('sgd', learning_rate=0.05, momentum=0.9), ['categorical_crossentropy'],
                   x, [y], batch_size=5, epochs=2)


# ---- main --------------------------------------------------------------------------------

FILES = [
    ('layers.txt', 'layer forward values and gradients (w.r.t. inputs and weights) for a fixed upstream gradient',
     LAYER_CASES),
    ('losses.txt', 'Keras 2.3 losses with sample weights (values, reduced loss, gradient w.r.t. y_pred)',
     LOSS_CASES),
    ('optimizers.txt', 'Keras 2.3 optimizer updates over train_on_batch steps', OPTIMIZER_CASES),
    ('training.txt', 'whole fit/evaluate runs with fixed initial weights and shuffle=False', TRAINING_CASES),
]


def main():
    for file_name, title, cases in FILES:
        out = GoldenWriter(file_name, title)
        for fn in cases:
            fn(out)
        out.save()


if __name__ == '__main__':
    sys.exit(main())
