#!/usr/bin/env python3
"""PyTorch peer of scripts/bench: the same workloads as jkeras's Benchmark, written the
idiomatic PyTorch way, printing one JSON object per figure on stdout.

W1: MLP 784-512-512-10 (ReLU, softmax cross-entropy), Adam lr 1e-3, batch 128, one epoch of
    60,000 synthetic samples (train samples/s); predict at batch 1024 (samples/s).
W2: Conv2D 32 3x3 relu -> MaxPool 2 -> Conv2D 64 3x3 relu -> MaxPool 2 -> Flatten ->
    Dense 128 relu -> Dense 10, batch 128 (train samples/s).
W4: train_on_batch latency of the W1 model on a fixed batch of 32 (median microseconds).

Usage: pytorch_bench.py [--threads 2] [--repeats 3] [--samples 60000] [--workloads w1,w2,w4]
"""
import argparse
import json
import statistics
import time

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


def train_epoch(model, opt, x, y, batch):
    model.train()
    n = x.shape[0]
    perm = torch.randperm(n)
    for start in range(0, n, batch):
        idx = perm[start:start + batch]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    return float(loss)


def timed_epochs(model, x, y, batch, repeats):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    train_epoch(model, opt, x[:batch * 20], y[:batch * 20], batch)  # warm-up
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        train_epoch(model, opt, x, y, batch)
        rates.append(x.shape[0] / (time.perf_counter() - t0))
    return rates


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--samples", type=int, default=60000)
    p.add_argument("--workloads", default="w1,w2,w4")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_flush_denormal(True)  # PyTorch's fastest CPU regime; the report says so
    torch.manual_seed(0)
    import os
    x = torch.randn(1024, 1024)
    for _ in range(3):
        x @ x
    t0 = time.perf_counter()
    for _ in range(5):
        x @ x
    gflops = 5 * 2 * 1024 ** 3 / (time.perf_counter() - t0) / 1e9
    emit(peer="pytorch", version=torch.__version__, threads=a.threads, flush_denormal=True,
         openblas_threads=os.environ.get("OPENBLAS_NUM_THREADS", "default"),
         openblas_coretype=os.environ.get("OPENBLAS_CORETYPE", "auto"), sgemm_gflops=round(gflops, 1))
    todo = set(a.workloads.split(","))
    n = a.samples
    if "w1" in todo:
        x = torch.randn(n, 784)
        y = torch.randint(0, 10, (n,))
        model = w1_model()
        rates = timed_epochs(model, x, y, 128, a.repeats)
        emit(workload="W1 train", unit="samples/s", median=statistics.median(rates), runs=rates)
        model.eval()
        rates = []
        with torch.no_grad():
            for _ in range(a.repeats):
                t0 = time.perf_counter()
                for start in range(0, n, 1024):
                    model(x[start:start + 1024])
                rates.append(n / (time.perf_counter() - t0))
        emit(workload="W1 predict", unit="samples/s", median=statistics.median(rates), runs=rates)
    if "w2" in todo:
        m = min(n, 12800)
        x = torch.randn(m, 1, 28, 28)
        y = torch.randint(0, 10, (m,))
        rates = timed_epochs(w2_model(), x, y, 128, a.repeats)
        emit(workload="W2 train", unit="samples/s", median=statistics.median(rates), runs=rates)
    if "w4" in todo:
        model = w1_model()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
        x = torch.randn(32, 784)
        y = torch.randint(0, 10, (32,))
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
