#!/usr/bin/env bash
# Cold start (issue 9): fresh JVMs timed as whole processes, STARTS starts of every variant on
# every JDK given, interleaved: start i runs each variant once on each JDK before start i+1 begins,
# so that the machine's noise spreads evenly over them.
#   jmh/scripts/cold_start.sh OUTDIR STARTS JAVA [JAVA ...]        (STARTS >= 10 for real figures)
# then: python3 jmh/scripts/cold_table.py OUTDIR
#
# Variants (each a fresh process):
#   train       java -jar target/simdnet.jar train             the README's default run, no files written
#   train_vector  the same with -Dsimdnet.warmup=false       vector kernels from the first call (before issue 9)
#   train_aot   the same with JDK 25's AOT cache               (JDK 25 and later; the cache made once, in OUTDIR)
#   train_main  ... train --plot --loss-plot --model           the README's main job, into a temp dir
#   simdnet     ColdService simdnet OUTDIR/spiral.model        load, then 10,000 single predictions
#   simdnet_vector  the same with -Dsimdnet.warmup=false
#   onnx        ColdService onnx OUTDIR/spiral.onnx            the same on ONNX Runtime's Java API
# Needs target/simdnet.jar and jmh/target/benchmarks.jar (docs/benchmarks.md says how to build them).
# Makes OUTDIR/spiral.model (the default train, with the first JAVA) and OUTDIR/spiral.onnx
# (OnnxExport, then checked against simdnet by OnnxCheck) when they are missing.
#
# Appends one line per run to OUTDIR/runs.tsv: start, jdk, variant, wall_s (bash's $EPOCHREALTIME
# around the process), rc, and the process's last line of output (`final ...` or `coldservice ...`).
# Everything the processes print on stderr goes to OUTDIR/stderr.log.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 OUTDIR STARTS JAVA [JAVA ...]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd) starts=$2
shift 2
cd "$(dirname "$0")/../.."          # the repository root
jar=target/simdnet.jar bench=jmh/target/benchmarks.jar vec=--add-modules=jdk.incubator.vector
for f in $jar $bench; do [ -f $f ] || { echo "missing $f: build it first" >&2; exit 2; }; done

if [ ! -f "$out/spiral.model" ]; then
  "$1" $vec -jar $jar train --model "$out/spiral.model" 2>> "$out/stderr.log" | tail -n 1
fi
if [ ! -f "$out/spiral.onnx" ]; then
  "$1" $vec -cp $bench org.simdnet.bench.OnnxExport "$out/spiral.model" "$out/spiral.onnx" 2>> "$out/stderr.log"
  "$1" $vec -cp $bench org.simdnet.bench.OnnxCheck "$out/spiral.model" "$out/spiral.onnx" 2>> "$out/stderr.log"
fi
[ -f "$out/runs.tsv" ] || printf 'start\tjdk\tvariant\twall_s\trc\tline\n' > "$out/runs.tsv"

micros() { local t=${1//[.,]/}; echo $((10#$t)); }   # $EPOCHREALTIME (seconds.micros) in µs

# run START JDK VARIANT COMMAND...: runs one process, appends its line to runs.tsv
run() {
  local start=$1 jdk=$2 variant=$3 t0 t1 rc=0
  shift 3
  echo "== start $start jdk $jdk $variant" >> "$out/stderr.log"
  t0=$EPOCHREALTIME
  "$@" > "$out/last.out" 2>> "$out/stderr.log" || rc=$?
  t1=$EPOCHREALTIME
  local us=$(( $(micros "$t1") - $(micros "$t0") ))
  printf '%s\t%s\t%s\t%d.%06d\t%s\t%s\n' "$start" "$jdk" "$variant" $((us / 1000000)) $((us % 1000000)) \
    "$rc" "$(tail -n 1 "$out/last.out")" >> "$out/runs.tsv"
}

declare -A jdks                      # each java's feature version, asked once
for java in "$@"; do
  jdks[$java]=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
done

for start in $(seq 1 "$starts"); do
  for java in "$@"; do
    jdk=${jdks[$java]}
    run "$start" "$jdk" train "$java" $vec -jar $jar train
    run "$start" "$jdk" train_vector "$java" $vec -Dsimdnet.warmup=false -jar $jar train
    if [ "$jdk" -ge 25 ]; then         # JDK 25's AOT cache (JEP 483/515), made once per JDK by a training run
      aot="$out/simdnet-jdk$jdk.aot"
      [ -f "$aot" ] || "$java" -XX:AOTCacheOutput="$aot" $vec -jar $jar train > /dev/null 2>> "$out/stderr.log"
      run "$start" "$jdk" train_aot "$java" -XX:AOTCache="$aot" $vec -jar $jar train
    fi
    tmp=$(mktemp -d)
    run "$start" "$jdk" train_main "$java" $vec -jar $jar train \
      --plot "$tmp/boundary.png" --loss-plot "$tmp/loss.png" --model "$tmp/spiral.model"
    rm -rf "$tmp"
    run "$start" "$jdk" simdnet "$java" $vec -Dcoldservice.launch="$EPOCHREALTIME" -cp $bench \
      org.simdnet.bench.ColdService simdnet "$out/spiral.model"
    run "$start" "$jdk" simdnet_vector "$java" $vec -Dsimdnet.warmup=false -Dcoldservice.launch="$EPOCHREALTIME" \
      -cp $bench org.simdnet.bench.ColdService simdnet "$out/spiral.model"
    # JNI: JDK 24+ warns unless native access is enabled, as a service would; JDK 17 accepts the flag too
    run "$start" "$jdk" onnx "$java" $vec --enable-native-access=ALL-UNNAMED -Dcoldservice.launch="$EPOCHREALTIME" \
      -cp $bench org.simdnet.bench.ColdService onnx "$out/spiral.onnx"
  done
  echo "start $start of $starts done"
done
rm -f "$out/last.out"
