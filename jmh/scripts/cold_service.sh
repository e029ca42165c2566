#!/usr/bin/env bash
# The service half of cold_start.sh alone: ColdService on simdnet and on ONNX Runtime, alternating,
# STARTS fresh processes of each on every JDK given. Uses MODELDIR/spiral.model and spiral.onnx as
# cold_start.sh makes them (run that once first, or point at its OUTDIR).
#   jmh/scripts/cold_service.sh OUTDIR MODELDIR STARTS JAVA [JAVA ...]; then cold_table.py OUTDIR
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 OUTDIR MODELDIR STARTS JAVA [JAVA ...]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd) models=$(cd "$2" && pwd) starts=$3
shift 3
cd "$(dirname "$0")/../.."
bench=jmh/target/benchmarks.jar vec=--add-modules=jdk.incubator.vector
[ -f "$out/runs.tsv" ] || printf 'start\tjdk\tvariant\twall_s\trc\tline\n' > "$out/runs.tsv"
for start in $(seq 1 "$starts"); do
  for java in "$@"; do
    jdk=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    line=$("$java" $vec -Dcoldservice.launch="$EPOCHREALTIME" -cp $bench org.simdnet.bench.ColdService \
      simdnet "$models/spiral.model" 2>> "$out/stderr.log" | tail -n 1)
    printf '%s\t%s\tsimdnet\t0\t0\t%s\n' "$start" "$jdk" "$line" >> "$out/runs.tsv"
    line=$("$java" $vec --enable-native-access=ALL-UNNAMED -Dcoldservice.launch="$EPOCHREALTIME" -cp $bench \
      org.simdnet.bench.ColdService onnx "$models/spiral.onnx" 2>> "$out/stderr.log" | tail -n 1)
    printf '%s\t%s\tonnx\t0\t0\t%s\n' "$start" "$jdk" "$line" >> "$out/runs.tsv"
  done
done
