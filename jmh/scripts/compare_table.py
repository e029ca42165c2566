#!/usr/bin/env python3
"""Medians of compare_jars.sh's runs: per JDK and benchmark, old, new and new/old.

Each fork's score is the mean of its measurement iterations; the table gives the median over all
forks of all rounds (pooled), and each run's JMH score (the mean over its forks). Pooling forks
matters where a fork's JIT decisions make it bimodal (the single-sample predict runs ~50 ns in
most forks and ~85 ns in some, for old and new jars alike): the median over forks is robust to
that, a mean over them is not. The last column is the median over rounds of new / old within a round (a round runs old and new
back to back, so both tend to meet the same machine state; on these VMs vector code has slow
spells of minutes). Usage: compare_table.py OUTDIR [OUTDIR ...] (directories pooled; rounds
are numbered per directory)."""
import glob, json, os, re, statistics, sys
forks = {}
scores = {}
rounds = {}
for d, out in enumerate(sys.argv[1:]):
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
            key = (jdk, name, b['primaryMetric']['scoreUnit'])
            for fork in b['primaryMetric']['rawData']:
                forks.setdefault(key, {}).setdefault(side, []).append(sum(fork) / len(fork))
                rounds.setdefault(key, {}).setdefault((d, rnd), {}).setdefault(side, []).append(sum(fork) / len(fork))
            scores.setdefault(key, {}).setdefault(side, []).append(b['primaryMetric']['score'])
print('| JDK | benchmark | unit | old (median of forks) | new (median of forks) | new / old | forks old/new | old runs | new runs | new / old within a round (median) |')
print('|---|---|---|---:|---:|---:|---|---|---|---:|')
fmt = lambda xs: ', '.join('%.3g' % x for x in xs)


def paired(key):
    ratios = [statistics.median(r['new']) / statistics.median(r['old'])
              for r in rounds[key].values() if r.get('old') and r.get('new')]
    return '%.3f (%d rounds)' % (statistics.median(ratios), len(ratios)) if ratios else '-'


for key, sides in sorted(forks.items()):
    jdk, name, unit = key
    o, n = sides.get('old', []), sides.get('new', [])
    if not o or not n:
        continue
    mo, mn = statistics.median(o), statistics.median(n)
    print(f'| {jdk} | {name} | {unit} | {mo:.4g} | {mn:.4g} | {mn / mo:.3f} | {len(o)}/{len(n)} '
          f'| {fmt(scores[key]["old"])} | {fmt(scores[key]["new"])} | {paired(key)} |')
