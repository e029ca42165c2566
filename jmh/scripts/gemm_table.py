#!/usr/bin/env python3
"""Turns GemmBench JMH JSON results (-rf json) into the Markdown table of docs/benchmarks-gemm.md.

For each (shape, n, impl): the median of the measurement iterations (us/op), GFLOPS = 2n^3 / time,
and the speed relative to EJML at the same shape and n (EJML time / this time).
Usage: python3 jmh/scripts/gemm_table.py results1.json [results2.json ...]
"""
import json
import statistics
import sys

ORDER = ["simdnet", "simdnet-parallel", "ejml", "naive", "commons-math"]
rows = {}
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        p = r["params"]
        samples = [x for fork in r["primaryMetric"]["rawData"] for x in fork]
        rows[(p["shape"], int(p["n"]), p["impl"])] = (statistics.median(samples), min(samples), max(samples), len(samples))

print("| shape | n | impl | median µs/op | min–max µs/op | GFLOPS (median) | × EJML |")
print("|---|---:|---|---:|---:|---:|---:|")
for shape in ["NN", "NT", "TN"]:
    for n in sorted({k[1] for k in rows if k[0] == shape}):
        ejml = rows.get((shape, n, "ejml"))
        for impl in ORDER:
            if (shape, n, impl) not in rows:
                continue
            med, lo, hi, cnt = rows[(shape, n, impl)]
            gflops = 2.0 * n ** 3 / (med * 1e3)
            ratio = "%.1f" % (ejml[0] / med) if ejml else "–"
            print(f"| {shape} | {n} | {impl} | {med:,.1f} | {lo:,.1f}–{hi:,.1f} | {gflops:.1f} | {ratio} |")
