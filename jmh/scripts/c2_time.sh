#!/usr/bin/env bash
# C2's CPU time per compilation in one default `train` run (issue 9): the C2 compiler thread's
# perf samples (cpu-clock, 4 kHz) attributed to the compilation that LogCompilation says was
# running at that moment. Wall-clock stamps alone overstate a compilation's cost on two cores,
# where the compiler thread waits for a core behind the training threads.
#   jmh/scripts/c2_time.sh JAVA JAR [OUTDIR] [train flags...]
# Needs Linux perf (software events are enough). Prints the top 25 compilations and the total.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 JAVA JAR [OUTDIR] [train flags...]" >&2; exit 2; }
java=$1 jar=$2 out=${3:-$(mktemp -d)}
shift $(( $# >= 3 ? 3 : 2 ))
mkdir -p "$out"
perf record -q -e cpu-clock -F 4000 -o "$out/perf.data" -- "$java" -XX:+UnlockDiagnosticVMOptions \
  -XX:+LogCompilation -XX:LogFile="$out/compilation.log" --add-modules jdk.incubator.vector \
  -jar "$jar" train "$@" 2> /dev/null | tail -n 1
perf script -i "$out/perf.data" -F comm,time 2> /dev/null > "$out/samples.txt"
python3 - "$out" <<'PY'
import collections, re, sys
out = sys.argv[1]
log = open(out + "/compilation.log", errors="replace").read()
attrs = lambda s: dict(re.findall(r"(\w+)='([^']*)'", s))
levels = {}
for m in re.finditer(r"<task_queued ([^>]*)>", log):
    a = attrs(m.group(1))
    levels[a.get("compile_id")] = a.get("level", "4")     # C2 tasks carry no level attribute
tasks = []
for m in re.finditer(r"<task ([^>]*)>.*?<task_done([^>]*)>", log, re.S):
    a, d = attrs(m.group(1)), attrs(m.group(2))
    if levels.get(a.get("compile_id"), "4") == "4":
        tasks.append((float(a["stamp"]), float(d["stamp"]), a.get("compile_kind", ""), a.get("method", "")))
samples, first = [], None
for line in open(out + "/samples.txt"):
    m = re.match(r"\s*(.*?)\s+([\d.]+):", line)
    if not m:
        continue
    t = float(m.group(2))
    first = t if first is None else first               # the JVM's first sample ~ its start
    if m.group(1).startswith("C2 Compiler"):
        samples.append(t - first)
per, lost = collections.Counter(), 0
for s in samples:
    hit = next((t for t in tasks if t[0] - 0.003 <= s <= t[1] + 0.001), None)
    if hit:
        per[hit[2:]] += 1
    else:
        lost += 1
print("C2 thread: %.0f ms of CPU (%d samples), %.0f ms outside a logged compilation"
      % (len(samples) / 4, len(samples), lost / 4))
for (kind, method), n in per.most_common(25):
    print("%7.1f ms  %-3s %s" % (n / 4, kind, method[:100]))
PY
