#!/usr/bin/env python3
"""Medians of cold_start.sh's runs (OUTDIR/runs.tsv): per JDK and variant, median (min–max).

  python3 jmh/scripts/cold_table.py OUTDIR

Whole processes (train, train_main): wall seconds, and the train_ms and step_us of their `final`
line. The service (simdnet, onnx): wall seconds of the process and ColdService's figures.
Runs that exited non-zero are not counted; their number is printed below the tables."""
import csv, os, statistics, sys

TRAIN = [('wall_s', 'wall s'), ('train_ms', 'train_ms'), ('step_us', 'step_us')]
SERVICE = [('wall_s', 'wall s'), ('startup_ms', 'startup_ms'), ('load_ms', 'load_ms'),
           ('first_us', 'first_us'), ('to_first_ms', 'to_first_ms'), ('total_ms', 'total_ms'),
           ('p50_us', 'p50_us'), ('p99_us', 'p99_us')]

runs, failed = {}, []
with open(os.path.join(sys.argv[1], 'runs.tsv')) as f:
    for row in csv.DictReader(f, delimiter='\t'):
        if row['rc'] != '0':
            failed.append(row)
            continue
        values = {'wall_s': float(row['wall_s'])}
        for word in (row['line'] or '').split():
            key, _, value = word.partition('=')
            try:
                values[key] = float(value)
            except ValueError:
                pass
        runs.setdefault((row['variant'], row['jdk']), []).append(values)


def fmt(x):
    return f'{x:.3g}' if abs(x) < 1000 else f'{x:.0f}'


def table(variants, columns):
    print('| variant | JDK | starts | ' + ' | '.join(label for _, label in columns) + ' |')
    print('|---|---|---:|' + '---:|' * len(columns))
    for variant in variants:
        for (v, jdk), rs in sorted(runs.items(), key=lambda kv: int(kv[0][1])):
            if v != variant:
                continue
            cells = []
            for key, _ in columns:
                xs = [r[key] for r in rs if key in r]
                cells.append(f'{fmt(statistics.median(xs))} ({fmt(min(xs))}–{fmt(max(xs))})' if xs else '–')
            print(f'| {variant} | {jdk} | {len(rs)} | ' + ' | '.join(cells) + ' |')
    print()


table(['train', 'train_vector', 'train_aot', 'train_main'], TRAIN)
table(['simdnet', 'simdnet_vector', 'onnx'], SERVICE)
if failed:
    print(f'{len(failed)} failed runs (not counted): '
          + ', '.join(f"start {r['start']} jdk {r['jdk']} {r['variant']} rc {r['rc']}" for r in failed))
