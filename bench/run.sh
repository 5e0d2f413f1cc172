#!/usr/bin/env bash
# Benchmark (issue 19): sowgen against the Python stack and against the floor, on one generated
# campus-scale room list and its next revision, on this machine, in one run.
#   bench/run.sh [RUNS] [ROOMS] [BASELINE_RUNS]     defaults 5, 11040, 1
# Prints each command's median wall time and peak RSS, then each target, met or by how much not.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ROOMS=${2:-11040}
BASELINE_RUNS=${3:-1}
OUT=bench/out
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== building sowgen (release), the campus generator, calamine's bare read and the floor"
cargo build --release --quiet --bin sowgen --example campus --example sheet_read --example floor
./target/release/examples/campus "$OUT/campus.xlsx" "$ROOMS"
./target/release/examples/campus "$OUT/campus-rev.xlsx" "$ROOMS" --revision

if [ ! -x bench/.venv/bin/python ]; then
  echo "== setting up the Python baseline's venv (bench/.venv)"
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet --disable-pip-version-check openpyxl python-docx reportlab
fi
PY=bench/.venv/bin/python

measure() { python3 bench/measure.py "$@"; }
echo "== timing (median of runs; peak RSS is the largest of the runs)"
S=./target/release/sowgen
measure "$RUNS" check -- $S check "$OUT/campus.xlsx" > "$OUT/check.json"
measure "$RUNS" calamine -- ./target/release/examples/sheet_read "$OUT/campus.xlsx" > "$OUT/calamine.json"
measure "$RUNS" openpyxl -- $PY bench/openpyxl_read.py "$OUT/campus.xlsx" > "$OUT/openpyxl.json"
measure "$RUNS" build -- $S build "$OUT/campus.xlsx" -o "$OUT/package" > "$OUT/build.json"
measure "$RUNS" diff -- $S diff "$OUT/campus.xlsx" "$OUT/campus-rev.xlsx" -o "$OUT/change-order" > "$OUT/diff.json"
measure "$BASELINE_RUNS" baseline -- $PY bench/baseline.py "$OUT/campus.xlsx" "$OUT/baseline" > "$OUT/baseline.json"
echo "== the floor: inflate the input, deflate the package's parts over every core"
./target/release/examples/floor "$OUT/campus.xlsx" "$OUT/package" "$RUNS" > "$OUT/floor.json"

python3 - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
load = lambda n: json.load(open(f"{out}/{n}.json"))
r = {n: load(n) for n in ("check", "calamine", "openpyxl", "build", "diff", "baseline")}
floor = load("floor")
floor_s = floor["inflate_s"] + floor["deflate_s"]
size = lambda p: os.path.getsize(p) if os.path.isfile(p) else sum(
    os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs)
lines = json.load(open(f"{out}/package/estimate.json"))["lines"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
print()
print(f"machine: {os.cpu_count()} cores ({cpu}); input {size(f'{out}/campus.xlsx')/1e6:.2f} MB, "
      f"{len(lines):,} line items; package {size(f'{out}/package')/1e6:.1f} MB")
print(f"{'':10}{'median s':>10}{'peak RSS MB':>13}")
for n in ("check", "calamine", "openpyxl", "build", "diff", "baseline"):
    print(f"{n:10}{r[n]['median_s']:>10.3f}{r[n]['peak_rss_mb']:>13.1f}")
print(f"{'floor':10}{floor_s:>10.3f}{'':>13}   (inflate input {floor['inflate_s']:.3f} s + deflate "
      f"{floor['deflated_mb']:.0f} MB of parts at level 1 on {floor['cores']} cores {floor['deflate_s']:.3f} s)")
print()
def target(text, value, goal, ok):
    print(f"{text}: {value} (target {goal}: {'met' if ok else 'NOT MET'})")
b, c = r["build"], r["check"]
x = r["baseline"]["median_s"] / b["median_s"]
target("build vs baseline.py", f"{x:.0f}x faster", ">= 100x", x >= 100)
target("build peak RSS", f"{b['peak_rss_mb']:.0f} MB", "<= 150 MB", b["peak_rss_mb"] <= 150)
x = r["openpyxl"]["median_s"] / c["median_s"]
target("check vs openpyxl read-only load", f"{x:.1f}x faster", ">= 10x", x >= 10)
x = c["median_s"] / r["calamine"]["median_s"]
target("check vs calamine's bare read", f"{x:.1f}x its time", "<= 3x", x <= 3)
t, m = r["diff"]["median_s"] / b["median_s"], r["diff"]["peak_rss_mb"] / b["peak_rss_mb"]
target("diff vs build", f"{t:.2f}x the time, {m:.2f}x the memory", "<= 2x both", t <= 2 and m <= 2)
x = b["median_s"] / floor_s
target("build vs the floor", f"{x:.2f}x", "<= 2x", x <= 2)
PY
