#!/usr/bin/env bash
# The output folder's hostile cases, run against a built binary, with exit code, wall time and peak
# RSS for each (GNU time). Usage: scripts/output-hostile.sh [SOWGEN] [BIG_LIST]
#   SOWGEN    the binary (default target/release/sowgen)
#   BIG_LIST  a large room list for the signal cases (default: a 10,000-room CSV written here)
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/release/sowgen}")
SAMPLES=$(realpath samples)
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
TIME=/usr/bin/time

if [ -n "${2:-}" ]; then
    BIG=$(realpath "$2")
else
    BIG=$W/big.csv
    python3 - "$BIG" <<'EOF'
import sys
types = ["Patient Room", "Exam Room", "Nurse Station", "Office", "Conference Room", "ICU Patient Room"]
with open(sys.argv[1], "w") as f:
    f.write("Room Number,Room Name,Room Type,IDF,Data Drops,Wireless APs,Workstations,Phones\n")
    for i in range(10000):
        f.write(f"{1000 + i},Room {i},{types[i % len(types)]},IDF-{i // 150},4,1,2,1\n")
EOF
fi

# run NAME CWD ARGS...: one line with the exit code, seconds and peak RSS, and the first stderr line.
run() {
    local name=$1 cwd=$2
    shift 2
    local out
    out=$(cd "$cwd" && "$TIME" -f "%e %M" "$BIN" "$@" 2>&1 >/dev/null)
    local rc=$?
    local t
    t=$(printf '%s\n' "$out" | tail -1)
    printf '%-34s exit %-3s %6ss %7s KB  %s\n' "$name" "$rc" "${t% *}" "${t#* }" \
        "$(printf '%s\n' "$out" | grep -m1 -E 'error|will not' | cut -c1-110)"
}

# A snapshot of a tree: paths, kinds and hashes, to show a refusal changed nothing.
tree_hash() { (cd "$1" && find . -printf '%p %y %s\n' | sort && find . -type f -exec sha256sum {} + | sort) | sha256sum; }

P=$W/project
mkdir -p "$P/drawings" "$W/empty" "$W/lists"
cp "$SAMPLES/west-tower-rev-a.xlsx" "$SAMPLES/west-tower-rev-b.xlsx" "$P/"
echo notes >"$P/meeting-notes.docx"
echo drawing >"$P/drawings/level-3.pdf"
cp "$SAMPLES/clinic-fitout.xlsx" "$W/lists/"
ln -s "$P" "$W/link-to-project"
echo "the user's workbook" >"$W/budget.xlsx"
mkdir "$W/reports" && echo q3 >"$W/reports/q3.docx"
"$BIN" init "$W/mine" >/dev/null
"$BIN" build -o "$W/pkg-added" "$W/lists/clinic-fitout.xlsx" >/dev/null
echo markup >"$W/pkg-added/bid-packages/markup.pdf"
"$BIN" build -o "$W/pkg-edited" "$W/lists/clinic-fitout.xlsx" >/dev/null
printf 'X' | dd of="$W/pkg-edited/rooms.csv" bs=1 seek=10 conv=notrunc 2>/dev/null

before=$(tree_hash "$W")
L=$W/lists/clinic-fitout.xlsx
echo "== refusals (each must exit 1 and change nothing)"
run "holds the room list" / build "$P/west-tower-rev-a.xlsx" -o "$P"
run "ancestor of the room list" / build "$P/west-tower-rev-a.xlsx" -o "$W"
run "link to the room list's folder" / build "$P/west-tower-rev-a.xlsx" -o "$W/link-to-project"
run "the current directory (empty)" "$W/empty" build "$L" -o .
run "holds the current directory" "$W/empty" build "$L" -o ..
run "an existing file" / build "$L" -o "$W/budget.xlsx"
run "a folder sowgen did not write" / build "$L" -o "$W/reports"
run "a package with a file added" / build "$L" -o "$W/pkg-added"
run "a package with a file edited" / build "$L" -o "$W/pkg-edited"
run "diff into the old revision's folder" / diff "$P/west-tower-rev-a.xlsx" "$P/west-tower-rev-b.xlsx" -o "$P"
run "the --templates folder" / build "$L" --templates "$W/mine/templates" -o "$W/mine/templates"
run "inside the --templates folder" / build "$L" --templates "$W/mine/templates" -o "$W/mine/templates/out"
after=$(tree_hash "$W")
[ "$before" = "$after" ] && echo "tree unchanged by the refusals: yes" || echo "tree unchanged by the refusals: NO"

echo "== replacing an earlier package"
run "first build (clinic)" / build "$L" -o "$W/pkg"
run "rebuild over it (clinic)" / build "$L" -o "$W/pkg"
run "first build (big list)" / build "$BIG" -o "$W/big-pkg"
run "rebuild over it (big list)" / build "$BIG" -o "$W/big-pkg"

# signal NAME SIG WAIT: start a build of the big list over $W/pkg, send SIG once it is writing.
signal_case() {
    local name=$1 sig=$2
    local before_pkg
    before_pkg=$(tree_hash "$W/pkg")
    local start
    start=$(date +%s.%N)
    "$TIME" -f "%e %M" -o "$W/time.txt" "$BIN" build "$BIG" -o "$W/pkg" >/dev/null 2>&1 &
    local tpid=$!
    local child=""
    for _ in $(seq 1 3000); do
        child=$(ps -o pid= --ppid "$tpid" | tr -d ' ')
        if [ -n "$child" ] && ls -d "$W"/.pkg.sowgen-staging-* >/dev/null 2>&1; then
            break
        fi
        sleep 0.01
    done
    sleep 0.3
    kill -s "$sig" "$child"
    wait "$tpid"
    local rc
    rc=$(grep -o -E 'non-zero status [0-9]+|terminated by signal [0-9]+' "$W/time.txt" || true)
    rc=${rc/non-zero status /}
    rc=${rc/terminated by signal /sig}
    [ -z "$rc" ] && rc=0
    local t
    t=$(tail -1 "$W/time.txt")
    local left
    left=$(ls -d "$W"/.pkg.sowgen-staging-* 2>/dev/null | wc -l)
    local same=no
    [ "$(tree_hash "$W/pkg")" = "$before_pkg" ] && same=yes
    printf '%-34s exit %-6s %6ss %7s KB  staging left: %s; earlier package intact: %s\n' \
        "$name" "$rc" "${t% *}" "${t#* }" "$left" "$same"
}
echo "== signals mid-build (big list over the clinic package)"
signal_case "SIGTERM mid-build" TERM
signal_case "SIGINT (Ctrl-C) mid-build" INT
signal_case "SIGKILL mid-build" KILL
run "the next build after SIGKILL" / build "$L" -o "$W/pkg"
echo "staging left after it: $(ls -d "$W"/.pkg.sowgen-staging-* 2>/dev/null | wc -l)"

echo "== eight builds into one folder at once"
start=$(date +%s.%N)
for i in 1 2 3 4 5 6 7 8; do
    if [ $((i % 2)) = 0 ]; then f=$L; else f=$P/west-tower-rev-a.xlsx; fi
    "$TIME" -f "%e %M" -o "$W/c$i.txt" "$BIN" build "$f" -o "$W/conc" >/dev/null 2>&1 &
done
wait
end=$(date +%s.%N)
codes=$(for i in 1 2 3 4 5 6 7 8; do grep -q -E 'non-zero status|terminated' "$W/c$i.txt" && echo failed || echo 0; done | sort | uniq -c | tr '\n' ' ')
peak=$(for i in 1 2 3 4 5 6 7 8; do tail -1 "$W/c$i.txt" | cut -d' ' -f2; done | sort -n | tail -1)
printf '8 concurrent builds: exit codes (0=ok) %s; all done in %.2fs; peak RSS of one %s KB\n' \
    "$codes" "$(python3 -c "print($end - $start)")" "$peak"
python3 - "$W/conc" <<'EOF'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, ".sowgen-manifest.json")))
listed = {e["path"]: e for e in m["files"]}
found = set()
for root, _, files in os.walk(d):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), d).replace(os.sep, "/")
        if rel == ".sowgen-manifest.json":
            continue
        e = listed[rel]
        b = open(os.path.join(root, f), "rb").read()
        assert len(b) == e["size"] and hashlib.sha256(b).hexdigest() == e["sha256"], rel
        found.add(rel)
assert found == set(listed), set(listed) ^ found
print(f"manifest matches the {len(found)} files of the one package left")
EOF
echo "staging left: $(ls -d "$W"/.conc.sowgen-staging-* 2>/dev/null | wc -l)"
