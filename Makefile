# The two commands a newcomer needs:
#   make run    installs the Debian packages, builds, and audits examples/getclearance
#   make test   builds (a warnings-as-errors build and an ASan+UBSan build) and runs every test
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
CMAKE_FLAGS ?=

.PHONY: all deps build asan run test test-release test-asan fuzz-smoke corpus docs check-docs bench clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLEARANCE_WERROR=ON $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCLEARANCE_WERROR=ON -DCLEARANCE_SANITIZE=ON $(CMAKE_FLAGS)

asan: deps $(ASAN_BUILD)/CMakeCache.txt
	cmake --build $(ASAN_BUILD) -j $(JOBS)

# Exit code 1 means "findings at or above --fail-on", which is what the example shows.
run: build
	@./$(BUILD)/clearance check examples/getclearance; code=$$?; \
	  if [ $$code -gt 1 ]; then echo "clearance failed with exit code $$code" >&2; exit $$code; fi

test: test-release test-asan fuzz-smoke check-docs

test-release: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# Each fuzzer runs briefly on its seed corpus; `fuzz/README.md` says how to run them longer.
fuzz-smoke: deps
	@bash fuzz/run.sh smoke

# The generated rule documentation must match the rule metadata.
docs: build
	@bash scripts/gen-docs.sh $(BUILD)/clearance

check-docs: build
	@bash scripts/gen-docs.sh $(BUILD)/clearance --check

bench:
	@bash bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) build-release
