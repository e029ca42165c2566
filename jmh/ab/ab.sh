#!/usr/bin/env bash
# In-process A/B timing of library versions (see AB.java for why and what it prints).
#   jmh/ab/ab.sh RUNNER ROUNDS CALLS NAME=CLASSPATH[@RUNNER] [NAME=CLASSPATH[@RUNNER] ...]
# RUNNER: a folder of jmh/ab/runners (single, batch, step, gemm, tile, spin; single-v1, batch-v1
# and step-v1 are the same against simdnet 0.1's API, e.g. old=/path/to/0.1/classes@single-v1);
# CLASSPATH: a simdnet jar or classes folder (spin needs none: give "-"). JAVA picks the JVM.
# Example, the current tree against a copy of an older build, on JDK 17 and 25:
#   for JAVA in /usr/lib/jvm/java-17-openjdk-amd64/bin/java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java; do
#     JAVA=$JAVA jmh/ab/ab.sh single 40 1000000 before=/tmp/old-classes after=target/classes; done
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
java=${JAVA:-java}
javac=$(dirname "$(readlink -f "$(command -v "$java")")")/javac
runner=$1 rounds=$2 calls=$3
shift 3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$javac" -d "$work" "$here/AB.java"
class=Runner
[ "$runner" = tile ] && class=org.simdnet.kernel.TileRunner
versions=()
for v in "$@"; do
  name=${v%%=*} cp=${v#*=} own=$runner
  if [[ $cp == *@* ]]; then own=${cp##*@}; cp=${cp%@*}; fi
  mkdir -p "$work/$name"
  if [ "$cp" = - ]; then cp=$work/$name; fi
  "$javac" --add-modules jdk.incubator.vector -nowarn -cp "$cp" -d "$work/$name" "$here/runners/$own"/*.java 2>&1 \
      | grep -v -i "warning\|incubat" || true
  versions+=("$name=$work/$name:$cp")
done
"$java" --add-modules jdk.incubator.vector -Drunner=$class -cp "$work" AB "$rounds" "$calls" "${versions[@]}" 2>&1 \
    | grep -v "^WARNING: Using incubator"
