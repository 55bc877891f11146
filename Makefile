# watchfloor — the two commands a new machine needs are `make demo` and `make test`.
# Every install step lives here: CI runs `make test` on a clean clone (see .ci/run).

PYTHON  ?= python3
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.installed-$(shell cat requirements/lock.txt pyproject.toml | cksum | cut -d' ' -f1)
SHARED  ?= ../shared
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup demo demo-passes test lint unit bench train clean help

help:
	@echo "make demo   - set up, ingest the example corpus into build/demo.db, show its stories"
	@echo "make demo-passes - example satellite passes over example sites in Korea, and revisit"
	@echo "make test   - set up and run lint, type checks and the whole test suite"
	@echo "make bench  - PolNeAR dev accuracy, speed against bare spaCy, ledger throughput and latency,"
	@echo "              assess latency, overflight passes against Skyfield"
	@echo "make train  - retrain the attribution component from $(SHARED)/polnear/train"

setup: $(STAMP)

# The virtual environment, with every dependency pinned by hash (requirements/lock.txt,
# made by pip-compile --generate-hashes from pyproject.toml). -qq hides pip's warnings (this
# machine's pip.conf names local indexes that do not exist); errors still show.
$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --upgrade pip==25.3
	$(PY) -m pip install -qq --require-hashes -r requirements/lock.txt
	$(PY) -m pip install -qq --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $@

# The founding example and an invented corpus about the same event, ingested into a fresh
# SQLite ledger (build/demo.db); then the stories, the founding example's story, the sources,
# the example satellite passes over sites in Korea (demo-passes), and last the founding
# playbook's assessment as of the last article (2024-11-05).
DEMO_DB := sqlite:///build/demo.db
demo: setup
	mkdir -p build && rm -f build/demo.db build/demo.db-wal build/demo.db-shm
	$(VENV)/bin/watchfloor ingest examples/corpus/korea-russia.jsonl examples/seed-article.txt \
		--published 2024-10-22 --registry examples/sources.yaml --db $(DEMO_DB)
	$(VENV)/bin/watchfloor stories --db $(DEMO_DB)
	$(VENV)/bin/watchfloor story --document seed-article --db $(DEMO_DB)
	$(VENV)/bin/watchfloor sources --db $(DEMO_DB)
	$(MAKE) --no-print-directory demo-passes
	$(VENV)/bin/watchfloor assess --playbook playbooks/korea-russia.yaml --as-of 2024-11-05 \
		--db $(DEMO_DB)

# Overflights: a constructed example catalogue (examples/overflight/README.md) over example sites
# in South Korea from 2024-11-01: three days of usable imaging passes (optical and SAR), then
# each site's revisit by every satellite over a week.
OVERFLIGHT := --elements examples/overflight/catalog.json --sites examples/overflight/sites.yaml \
	--satellites examples/overflight/satellites.yaml --start 2024-11-01
demo-passes: setup
	$(VENV)/bin/watchfloor passes $(OVERFLIGHT) --days 3 --sensor optical --sensor sar
	$(VENV)/bin/watchfloor revisit $(OVERFLIGHT) --days 7

lint: setup
	$(VENV)/bin/ruff check src tests benchmarks training
	$(VENV)/bin/ruff format --check src tests benchmarks training
	$(VENV)/bin/mypy

unit: setup
	$(PY) -m pytest -q

test: lint unit

bench: setup
	$(PY) benchmarks/polnear_dev.py --gold $(SHARED)/polnear/dev
	$(PY) benchmarks/speed.py
	$(PY) benchmarks/ledger.py
	$(PY) benchmarks/assess.py --cache build/bench-cache
	$(PY) benchmarks/web.py --cache build/bench-cache
	$(PY) benchmarks/overflight.py

# About 28 minutes on one core: a 24-minute training clock after 2.5 minutes of parsing.
train: setup
	nice -n 10 $(PY) training/train_attribution.py --train $(SHARED)/polnear/train \
		--dev $(SHARED)/polnear/dev --output src/watchfloor/extraction/model

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
