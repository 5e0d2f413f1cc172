#!/usr/bin/env bash
# Coverage-guided fuzzing of what sowgen reads from users:
#   scripts/fuzz.sh [TARGET] [SECONDS]     TARGET: read_bytes (default), catalog, project_file,
#                                          templates; SECONDS default 900
# Crashes land in fuzz/artifacts/TARGET/.
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz uses -Z flags: the nightly toolchain
# is used when installed, otherwise stable with RUSTC_BOOTSTRAP=1.
# A crash becomes a regression test: copy the artifact into tests/fixtures/fuzz/ under a name
# that says what it is (cfb-* for xls structure refused before calamine; catalog-*, project-*,
# template-* for the text targets) and run `cargo test --test fuzz_regressions`.
# `SOWGEN_FUZZ_SCAN=fuzz/corpus/read_bytes cargo test --test fuzz_regressions -- --nocapture`
# lists corpus inputs whose parser panic was caught.
set -euo pipefail
target="read_bytes"
if [[ $# -gt 0 && ! "$1" =~ ^[0-9]+$ ]]; then
    target="$1"
    shift
fi
seconds="${1:-900}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root/fuzz"

toolchain=()
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=(+nightly)
else
    export RUSTC_BOOTSTRAP=1
fi

# Seeds: the shipped files of the kind the target reads, and the regression fixtures.
corpus="corpus/$target"
mkdir -p "$corpus"
case "$target" in
    read_bytes)
        find "$root/samples" "$root/tests/fixtures" -type f \
            \( -name '*.xlsx' -o -name '*.xlsm' -o -name '*.xls' -o -name '*.xlsb' -o -name '*.ods' -o -name '*.csv' \) \
            -exec cp -n {} "$corpus/" \; 2>/dev/null || true
        ;;
    catalog)
        cp -n "$root/templates/catalog.toml" "$root/tests/fixtures/hand-worked-catalog.toml" "$corpus/"
        find "$root/tests/fixtures/fuzz" -name 'catalog-*' -exec cp -n {} "$corpus/" \;
        ;;
    project_file)
        printf 'name = "West Tower"\nfacility = "Mercy"\napproved_budget = "185000.50"\ntarget_go_live = "2027-09-01"\nholidays = ["2027-07-05"]\n' \
            > "$corpus/seed.toml"
        find "$root/tests/fixtures/fuzz" -name 'project-*' -exec cp -n {} "$corpus/" \;
        ;;
    templates)
        # The first byte chooses which template the text replaces.
        { printf '\x00'; cat "$root/templates/scope-of-work.hbs"; } > "$corpus/sow.hbs"
        { printf '\x01'; cat "$root/templates/bid-package.hbs"; } > "$corpus/bid.hbs"
        find "$root/tests/fixtures/fuzz" -name 'template-*' -exec cp -n {} "$corpus/" \;
        ;;
esac
dict=()
[[ -f "dict/$target.dict" ]] && dict=(-dict="dict/$target.dict")

# No sanitizer: the code is safe Rust; what is hunted is panics, aborts (a stack overflow is
# one), hangs and runaway memory, which libFuzzer's own limits catch. Debug assertions catch
# overflow.
cargo "${toolchain[@]}" fuzz run "$target" --sanitizer none --debug-assertions --release "$corpus" -- \
    -max_total_time="$seconds" -jobs=1 -workers=1 -timeout=5 -rss_limit_mb=1024 \
    -max_len=1048576 -print_final_stats=1 "${dict[@]}"
