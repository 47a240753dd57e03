#!/usr/bin/env bash
# Builds the HJ 212 libFuzzer target with AddressSanitizer and runs it for a bounded time (default 60 s) on
# the seed corpus of real frames (Corpus/: the HJ 212 vectors and AllData lines; the first byte of each file
# sets the chunk size the input is fed in). Usage: Fuzz/run.sh [SECONDS]. A crash leaves its input in
# Fuzz/crash-*; replay it with `Fuzz/.build/release/HJ212Fuzz Fuzz/crash-…`.
# Linked with lld: with the default gold linker the coverage counters are never registered and libFuzzer
# runs blind ("no interesting inputs").
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
# SwiftPM passes --sanitize values as separate -sanitize flags in a varying order, and swiftc derives coverage
# from the last one only: "-sanitize=fuzzer -sanitize=address" compiles without coverage counters, and the
# fuzzer runs blind (seen in CI). The joined flag, given last, instruments every module whatever the order.
build() {
  swift build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    --product HJ212Fuzz
}
# Coverage counters the binary registers: a few hundred would mean the Swift code is not instrumented.
counters() { .build/release/HJ212Fuzz -runs=0 2>&1 | sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -1; }
build
[ "$(counters)" -ge 5000 ] || { echo "the fuzz target is not instrumented for coverage ($(counters) counters)" >&2; exit 1; }
echo "fuzz target instrumented: $(counters) coverage counters"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Corpus/* "$work/"
.build/release/HJ212Fuzz "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$PWD/crash-" -print_final_stats=1
