#!/usr/bin/env python3
"""Medians of compare_jars.sh's runs: per JDK and benchmark, old, new and new/old.

Each run's score is JMH's mean over its measurement iterations; the table gives the median of
those over the rounds (and the per-round figures), so one noisy round does not decide."""
import glob, json, os, re, statistics, sys
out = sys.argv[1]
runs = {}
for path in sorted(glob.glob(os.path.join(out, 'r*-jdk*-*.json'))):
    m = re.match(r'r(\d+)-jdk(\d+)-(old|new)(?:-\w+)?\.json', os.path.basename(path))
    rnd, jdk, side = m.groups()
    try:
        results = json.load(open(path))
    except ValueError:          # a run still in progress (or cut short): not counted
        continue
    for b in results:
        name = b['benchmark'].split('.')[-2] + '.' + b['benchmark'].split('.')[-1]
        params = b.get('params') or {}
        if 'net' in params:
            name += ' ' + params['net']
        runs.setdefault((jdk, name, b['primaryMetric']['scoreUnit']), {}).setdefault(side, []).append(
            b['primaryMetric']['score'])
print('| JDK | benchmark | unit | old (median) | new (median) | new / old | old runs | new runs |')
print('|---|---|---|---:|---:|---:|---|---|')
for (jdk, name, unit), sides in sorted(runs.items()):
    o, n = sides.get('old', []), sides.get('new', [])
    if not o or not n:
        continue
    mo, mn = statistics.median(o), statistics.median(n)
    fmt = lambda xs: ', '.join('%.3g' % x for x in xs)
    print(f'| {jdk} | {name} | {unit} | {mo:.4g} | {mn:.4g} | {mn / mo:.3f} | {fmt(o)} | {fmt(n)} |')
