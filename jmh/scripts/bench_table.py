#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json, run with -prof gc) into a Markdown table.

One row per benchmark and parameter set: the median, min and max of the measurement iterations,
and the median allocation per operation (gc.alloc.rate.norm) when -prof gc was on.
Usage: python3 jmh/scripts/bench_table.py results1.json [results2.json ...]
"""
import json
import statistics
import sys


def fmt(x):
    if x >= 100:
        return "{:,.0f}".format(x)
    if x >= 10:
        return "%.1f" % x
    return "%.2f" % x


print("| benchmark | params | median | min – max | unit | alloc B/op (median) |")
print("|---|---|---:|---:|---|---:|")
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        name = r["benchmark"].split(".")[-2] + "." + r["benchmark"].split(".")[-1]
        params = " ".join("%s=%s" % kv for kv in sorted(r.get("params", {}).items()))
        pm = r["primaryMetric"]
        samples = [x for fork in pm["rawData"] for x in fork]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        alloc_text = "–"
        if alloc:
            a = [x for fork in alloc["rawData"] for x in fork]
            alloc_text = "%.1f" % statistics.median(a)
        print("| %s | %s | %s | %s – %s | %s | %s |" % (
            name, params, fmt(statistics.median(samples)), fmt(min(samples)), fmt(max(samples)),
            pm["scoreUnit"], alloc_text))
