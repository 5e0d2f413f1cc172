#!/usr/bin/env bash
# Benchmark: `sowgen check` and `sowgen build` against bench/baseline.py (openpyxl + python-docx +
# reportlab, the same job as a user would script it) on one generated campus-scale room list, on this
# machine, in one run. Usage: bench/run.sh [RUNS] [ROOMS] [BASELINE_RUNS]   (defaults 5, 10000, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ROOMS=${2:-10000}
BASELINE_RUNS=${3:-3}
OUT=bench/out
rm -rf "$OUT"
mkdir -p "$OUT"

echo "== building sowgen (release) and the campus generator"
cargo build --release --quiet --bin sowgen --example campus
./target/release/examples/campus "$OUT/campus.xlsx" "$ROOMS"

if [ ! -x bench/.venv/bin/python ]; then
  echo "== setting up the Python baseline's venv (bench/.venv)"
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install --quiet --disable-pip-version-check openpyxl python-docx reportlab
fi

measure() { python3 bench/measure.py "$@"; }
echo "== timing (median of runs; peak RSS is the largest of the runs)"
measure "$RUNS" check -- ./target/release/sowgen check "$OUT/campus.xlsx" > "$OUT/check.json"
measure "$RUNS" build -- ./target/release/sowgen build "$OUT/campus.xlsx" -o "$OUT/package" > "$OUT/build.json"
measure "$BASELINE_RUNS" baseline -- bench/.venv/bin/python bench/baseline.py "$OUT/campus.xlsx" "$OUT/baseline" > "$OUT/baseline.json"

echo "== the floor: inflate the input, deflate the package's bytes"
mkdir -p "$OUT/floor/parts"
for f in "$OUT"/package/*.xlsx "$OUT"/package/*.docx; do
  unzip -q -o "$f" -d "$OUT/floor/parts/$(basename "$f")"
done
find "$OUT/package" -type f ! -name '*.xlsx' ! -name '*.docx' -exec cp {} "$OUT/floor/parts/" \;
python3 - "$OUT" "$RUNS" <<'PY'
import json, os, statistics, subprocess, sys, time
out, runs = sys.argv[1], int(sys.argv[2])
def timed(cmd, **kw):
    start = time.perf_counter(); subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw); return time.perf_counter() - start
inflate = statistics.median(timed(["unzip", "-p", f"{out}/campus.xlsx"]) for _ in range(runs))
def deflate():
    target = os.path.abspath(f"{out}/floor/package.zip")
    if os.path.exists(target): os.remove(target)
    return timed(["zip", "-6", "-q", "-r", target, "."], cwd=f"{out}/floor/parts")
deflate_s = statistics.median(deflate() for _ in range(runs))
load = lambda n: json.load(open(f"{out}/{n}.json"))
check, build, base = load("check"), load("build"), load("baseline")
size = lambda p: os.path.getsize(p) if os.path.isfile(p) else sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(p) for f in fs)
floor = inflate + deflate_s
ok = lambda cond: "met" if cond else "NOT MET"
print()
print(f"machine: {os.cpu_count()} cores; input {size(f'{out}/campus.xlsx')/1e6:.2f} MB; "
      f"package {size(f'{out}/package')/1e6:.2f} MB; baseline output {size(f'{out}/baseline')/1e6:.2f} MB")
print(f"{'':10}{'median s':>10}{'peak RSS MB':>13}")
for r in (check, build, base):
    print(f"{r['label']:10}{r['median_s']:>10.3f}{r['peak_rss_mb']:>13.1f}")
print(f"{'floor':10}{floor:>10.3f}{'':>13}   (inflate input {inflate:.3f} s + deflate package {deflate_s:.3f} s)")
print()
speedup = base["median_s"] / build["median_s"]
print(f"build vs baseline: {speedup:.0f}x faster (target >= 100x: {ok(speedup >= 100)})")
print(f"build peak RSS: {build['peak_rss_mb']:.0f} MB (target <= 150 MB: {ok(build['peak_rss_mb'] <= 150)})")
print(f"check: {check['median_s']:.3f} s (target < 0.3 s: {ok(check['median_s'] < 0.3)})")
print(f"build vs floor: {build['median_s']/floor:.1f}x (target <= 3x: {ok(build['median_s'] <= 3 * floor)})")
print(f"baseline peak RSS: {base['peak_rss_mb']:.0f} MB")
PY
