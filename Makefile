# jointenv — this Makefile only wraps CMake. See README.md.
BUILD      ?= build
TEST_BUILD ?= build-test
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DB         ?= jointenv.db
PREFIX     ?= /usr/local

.PHONY: all build demo test bench install clean bootstrap

all: build

bootstrap:
	@scripts/bootstrap

$(BUILD)/CMakeCache.txt:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DJE_TESTS=OFF >/dev/null

build: bootstrap $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j $(JOBS)
	@test -x $(BUILD)/jointenv

# Build, create ./jointenv.db, load the Sichuan–Chongqing demo, print the water and
# air assessments, the 2022 heavy-pollution alerts and a first-quarter stop plan for
# the cement clinker lines, settle the 2022 ecological compensation, then serve the dashboard on http://127.0.0.1:8080/.
demo: build
	@rm -f $(DB) $(DB)-wal $(DB)-shm
	@$(BUILD)/jointenv --db $(DB) demo
	@$(BUILD)/jointenv --db $(DB) water assess --period 2022 --level all --format table
	@echo
	@echo "Dry season: boundary sections in 2022-Q1"
	@$(BUILD)/jointenv --db $(DB) water assess --period 2022-Q1 --boundary-only --format table
	@echo
	@$(BUILD)/jointenv --db $(DB) air assess --year 2022 --format table
	@echo
	@$(BUILD)/jointenv --db $(DB) air alerts --from 2022-01-01 --to 2022-12-31 --format table
	@echo
	@$(BUILD)/jointenv --db $(DB) stagger plan --from 2023-01-01 --to 2023-03-31 \
	    --solver heuristic --met data/demo/chengyu/met_2022-winter.csv \
	    --demand data/demo/chengyu/clinker_demand.csv --format table
	@echo
	@echo "Ecological compensation 2022 (Chongqing 2018 rule), settled into the ledger:"
	@$(BUILD)/jointenv --db $(DB) compensation settle --year 2022 >/dev/null
	@$(BUILD)/jointenv --db $(DB) compensation ledger --format table
	@echo
	@echo "Dashboard: http://127.0.0.1:8080/ (Ctrl-C stops the server)"
	@$(BUILD)/jointenv --db $(DB) serve --port 8080

# ASan+UBSan build of everything, then the whole suite under ctest.
test: bootstrap
	@cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DJE_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_BUILD) -j $(JOBS)
	@cd $(TEST_BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@cmake --build $(BUILD) --target benchmarks -j $(JOBS)
	@bench/run.sh $(BUILD)

install: build
	@cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	@rm -rf $(BUILD) $(TEST_BUILD)
