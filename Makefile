# The two commands: `make run` serves the gateway, `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test fuzz lint ledger browser-tools clock-tools cluster-tools mysql-driver bench-tools bench-copy bench-gateway \
	bench-login bench-http bench-scale bench-loop

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python -m cronjobs serve --host 127.0.0.1 --port 8000

test: $(STAMP) browser-tools clock-tools cluster-tools
	$(BIN)/python -m pytest -n auto test tests_fastapi
	$(MAKE) lint

# The fuzzers of `make test`, run longer (some minutes; README, "Tests"): schemathesis with 500
# examples per operation and 125 stateful scenarios, the differential fuzz with 5000 requests.
fuzz: $(STAMP)
	FUZZ_EXAMPLES=500 DIFF_EXAMPLES=5000 $(BIN)/python -m pytest -p no:xdist -q \
		tests_fastapi/test_schemathesis.py tests_fastapi/parity/test_differential_fuzz.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	CUTOVER_DEFAULT=flask $(BIN)/python -m cronjobs ledger --check

ledger: $(STAMP)
	CUTOVER_DEFAULT=flask $(BIN)/python -m cronjobs ledger --write

# Debian's chromium, which the dashboard's browser test drives through Playwright (Playwright's
# own browser download needs a network the machines do not have).
browser-tools:
	test -x /usr/bin/chromium || \
		(apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

# The reference programs bench/migrate_data.py compares against (sqlite3, pgloader, psql, and
# mysql and mysqldump for its MySQL paths), and the load generator of bench/http_twins.py (Debian
# packages).
# Debian's nginx: the cluster tests serve deploy/'s site with it.
cluster-tools:
	test -x /usr/sbin/nginx || (apt-get update && apt-get install -y --no-install-recommends nginx-light)

# libfaketime's `faketime`: the lease tests run a host whose clock is minutes off.
clock-tools:
	command -v faketime >/dev/null || (apt-get update && apt-get install -y faketime)

# mysqlclient, the MySQL driver the engines prefer (src/cronjobs/storage/mysql.py), builds
# against the client library: Debian's libmariadb-dev serves MySQL and MariaDB servers alike.
mysql-driver: $(STAMP)
	pkg-config --exists libmariadb || pkg-config --exists mysqlclient || \
		(apt-get update && apt-get install -y --no-install-recommends \
			libmariadb-dev pkg-config gcc python3-dev)
	$(BIN)/python -m pip install --quiet -e '.[dev,mysql]'

bench-tools:
	command -v sqlite3 >/dev/null && command -v pgloader >/dev/null || \
		(apt-get update && apt-get install -y sqlite3 pgloader)
	command -v psql >/dev/null || (apt-get update && apt-get install -y postgresql-client)
	command -v mysql >/dev/null && command -v mysqldump >/dev/null || \
		(apt-get update && apt-get install -y mariadb-client)
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)

bench-copy: $(STAMP) bench-tools
	$(BIN)/python bench/migrate_data.py

# The gateway's own cost per request, shadow off and on, in-process (bench/README.md).
bench-gateway: $(STAMP)
	$(BIN)/python bench/gateway_overhead.py

# Login throttling on a real `serve`: a guessing run and a login's cost, off vs on (bench/README.md).
bench-login: $(STAMP)
	$(BIN)/python bench/login_throttle.py

# Flask vs FastAPI twins over real HTTP, pinned server and wrk, gunicorn/Granian references
# (bench/README.md). BENCH_HTTP_ARGS="--postgres postgresql://..." adds PostgreSQL.
bench-http: $(STAMP) bench-tools
	$(BIN)/python bench/http_twins.py $(BENCH_HTTP_ARGS)

# Single reads on 10,000 jobs and 1,000,000 executions, Flask vs FastAPI (bench/README.md).
# SCALE_POSTGRES=postgresql://... (an empty database) times PostgreSQL too.
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py $(if $(SCALE_POSTGRES),--postgres $(SCALE_POSTGRES))

# GET /api/health's latency while 8 clients log in, against idle, FastAPI and Flask paths, server
# pinned to one core (bench/README.md). BENCH_LOOP_ARGS="--seconds 10 --rounds 5" runs longer.
bench-loop: $(STAMP)
	$(BIN)/python bench/loop_block.py $(BENCH_LOOP_ARGS)
