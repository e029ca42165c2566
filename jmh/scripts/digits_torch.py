#!/usr/bin/python3
"""PyTorch's side of the digits race (DigitsRace is simdnet's): 64 -> 128 -> 10 ReLU, Adam, the
same split (train.csv/val.csv written by DigitsRace), standardized on the training rows, batch
size and learning rate as given; validation accuracy after every epoch (its cost counts), stop at
the first epoch that reaches the target. Prints: torch epochs=E loop_ms=T val_accuracy=A threads=N

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 digits_torch.py SPLIT_DIR \
        [threads=1] [batch=32] [lr=0.001] [seed=1] [target=0.97]
"""
import sys
import time

import numpy as np
import torch

sys.path.insert(0, __import__("os").path.dirname(__file__))
from openblas_check import require_openblas  # noqa: E402

require_openblas(torch)
import torch.nn as nn


def load(path):
    a = np.loadtxt(path, delimiter=",", dtype=np.float32)
    return torch.from_numpy(a[:, :-1].copy()), torch.from_numpy(a[:, -1].astype(np.int64))


def main():
    split = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    lr = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-3
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    target = float(sys.argv[6]) if len(sys.argv) > 6 else 0.97
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    x, y = load(split + "/train.csv")
    vx, vy = load(split + "/val.csv")
    mean, std = x.mean(0), x.std(0, unbiased=False)
    std[std == 0] = 1
    x, vx = (x - mean) / std, (vx - mean) / std
    model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    n = x.shape[0]
    start = time.perf_counter()
    acc, epoch = 0.0, 0
    while acc < target and epoch < 1000:
        perm = torch.randperm(n)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        with torch.no_grad():
            acc = (model(vx).argmax(1) == vy).float().mean().item()
        epoch += 1
    loop = time.perf_counter() - start
    print("torch epochs=%d loop_ms=%.1f val_accuracy=%.4f threads=%d" % (epoch, loop * 1e3, acc, threads))


if __name__ == "__main__":
    main()
