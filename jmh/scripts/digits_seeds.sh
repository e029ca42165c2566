#!/usr/bin/env bash
# The digits race over many seeds (issue #10): time to the target is a random variable (a seed
# decides the initial weights and the batch order, so the epochs needed move between 5 and 16 for
# both frameworks, and one seed's epoch count is a lottery worth up to 2x either way). For each seed
# s: one warm simdnet JVM (40 races, the median of the last 20 loop_ms) and PyTorch's loop three
# times (the median), both at seed s; then the medians over seeds of each side's time to target,
# their ratio, and the ratio of the summed times.
#   jmh/scripts/digits_seeds.sh BENCHMARKS.jar JAVA FIRST_SEED LAST_SEED SPLIT_DIR
# SPLIT_DIR: the split DigitsRace writes (digits_race.sh makes it in OUT/split). Run from the repository root.
set -euo pipefail
jar=$1 java=$2 first=$3 last=$4 split=$5
for s in $(seq $first $last); do
  sim=$($java --add-modules jdk.incubator.vector -cp $jar org.simdnet.bench.DigitsRace src/test/resources/datasets/digits.csv 1 32 0.001 $s 0.97 - 40 2>/dev/null | tail -20)
  se=$(echo "$sim" | tail -1 | sed 's/.*epochs=\([0-9]*\).*/\1/')
  sm=$(echo "$sim" | sed 's/.*loop_ms=\([0-9.]*\).*/\1/' | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
  tor=$(for i in 1 2 3; do env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 jmh/scripts/digits_torch.py "$split" 1 32 0.001 $s 0.97 2>/dev/null; done)
  [ -n "$tor" ] || { echo "PyTorch's loop gave no figure (run jmh/scripts/digits_torch.py by hand: no OpenBLAS?)" >&2; exit 2; }
  te=$(echo "$tor" | tail -1 | sed 's/.*epochs=\([0-9]*\).*/\1/')
  tm=$(echo "$tor" | sed 's/.*loop_ms=\([0-9.]*\).*/\1/' | sort -n | sed -n 2p)
  echo "seed $s simdnet_epochs=$se simdnet_warm_ms=$sm torch_epochs=$te torch_loop_ms=$tm ratio=$(awk -v t="$tm" -v s="$sm" 'BEGIN {printf "%.2f", t / s}')"
done | awk '
  { print; fflush(); for (i = 3; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    n++; sm[n] = f["simdnet_warm_ms"]; tm[n] = f["torch_loop_ms"]; se[n] = f["simdnet_epochs"]; te[n] = f["torch_epochs"]
    ss += sm[n]; ts += tm[n]; ses += se[n]; tes += te[n] }
  function median(a, n,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
  END { ms = median(sm, n); mt = median(tm, n)
    printf "seeds=%d simdnet_median_ms=%.1f torch_median_ms=%.1f median_ratio=%.2f sum_ratio=%.2f mean_epochs simdnet=%.2f torch=%.2f per_epoch_ratio=%.2f\n",
      n, ms, mt, mt / ms, ts / ss, ses / n, tes / n, (ts / tes) / (ss / ses) }'
