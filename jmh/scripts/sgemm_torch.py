#!/usr/bin/env python3
"""sgemm GFLOPS of PyTorch's CPU matmul (OpenBLAS on Debian) for n x n float32, the peer in issue
#12's "distance to the limit" table. Run with OpenBLAS's pinned core type unset, for this command
only, and OpenBLAS's thread count set by the environment (PyTorch's set_num_threads does not
reach Debian's OpenBLAS, whose own pool takes every core):
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 sgemm_torch.py [n ...]
Prints, per n and thread count, the median of 7 timed rounds (each as many products as take
~0.2 s) as microseconds per product and GFLOPS = 2 n^3 / time."""
import statistics
import sys
import time

import torch

sys.path.insert(0, __import__("os").path.dirname(__file__))
from openblas_check import require_openblas  # noqa: E402

require_openblas(torch)

sizes = [int(a) for a in sys.argv[1:]] or [128, 256, 512, 1024]
print("torch", torch.__version__, "|", torch.__config__.show().split("BLAS_INFO=")[-1].split(",")[0])
import os
threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "0"))
if threads > 0:
    torch.set_num_threads(threads)
if True:
    for n in sizes:
        g = torch.Generator().manual_seed(42)
        a = torch.rand(n, n, generator=g) - 0.5
        b = torch.rand(n, n, generator=g) - 0.5
        c = torch.empty(n, n)
        reps = max(1, int(0.2 / (2 * n ** 3 / 100e9)))
        for _ in range(3):
            for _ in range(reps):
                torch.mm(a, b, out=c)
        times = []
        for _ in range(7):
            t0 = time.perf_counter()
            for _ in range(reps):
                torch.mm(a, b, out=c)
            times.append((time.perf_counter() - t0) / reps)
        med = statistics.median(times)
        print("sgemm n=%d threads=%d: %.1f us, %.1f GFLOPS" % (n, threads, med * 1e6, 2 * n ** 3 / med / 1e9))
