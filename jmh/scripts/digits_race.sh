#!/usr/bin/env bash
# The digits race of issue #10: time to 0.97 validation accuracy, 64 -> 128 -> 10 ReLU, Adam
# (lr 1e-3), batch 32, one thread, the same 80/20 split; simdnet (DigitsRace) against PyTorch
# (digits_torch.py), alternated ROUNDS times, as whole processes (wall time from start to exit,
# data loading included) and as training loops (each program's own clock around its loop,
# validation after every epoch included). simdnet also runs 100 races in one JVM: the loop once
# the JIT has compiled it (report the median of the last 40; the big vector methods take C2 tens of
# races on two cores, and a JVM now and then takes longer to settle).
#   jmh/scripts/digits_race.sh DIGITS.csv OUTDIR [ROUNDS=5] [JAVA=java]
# Needs jmh/target/benchmarks.jar and Debian's python3-torch. OpenBLAS's pinned core type is
# unset for PyTorch alone (see the README of the tool library).
set -euo pipefail
csv=$1; out=$2; rounds=${3:-5}; java=${4:-java}
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/benchmarks.jar"
mkdir -p "$out/split"
"$java" --add-modules jdk.incubator.vector -cp "$jar" org.simdnet.bench.DigitsRace "$csv" 1 32 0.001 1 0.97 \
    "$out/split" 1 2>/dev/null > /dev/null
ms() { date +%s%N; }
: > "$out/race.txt"
for r in $(seq 1 "$rounds"); do
  t0=$(ms)
  line=$("$java" --add-modules jdk.incubator.vector -cp "$jar" org.simdnet.bench.DigitsRace "$csv" 1 32 0.001 1 0.97 - 1 2>/dev/null)
  t1=$(ms)
  echo "$line process_ms=$(( (t1 - t0) / 1000000 ))" | tee -a "$out/race.txt"
  t0=$(ms)
  line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 "$here/digits_torch.py" "$out/split" 1 32 0.001 1 0.97 2>/dev/null)
  t1=$(ms)
  echo "$line process_ms=$(( (t1 - t0) / 1000000 ))" | tee -a "$out/race.txt"
done
"$java" --add-modules jdk.incubator.vector -cp "$jar" org.simdnet.bench.DigitsRace "$csv" 1 32 0.001 1 0.97 - 100 \
    2>/dev/null > "$out/warm.txt"
tail -40 "$out/warm.txt" | sed 's/.*loop_ms=\([0-9.]*\).*/\1/' | sort -n \
    | awk '{v[NR]=$1} END {printf "simdnet warm loop (races 61-100): median %s ms, min %s, max %s\n", v[int((NR+1)/2)], v[1], v[NR]}' \
    | tee -a "$out/warm.txt"
