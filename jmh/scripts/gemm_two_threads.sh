#!/usr/bin/env bash
# Issue #12: two-thread sgemm of two simdnet benchmark jars, alternated, against OpenBLAS's two
# threads (through PyTorch) in the same run, round after round. THREADS=1 in the environment
# compares one thread with one instead (GemmBench's impl=simdnet, OPENBLAS_NUM_THREADS=1).
# Usage: [THREADS=1] jmh/scripts/gemm_two_threads.sh OLD_BENCHMARKS_JAR NEW_BENCHMARKS_JAR OUT_FILE [ROUNDS]
# Prints one line per JDK, jar, n and round (JMH's mean, µs per product) and OpenBLAS's lines.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
old=${1:?usage: gemm_two_threads.sh OLD_JAR NEW_JAR OUT_FILE [ROUNDS]}
new=${2:?usage: gemm_two_threads.sh OLD_JAR NEW_JAR OUT_FILE [ROUNDS]}
out=${3:?usage: gemm_two_threads.sh OLD_JAR NEW_JAR OUT_FILE [ROUNDS]}
rounds=${4:-3}
threads=${THREADS:-2}
impl=simdnet-parallel
[ "$threads" = 1 ] && impl=simdnet
j17=/usr/lib/jvm/java-17-openjdk-amd64/bin/java
jnew=$(ls -d /usr/lib/jvm/temurin-2*-jdk-amd64 2>/dev/null | sort -V | tail -1)/bin/java
: > "$out"
for r in $(seq 1 "$rounds"); do
  for java in "$jnew" "$j17"; do
    tag=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    for jar in "$old" "$new"; do
      "$java" -jar "$jar" GemmBench -p impl=$impl -p shape=NN -p n=128,256,512,1024 -f 1 -wi 3 -i 5 \
          -jvmArgsAppend --add-modules=jdk.incubator.vector 2>&1 | grep -E "^GemmBench" \
          | sed "s|^|round=$r jdk=$tag jar=$(basename "$jar") |" | tee -a "$out"
    done
  done
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$threads /usr/bin/python3 "$here/sgemm_torch.py" \
      128 256 512 1024 | sed "s|^|round=$r openblas |" | tee -a "$out"
done
