#!/usr/bin/env python3
"""PyTorch peer of scripts/bench: the workloads of bench/peers/README.md, written the idiomatic
PyTorch way, speaking that protocol (one JSON object per line on stdout: the header, then one
line per figure).

W1: MLP 784-512-512-10 (ReLU, softmax cross-entropy), Adam lr 1e-3 eps 1e-7, batch 128, one
    epoch of `samples` synthetic samples (train samples/s); predict at batch 1024 (samples/s).
W2: Conv2D 32 3x3 relu -> MaxPool 2 -> Conv2D 64 3x3 relu -> MaxPool 2 -> Flatten ->
    Dense 128 relu -> Dense 10, batch 128, min(samples, 12800) samples (train samples/s).
W3: the W2 model on Fashion-MNIST (60,000 images scaled to [0,1]), 3 epochs: the wall time of
    training (s), extra key "accuracy" on the 10,000 test images.
W4: train_on_batch latency of the W1 model on a fixed batch of 32 (median microseconds of
    2,000 calls after 200).
W5: MLP 4096-4096-4096 at batch 512, runs of 10 batches after 2 warm-up batches (GFLOP/s,
    five GEMMs a step; extra key "samples_per_s").

Usage: pytorch_bench.py [--threads 2] [--repeats 3] [--samples 60000] [--workloads w1,w2,w4]
                        [--data DIR] [--device cpu|cuda|cuda:N] [--compile [MODE]]

--device puts the models and data on that device (default cpu: the figures scripts/bench
compares with). --compile wraps each model in torch.compile (mode "default" unless named).
On a GPU, or when compiling, warm-up covers every shape W1, W2 and W5 meet (a whole epoch, a
whole predict pass), so no compilation or first-launch cost lands in their timed runs; W3
times training from fresh weights, so its figure includes that cost, as jkeras's includes
its JIT's. Every figure carries peak_rss_mb, the process's VmHWM, reset before each workload
where /proc/self/clear_refs allows (the header's "rss_peak_reset" says whether it did).
"""
import argparse
import gzip
import json
import os
import statistics
import struct
import sys
import time
import traceback

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

WORKLOADS = ("w1", "w2", "w3", "w4", "w5")
NAMES = {"w1": "W1 train", "w2": "W2 train", "w3": "W3 Fashion-MNIST", "w4": "W4 trainOnBatch",
         "w5": "W5 wide MLP train"}
W5_FLOPS_PER_SAMPLE = 5 * 2 * 4096 * 4096


def emit(**kv):
    print(json.dumps(kv), flush=True)


def reset_peak_rss():
    """Resets VmHWM to the current resident set; False where the kernel does not allow it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    import resource  # ru_maxrss is in KiB on Linux
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)


def figure(workload, unit, runs, **extra):
    emit(workload=workload, unit=unit, median=statistics.median(runs), runs=runs, peak_rss_mb=peak_rss_mb(), **extra)


def w1_model():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def w2_model():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


def w5_model():
    return nn.Sequential(nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, 4096))


def adam(model):
    return torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)


def sync(device):
    """Waits for the device's queued work, so a timer reads finished work (a no-op on the CPU)."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def train_epoch(model, opt, x, y, batch):
    model.train()
    n = x.shape[0]
    perm = torch.randperm(n, device=x.device)
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return float(loss)


def timed_epochs(model, x, y, batch, repeats, warmup_batches, full_warmup=False):
    """Per run, one shuffled epoch's samples per second, after a warm-up on the first batches."""
    opt = adam(model)
    if full_warmup:  # every batch shape, the last partial one too, before any timing
        train_epoch(model, opt, x, y, batch)
    else:
        w = batch * warmup_batches
        train_epoch(model, opt, x[:w], y[:w], batch)
    sync(x.device)
    seconds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        train_epoch(model, opt, x, y, batch)
        sync(x.device)
        seconds.append(time.perf_counter() - t0)
    return seconds


def setting(read):
    """A backend setting for the report, or why it could not be read (names move between releases)."""
    try:
        return read()
    except Exception as e:
        return "unreadable: %s" % type(e).__name__


def sgemm_gflops(device):
    """Square float32 GEMM rate, the best of three timed blocks after warm-up, as jkeras's PeakGemm
    takes it: 2048 on the CPU (each product the flops of one of W5's GEMMs), 4096 on a GPU."""
    size, reps = (2048, 2) if device.type == "cpu" else (4096, 20)
    x = torch.randn(size, size, device=device)
    for _ in range(2):
        x @ x
    sync(device)
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        for _ in range(reps):
            x @ x
        sync(device)
        best = max(best, reps * 2 * size ** 3 / (time.perf_counter() - t0) / 1e9)
    return size, best


def read_idx(path):
    """An IDX file of LeCun's MNIST format (gzipped): big-endian dimensions, then unsigned bytes."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype != 0x08:
        raise ValueError("%s is not an unsigned-byte IDX file (magic %r)" % (path, data[:4]))
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--samples", type=int, default=60000)
    p.add_argument("--workloads", default="w1,w2,w4")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--device", default="cpu", help="cpu (default), cuda or cuda:N")
    p.add_argument("--compile", nargs="?", const="default", default=None, metavar="MODE",
                   help="wrap each model in torch.compile with this mode (default: \"default\")")
    a = p.parse_args()
    todo = [w.strip().lower() for w in a.workloads.split(",") if w.strip()]
    unknown = [w for w in todo if w not in WORKLOADS]
    if unknown or not todo:
        p.error("--workloads: expected some of %s, got %r" % (",".join(WORKLOADS), a.workloads))
    dev = torch.device(a.device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        p.error("--device %s: torch %s sees no CUDA device (torch.version.cuda=%s)"
                % (a.device, torch.__version__, torch.version.cuda))
    if a.compile is not None and not hasattr(torch, "compile"):
        p.error("--compile: torch %s has no torch.compile (it needs torch 2.0 or later)" % torch.__version__)
    # On a GPU or under torch.compile the first call of each shape is slow (kernels load,
    # graphs compile): warm up over every shape.
    accelerated = dev.type != "cpu" or a.compile is not None
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)  # PyTorch's fastest CPU regime; the header says so
    torch.manual_seed(0)
    size, gflops = sgemm_gflops(dev)
    rss_reset = reset_peak_rss()
    if dev.type == "cpu":
        head = dict(peer="pytorch", version=torch.__version__, threads=a.threads, device="cpu", flush_denormal=True,
                    openblas_threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                    openblas_coretype=os.environ.get("OPENBLAS_CORETYPE", "auto"),
                    blas=setting(lambda: torch.__config__.show().split("BLAS_INFO=")[1].split(",")[0]),
                    sgemm_gflops=round(gflops, 1), sgemm_size=size, rss_peak_reset=rss_reset)
    else:
        # PyTorch's own defaults stay (float32 GEMM without TF32, cuDNN free to use TF32): reported
        head = dict(peer="pytorch", version=torch.__version__, device=str(dev),
                    device_name=torch.cuda.get_device_name(dev), cuda=torch.version.cuda,
                    cudnn=torch.backends.cudnn.version(),
                    float32_matmul_precision=setting(torch.get_float32_matmul_precision),
                    tf32_matmul=setting(lambda: torch.backends.cuda.matmul.allow_tf32),
                    tf32_cudnn=setting(lambda: torch.backends.cudnn.allow_tf32),
                    cudnn_benchmark=torch.backends.cudnn.benchmark,
                    threads=a.threads, sgemm_gflops=round(gflops, 1), sgemm_size=size, rss_peak_reset=rss_reset)
    if a.compile is not None:
        head["compile"] = a.compile
    emit(**head)

    def prepare(model):
        model = model.to(dev)
        return torch.compile(model, mode=a.compile) if a.compile is not None else model

    failed = 0
    for name, workload in (("w1", w1), ("w2", w2), ("w3", w3), ("w4", w4), ("w5", w5)):
        if name not in todo:
            continue
        reset_peak_rss()
        try:
            workload(a, dev, prepare, accelerated)
        except Exception as e:  # report it, run the next workload
            failed += 1
            traceback.print_exc(file=sys.stderr)
            emit(workload=NAMES[name], error="%s: %s" % (type(e).__name__, e))
    if failed:
        sys.exit(1)


def w1(a, dev, prepare, accelerated):
    n = a.samples
    x = torch.randn(n, 784).to(dev)
    y = torch.randint(0, 10, (n,)).to(dev)
    model = prepare(w1_model())
    seconds = timed_epochs(model, x, y, 128, a.repeats, 20, full_warmup=accelerated)
    figure("W1 train", "samples/s", [n / s for s in seconds])
    reset_peak_rss()
    model.eval()
    rates = []
    with torch.no_grad():
        for i in range(a.repeats + (1 if accelerated else 0)):
            t0 = time.perf_counter()
            for start in range(0, n, 1024):
                model(x[start:start + 1024])
            sync(dev)
            if accelerated and i == 0:
                continue  # the warm-up pass
            rates.append(n / (time.perf_counter() - t0))
    figure("W1 predict", "samples/s", rates)


def w2(a, dev, prepare, accelerated):
    m = min(a.samples, 12800)
    x = torch.randn(m, 1, 28, 28).to(dev)
    y = torch.randint(0, 10, (m,)).to(dev)
    seconds = timed_epochs(prepare(w2_model()), x, y, 128, a.repeats, 20, full_warmup=accelerated)
    figure("W2 train", "samples/s", [m / s for s in seconds])


def w3(a, dev, prepare, accelerated):
    def load(images, labels):
        x = torch.from_numpy(read_idx(os.path.join(a.data, images)).astype(np.float32) / 255.0).unsqueeze(1)
        y = torch.from_numpy(read_idx(os.path.join(a.data, labels)).astype(np.int64))
        return x.to(dev), y.to(dev)
    x, y = load("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")
    xt, yt = load("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")
    seconds, accuracies = [], []
    for _ in range(a.repeats):
        model = prepare(w2_model())
        opt = adam(model)
        sync(dev)
        t0 = time.perf_counter()
        for _ in range(3):
            train_epoch(model, opt, x, y, 128)
        sync(dev)
        seconds.append(time.perf_counter() - t0)
        model.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, xt.shape[0], 1024):
                correct += int((model(xt[start:start + 1024]).argmax(1) == yt[start:start + 1024]).sum())
        accuracies.append(correct / xt.shape[0])
    figure("W3 Fashion-MNIST", "s", seconds, accuracy=statistics.median(accuracies), epochs=3)


def w4(a, dev, prepare, accelerated):
    model = prepare(w1_model())
    opt = adam(model)
    x = torch.randn(32, 784).to(dev)
    y = torch.randint(0, 10, (32,)).to(dev)
    times = []
    for i in range(2200):
        t0 = time.perf_counter()
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        float(loss)
        if i >= 200:
            times.append((time.perf_counter() - t0) * 1e6)
    med = statistics.median(times)
    figure("W4 trainOnBatch", "us", [med], calls=len(times))


def w5(a, dev, prepare, accelerated):
    batch, steps = 512, 10
    n = batch * steps
    x = torch.randn(n, 4096).to(dev)
    y = torch.randint(0, 4096, (n,)).to(dev)
    seconds = timed_epochs(prepare(w5_model()), x, y, batch, a.repeats, 2)
    figure("W5 wide MLP train", "GFLOP/s", [n * W5_FLOPS_PER_SAMPLE / s / 1e9 for s in seconds],
           samples_per_s=statistics.median([n / s for s in seconds]))


if __name__ == "__main__":
    main()
