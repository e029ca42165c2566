#!/usr/bin/env bash
# Issue #12's "distance to the limit": the fp32 FMA peak, sgemm of simdnet and of OpenBLAS (through
# PyTorch) at n = 128..1024 on 1 and 2 threads, the wide net's training step, single and 3000-row
# predictions on JDK 17 and the newest JDK, one after the other on a quiet machine.
# Usage: jmh/scripts/limit_table.sh OUT_DIR   (after building jmh/target/benchmarks.jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../target/benchmarks.jar"
out=${1:?usage: limit_table.sh OUT_DIR}
mkdir -p "$out"
j17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
jnew=$(ls -d /usr/lib/jvm/temurin-2*-jdk-amd64 2>/dev/null | sort -V | tail -1)/bin/java
vec="--add-modules=jdk.incubator.vector"

"$j17" -jar "$jar" FmaPeakBench -f 2 -rf json -rff "$out/peak17.json" | tee "$out/peak17.txt" | grep -E "^FmaPeak"
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t /usr/bin/python3 "$here/sgemm_torch.py" 128 256 512 1024 \
      | tee "$out/openblas-$t.txt"
done
"$j17" -jar "$jar" GemmBench -p impl=simdnet,simdnet-parallel -p shape=NN -p n=128,256,512,1024 -f 2 -wi 3 -i 5 \
    -rf json -rff "$out/gemm17.json" | tee "$out/gemm17.txt" | grep -E "^GemmBench"
for t in 1 2; do
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t /usr/bin/python3 "$here/sgemm_torch.py" 128 256 512 1024 \
      | tee "$out/openblas-$t-again.txt"
done
"$j17" -jar "$jar" 'TrainStepBench' -p net=wide -f 2 -rf json -rff "$out/wide17.json" | tee "$out/wide17.txt" | grep -E "^TrainStep"
for java in "$j17" "$jnew"; do
  tag=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  "$java" -jar "$jar" InferenceBench -f 4 -jvmArgsAppend "$vec" -rf json -rff "$out/inference$tag.json" \
      | tee "$out/inference$tag.txt" | grep -E "^InferenceBench"
done
