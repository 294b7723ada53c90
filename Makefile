# The two commands a newcomer needs: `make demo` and `make test`. Both install what is missing first.
SHELL := /bin/bash
SWIFT ?= swift
TEST_RUN := $(CURDIR)/.test-run
DEMO := $(CURDIR)/.demo

.PHONY: all deps build test demo demo-stop bench content golden clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

# The content bundle from the shipped content folder (checked on the way).
content: build
	.build/debug/kioskctl content build kiosk-config/content -o .build/content.sqlite

# The slip of every path through the shipped content, as text in Tests/Golden/slips. Run after changing content
# or the engine, and review the diff: it is what residents will take home. `make test` fails until they match.
golden: build
	rm -rf Tests/Golden/slips
	.build/debug/kioskctl content paths kiosk-config/content --slips Tests/Golden/slips

# Unit and end-to-end tests against real parts: a private cupsd (started here, stopped on exit), SQLite files,
# the center on loopback. Then the programs themselves, the way a technician runs them.
test: deps
	@rm -rf $(TEST_RUN) && mkdir -p $(TEST_RUN)
	@set -e; \
	trap 'scripts/test-cupsd.sh stop $(TEST_RUN)/cups >/dev/null 2>&1 || true' EXIT; \
	cups_env=$$(scripts/test-cupsd.sh start $(TEST_RUN)/cups); eval "$$cups_env"; \
	$(SWIFT) build --build-tests; \
	$(SWIFT) test --skip-build; \
	scripts/cli-smoke-test.sh $(TEST_RUN)/cli

demo: build
	@scripts/demo.sh start

demo-stop:
	@scripts/demo.sh stop

bench: deps
	$(SWIFT) run -c release kiosk-bench

clean:
	rm -rf .build $(TEST_RUN) $(DEMO)
