# Backprop Lab: build, serve and test the page. Every target installs the
# tools it is missing first (scripts/setup.sh).

PORT ?= 8000

.PHONY: setup build serve test test-native test-wasm test-e2e bench

setup:
	scripts/setup.sh build

build: setup
	scripts/build.sh

serve: build
	node scripts/serve.mjs $(PORT)

# Every test layer in order; the last line counts passed and failed tests.
test:
	scripts/setup.sh test
	scripts/test.sh all

test-native:
	scripts/test.sh native

test-wasm:
	scripts/setup.sh test
	scripts/test.sh wasm

test-e2e:
	scripts/setup.sh test
	scripts/test.sh e2e

bench:
	cargo bench --bench train
