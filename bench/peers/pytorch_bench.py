#!/usr/bin/env python3
"""PyTorch peer of scripts/bench: the same workloads as jkeras's Benchmark, written the
idiomatic PyTorch way, printing one JSON object per figure on stdout.

W1: MLP 784-512-512-10 (ReLU, softmax cross-entropy), Adam lr 1e-3, batch 128, one epoch of
    60,000 synthetic samples (train samples/s); predict at batch 1024 (samples/s).
W2: Conv2D 32 3x3 relu -> MaxPool 2 -> Conv2D 64 3x3 relu -> MaxPool 2 -> Flatten ->
    Dense 128 relu -> Dense 10, batch 128 (train samples/s).
W4: train_on_batch latency of the W1 model on a fixed batch of 32 (median microseconds).

Usage: pytorch_bench.py [--threads 2] [--repeats 3] [--samples 60000] [--workloads w1,w2,w4]
                        [--device cpu|cuda|cuda:N] [--compile [MODE]]

--device puts the models and data on that device (default cpu: the figures scripts/bench
compares with). --compile wraps each model in torch.compile (mode "default" unless named).
On a GPU, or when compiling, warm-up covers every shape a workload meets (a whole epoch, a
whole predict pass), so no compilation or first-launch cost lands in a timed run, and a
workload that fails prints {"workload": ..., "error": ...} and the next one still runs.
"""
import argparse
import json
import statistics
import sys
import time
import traceback

import torch
import torch.nn as nn
import torch.nn.functional as F


def emit(**kv):
    print(json.dumps(kv), flush=True)


def w1_model():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def w2_model():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 128), nn.ReLU(), nn.Linear(128, 10))


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


def timed_epochs(model, x, y, batch, repeats, full_warmup=False):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    if full_warmup:  # every batch shape, the last partial one too, before any timing
        train_epoch(model, opt, x, y, batch)
    else:
        train_epoch(model, opt, x[:batch * 20], y[:batch * 20], batch)  # warm-up
    sync(x.device)
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        train_epoch(model, opt, x, y, batch)
        rates.append(x.shape[0] / (time.perf_counter() - t0))
    return rates


def setting(read):
    """A backend setting for the report, or why it could not be read (names move between releases)."""
    try:
        return read()
    except Exception as e:
        return "unreadable: %s" % type(e).__name__


def sgemm_gflops(device):
    """Square float32 GEMM rate: 1024 on the CPU (the figure the CPU report prints), 4096 on a GPU."""
    size, reps = (1024, 5) if device.type == "cpu" else (4096, 20)
    x = torch.randn(size, size, device=device)
    for _ in range(3):
        x @ x
    sync(device)
    t0 = time.perf_counter()
    for _ in range(reps):
        x @ x
    sync(device)
    return reps * 2 * size ** 3 / (time.perf_counter() - t0) / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--samples", type=int, default=60000)
    p.add_argument("--workloads", default="w1,w2,w4")
    p.add_argument("--device", default="cpu", help="cpu (default), cuda or cuda:N")
    p.add_argument("--compile", nargs="?", const="default", default=None, metavar="MODE",
                   help="wrap each model in torch.compile with this mode (default: \"default\")")
    a = p.parse_args()
    dev = torch.device(a.device)
    if dev.type == "cuda" and not torch.cuda.is_available():
        p.error("--device %s: torch %s sees no CUDA device (torch.version.cuda=%s)"
                % (a.device, torch.__version__, torch.version.cuda))
    if a.compile is not None and not hasattr(torch, "compile"):
        p.error("--compile: torch %s has no torch.compile (it needs torch 2.0 or later)" % torch.__version__)
    # On a GPU or under torch.compile the first call of each shape is slow (kernels load,
    # graphs compile): warm up over every shape, and keep going past a failing workload.
    accelerated = dev.type != "cpu" or a.compile is not None
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)  # PyTorch's fastest CPU regime; the report says so
    torch.manual_seed(0)
    import os
    gflops = sgemm_gflops(dev)
    if dev.type == "cpu":
        head = dict(peer="pytorch", version=torch.__version__, threads=a.threads, flush_denormal=True,
                    openblas_threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                    openblas_coretype=os.environ.get("OPENBLAS_CORETYPE", "auto"), sgemm_gflops=round(gflops, 1))
    else:
        # PyTorch's own defaults stay (float32 GEMM without TF32, cuDNN free to use TF32): reported
        head = dict(peer="pytorch", version=torch.__version__, device=str(dev),
                    device_name=torch.cuda.get_device_name(dev), cuda=torch.version.cuda,
                    cudnn=torch.backends.cudnn.version(),
                    float32_matmul_precision=setting(torch.get_float32_matmul_precision),
                    tf32_matmul=setting(lambda: torch.backends.cuda.matmul.allow_tf32),
                    tf32_cudnn=setting(lambda: torch.backends.cudnn.allow_tf32),
                    cudnn_benchmark=torch.backends.cudnn.benchmark,
                    threads=a.threads, sgemm_gflops=round(gflops, 1), sgemm_size=4096)
    if a.compile is not None:
        head["compile"] = a.compile
    emit(**head)

    def prepare(model):
        model = model.to(dev)
        return torch.compile(model, mode=a.compile) if a.compile is not None else model

    todo = set(a.workloads.split(","))
    n = a.samples
    failed = 0
    for name, workload in (("w1", w1), ("w2", w2), ("w4", w4)):
        if name not in todo:
            continue
        if not accelerated:
            workload(a, dev, n, prepare, accelerated)
            continue
        try:
            workload(a, dev, n, prepare, accelerated)
        except Exception as e:  # report it, run the next workload
            failed += 1
            traceback.print_exc(file=sys.stderr)
            emit(workload=name.upper(), error="%s: %s" % (type(e).__name__, e))
    if failed:
        sys.exit(1)


def w1(a, dev, n, prepare, accelerated):
    x = torch.randn(n, 784).to(dev)
    y = torch.randint(0, 10, (n,)).to(dev)
    model = prepare(w1_model())
    rates = timed_epochs(model, x, y, 128, a.repeats, full_warmup=accelerated)
    emit(workload="W1 train", unit="samples/s", median=statistics.median(rates), runs=rates)
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
    emit(workload="W1 predict", unit="samples/s", median=statistics.median(rates), runs=rates)


def w2(a, dev, n, prepare, accelerated):
    m = min(n, 12800)
    x = torch.randn(m, 1, 28, 28).to(dev)
    y = torch.randint(0, 10, (m,)).to(dev)
    rates = timed_epochs(prepare(w2_model()), x, y, 128, a.repeats, full_warmup=accelerated)
    emit(workload="W2 train", unit="samples/s", median=statistics.median(rates), runs=rates)


def w4(a, dev, n, prepare, accelerated):
    model = prepare(w1_model())
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
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
    emit(workload="W4 trainOnBatch", unit="us", median=statistics.median(times), runs=[statistics.median(times)])


if __name__ == "__main__":
    main()
