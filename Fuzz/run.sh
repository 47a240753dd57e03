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
build() { swift build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -use-ld=lld --product HJ212Fuzz; }
# Coverage counters the binary registers: a few hundred means only main.swift is instrumented and the
# fuzzer would run blind (seen once in CI on a first build; a clean rebuild had all ~33,000).
counters() { .build/release/HJ212Fuzz -runs=0 2>&1 | sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -1; }
build
if [ "$(counters)" -lt 5000 ]; then
  echo "fuzz target has only $(counters) coverage counters; rebuilding it from scratch"
  rm -rf .build/release
  build
fi
[ "$(counters)" -ge 5000 ] || { echo "the fuzz target is not instrumented for coverage ($(counters) counters)" >&2; exit 1; }
echo "fuzz target instrumented: $(counters) coverage counters"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp Corpus/* "$work/"
.build/release/HJ212Fuzz "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$PWD/crash-" -print_final_stats=1
