#!/usr/bin/env bash
# The README's default `train` as whole processes, jars and JDKs alternated (issue 9, before/after):
#   jmh/scripts/train_whole_ab.sh OUT.tsv STARTS JAR [JAR ...]
# Each start runs every jar once on JDK 17 (`java`) and once on JDK 25 (/usr/lib/jvm/temurin-25*),
# timed with bash's $EPOCHREALTIME around the process; one line per run goes to OUT.tsv (start,
# jdk, jar, wall seconds, the process's `final ...` line), then the medians are printed.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 OUT.tsv STARTS JAR [JAR ...]" >&2; exit 2; }
out=$1 starts=$2
shift 2
java25=$(ls -d /usr/lib/jvm/temurin-25*/bin/java | head -n 1)
printf 'start\tjdk\tjar\twall_s\tline\n' > "$out"
micros() { local t=${1//[.,]/}; echo $((10#$t)); }
for s in $(seq 1 "$starts"); do
  for java in java "$java25"; do
    jdk=$([ "$java" = java ] && echo 17 || echo 25)
    for jar in "$@"; do
      t0=$EPOCHREALTIME
      line=$("$java" --add-modules jdk.incubator.vector -jar "$jar" train 2>/dev/null | tail -n 1)
      t1=$EPOCHREALTIME
      us=$(( $(micros "$t1") - $(micros "$t0") ))
      printf '%s\t%s\t%s\t%d.%06d\t%s\n' "$s" "$jdk" "$(basename "$jar" .jar)" $((us / 1000000)) $((us % 1000000)) \
        "$line" >> "$out"
    done
  done
done
python3 - "$out" <<'PY'
import collections, re, statistics, sys
wall, step = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]).read().splitlines()[1:]:
    f = line.split('\t')
    wall[(f[1], f[2])].append(float(f[3]))
    m = re.search(r'step_us=([\d.]+)', f[4])
    step[(f[1], f[2])].append(float(m.group(1)) if m else float('nan'))
for k in sorted(wall):
    v = wall[k]
    print('JDK %s %-28s n=%d wall median %.3f s (%.2f-%.2f), step_us median %.0f'
          % (k[0], k[1], len(v), statistics.median(v), min(v), max(v), statistics.median(step[k])))
PY
