#!/usr/bin/env bash
# Coverage-guided fuzzing of the room-list reader (sowgen::input::read_bytes).
#   scripts/fuzz.sh [SECONDS]      default 900; crashes land in fuzz/artifacts/read_bytes/
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz uses -Z flags: the nightly toolchain
# is used when installed, otherwise stable with RUSTC_BOOTSTRAP=1.
# A crash becomes a regression test: copy the artifact into tests/fixtures/fuzz/ under a name
# that says what it is (cfb-* for xls structure refused before calamine) and run
# `cargo test --test fuzz_regressions`. `SOWGEN_FUZZ_SCAN=fuzz/corpus/read_bytes cargo test
# --test fuzz_regressions -- --nocapture` lists corpus inputs whose parser panic was caught.
set -euo pipefail
seconds="${1:-900}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

# Seeds: every sample and test fixture, whatever its format.
corpus="corpus/read_bytes"
mkdir -p "$corpus"
find "$root/samples" "$root/tests/fixtures" -type f \
    \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xls' -o -name '*.xlsb' -o -name '*.ods' -o -name '*.csv' \) \
    -exec cp -n {} "$corpus/" \; 2>/dev/null || true

# No sanitizer: the reader is safe Rust; what is hunted is panics, aborts, hangs and
# runaway memory, which libFuzzer's own limits catch. Debug assertions catch overflow.
cargo "${toolchain[@]}" fuzz run read_bytes --sanitizer none --debug-assertions --release "$corpus" -- \
    -max_total_time="$seconds" -jobs=1 -workers=1 -timeout=5 -rss_limit_mb=1024 \
    -max_len=1048576 -print_final_stats=1
