"""Runs a command several times and prints its median wall time and peak RSS.

Usage: measure.py RUNS LABEL -- COMMAND...   (prints one JSON line: label, runs, median_s, peak_rss_mb)
Each run is a fresh process; peak RSS is read from the kernel's accounting of that child alone.
"""
import json, os, statistics, subprocess, sys, tempfile, time

def run_once(cmd):
    # stderr goes to a file: a pipe nobody reads while the child runs would fill and stall it.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed: {err.read().decode(errors='replace')[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024.0  # ru_maxrss is in KiB on Linux

def main():
    runs, label, sep, *cmd = sys.argv[1:]
    assert sep == "--"
    results = [run_once(cmd) for _ in range(int(runs))]
    print(json.dumps({
        "label": label,
        "runs": int(runs),
        "median_s": statistics.median(r[0] for r in results),
        "peak_rss_mb": max(r[1] for r in results),
    }))

if __name__ == "__main__":
    main()
