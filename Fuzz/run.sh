#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for a bounded time (default 60 s):
# HJ212Fuzz on real frames (Corpus/: the HJ 212 vectors and AllData lines; the first byte of each file sets the
# chunk size), QueryFuzz on SensorThings query options (QueryCorpus/), InputFuzz on RFC 3339, CSV lines,
# profile YAML and split uploads (InputCorpus/). Usage: Fuzz/run.sh [SECONDS] [TARGET…]. A crash leaves its
# input in Fuzz/crash-TARGET-*; replay it with `Fuzz/.build/release/TARGET Fuzz/crash-TARGET-…`.
# Linked with lld: with the default gold linker the coverage counters are never registered and libFuzzer
# runs blind ("no interesting inputs").
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(HJ212Fuzz QueryFuzz InputFuzz)
# SwiftPM passes --sanitize values as separate -sanitize flags in a varying order, and swiftc derives coverage
# from the last one only: "-sanitize=fuzzer -sanitize=address" compiles without coverage counters, and the
# fuzzer runs blind (seen in CI). The joined flag, given last, instruments every module whatever the order.
build() {
  swift build -c release --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    --product "$1"
}
# Coverage counters a binary registers: a few hundred would mean the Swift code is not instrumented.
counters() { .build/release/"$1" -runs=0 2>&1 | sed -n 's/.*(\([0-9]*\) inline 8-bit counters).*/\1/p' | head -1; }
corpus() {
  case "$1" in
    HJ212Fuzz) echo Corpus ;;
    QueryFuzz) echo QueryCorpus ;;
    InputFuzz) echo InputCorpus ;;
  esac
}
for target in "${targets[@]}"; do build "$target"; done
for target in "${targets[@]}"; do
  [ "$(counters "$target")" -ge 5000 ] || { echo "$target is not instrumented for coverage ($(counters "$target") counters)" >&2; exit 1; }
  echo "$target instrumented: $(counters "$target") coverage counters"
  work="$(mktemp -d)"
  cp "$(corpus "$target")"/* "$work/"
  rm -f "$work/README"
  .build/release/"$target" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="$PWD/crash-$target-" -print_final_stats=1
  rm -rf "$work"
done
