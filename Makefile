# 青山 Qingshan. `make run` starts the platform, `make test` runs every test (PostgreSQL included).
SWIFT ?= swift
.PHONY: run build release test bench clean

run:
	scripts/install-deps.sh run
	$(SWIFT) build --product qingshan
	.build/debug/qingshan serve

build:
	$(SWIFT) build --build-tests

release:
	$(SWIFT) build -c release --product qingshan

# The process tests run the built `qingshan` binary, so build it before the test run.
test:
	scripts/install-deps.sh test
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test --skip-build

bench: release
	scripts/install-deps.sh bench
	scripts/with-postgres.sh scripts/bench-foundation.sh

clean:
	rm -rf .build qingshan-data
