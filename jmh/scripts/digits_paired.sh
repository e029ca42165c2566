#!/usr/bin/env bash
# The digits race in paired rounds (issue #10): per round one warm simdnet JVM (100 races, the
# median of the last 40 loop_ms) then PyTorch's loop three times (the median), and their ratio.
# PyTorch's own loop moves by 1.5x within minutes on a shared VM; pairing keeps the ratio honest.
#   jmh/scripts/digits_paired.sh BENCHMARKS.jar JAVA ROUNDS SPLIT_DIR
# SPLIT_DIR: the split DigitsRace writes (digits_race.sh makes it in OUT/split). Run from the repository root.
set -euo pipefail
jar=$1 java=$2 rounds=$3 split=$4
for r in $(seq 1 $rounds); do
  s=$($java --add-modules jdk.incubator.vector -cp $jar org.simdnet.bench.DigitsRace src/test/resources/datasets/digits.csv 1 32 0.001 1 0.97 - 100 2>/dev/null | tail -40 | sed 's/.*loop_ms=\([0-9.]*\).*/\1/' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  t=$(for i in 1 2 3; do env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 jmh/scripts/digits_torch.py "$split" 1 32 0.001 1 0.97 2>/dev/null | sed 's/.*loop_ms=\([0-9.]*\).*/\1/'; done | sort -n | sed -n 2p)
  [ -n "$t" ] || { echo "PyTorch's loop gave no figure (run jmh/scripts/digits_torch.py by hand: no OpenBLAS?)" >&2; exit 2; }
  echo "round $r simdnet_warm_ms=$s torch_loop_ms=$t ratio=$(awk -v t="$t" -v s="$s" 'BEGIN {printf "%.2f", t / s}')"
done
