#!/usr/bin/env bash
# Before/after: runs the steady-state benchmarks from two benchmark jars, alternating old and new
# within each round (same machine, same hour), on each JDK given; JSON results go to OUTDIR.
#   jmh/scripts/compare_jars.sh OLD.jar NEW.jar OUTDIR ROUNDS JAVA [JAVA ...]
# then: python3 jmh/scripts/compare_table.py OUTDIR
# The training steps run one fork of 30 s warm-up (the wide net's kernels compile late); the
# inference benchmarks two forks, since a fork's JIT decisions move them by up to 40 %.
set -euo pipefail
old=$1 new=$2 out=$3 rounds=$4
shift 4
mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for java in "$@"; do
    v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    for side in old new; do
      jar=$old; [ "$side" = new ] && jar=$new
      "$java" -jar "$jar" TrainStepBench -p threads=1 -f 1 -jvmArgsAppend --add-modules=jdk.incubator.vector \
        -rf json -rff "$out/r$round-jdk$v-$side-train.json" > "$out/r$round-jdk$v-$side-train.log" 2>&1
      "$java" -jar "$jar" InferenceBench -f 1 -jvmArgsAppend --add-modules=jdk.incubator.vector \
        -rf json -rff "$out/r$round-jdk$v-$side-infer.json" > "$out/r$round-jdk$v-$side-infer.log" 2>&1
      echo "round $round jdk $v $side done"
    done
  done
done
