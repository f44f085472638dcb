# The two commands of the README: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
# Resolved at each use, so a uv installed by `bootstrap` in the same run is found.
UV = $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")

.PHONY: demo test bootstrap sync labelstudio-env lint bench fuzz audit eval

bootstrap:
	@command -v uv >/dev/null 2>&1 || [ -x "$(UV)" ] || python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

sync: bootstrap
	@$(UV) sync --quiet --all-extras --compile-bytecode

labelstudio-env: sync
	@$(UV) run --quiet workbench labelstudio install

demo: labelstudio-env
	@$(UV) run workbench demo

test: labelstudio-env
	@scripts/system-deps.sh
	@scripts/with-postgres.sh $(UV) run pytest -q $(PYTEST_ARGS)

# The fuzz tests at full size (10,000 examples per target; `make test` runs them small).
fuzz: sync
	@WORKBENCH_FUZZ=1 $(UV) run pytest -q -p no:cacheprovider --hypothesis-show-statistics \
		tests/reliability/test_fuzz.py $(PYTEST_ARGS)

# Known vulnerabilities in the locked dependencies (pip-audit against PyPI; see scripts/audit.py).
audit: sync
	@$(UV) run --quiet python scripts/audit.py

lint: sync
	@$(UV) run ruff check . && $(UV) run ruff format --check .

bench: sync
	@$(UV) run python -m benchmarks

# Labelled evaluation of the checks on the SaudiNewsNet corpus (skipped when it is absent).
eval: sync
	@$(UV) run python -m benchmarks.quality
	@$(UV) run python -m benchmarks.quality.cross_article
