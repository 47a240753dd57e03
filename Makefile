# 青山 Qingshan. `make run` starts the platform, `make test` runs every test (PostgreSQL included).
SWIFT ?= swift
.PHONY: run build release test fuzz bench clean

# `make run ARGS=--demo` starts it with the demo's simulated loggers.
ARGS ?=
run:
	scripts/install-deps.sh run
	$(SWIFT) build --product qingshan
	.build/debug/qingshan serve $(ARGS)

build:
	$(SWIFT) build --build-tests

release:
	$(SWIFT) build -c release --product qingshan

# The process tests run the built `qingshan` binary, so build it before the test run.
test:
	scripts/install-deps.sh test
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Fuzz/Sources Package.swift Fuzz/Package.swift
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test --skip-build
	scripts/check/standards.sh
	scripts/check/live-server.sh
	scripts/check/console-browser.sh

# libFuzzer on the HJ 212 framer, the SensorThings query options and the other outside inputs, FUZZ_SECONDS
# each (CI runs them after the tests).
FUZZ_SECONDS ?= 60
fuzz:
	Fuzz/run.sh $(FUZZ_SECONDS)

bench: release
	scripts/install-deps.sh bench
	scripts/with-postgres.sh scripts/bench-foundation.sh

clean:
	rm -rf .build qingshan-data
