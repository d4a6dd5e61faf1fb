# Set-up, run and test in one command each (see README "Quick start").
PYTHON ?= python3
FOLDER ?= resources/samples
# Debian packages the window needs on a bare machine
APP_PACKAGES = libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	fonts-dejavu-core
# ... and the tools the tests and benchmarks use
TEST_PACKAGES = ripgrep xvfb
# Each set-up step is done once: its stamp file says it was (redone when pyproject.toml
# changes; `make clean-setup` forgets them all).
STAMPS = .make
# The quick subset: no real corpus, nothing marked slow, and the modules that read the whole
# corpus or kill indexers twenty times.
QUICK = -m "not corpus and not slow" --ignore=tests/parser/test_whole_corpus.py \
	--ignore=tests/index/test_killed_twenty_times.py

# The suite in one process a core (pytest-xdist); the tests that share a costly session
# fixture (the real corpus indexed or parsed) run in one of them (tests/conftest.py).
PARALLEL = -n logical --dist loadgroup

.PHONY: run test test-quick setup setup-test system-packages clean-setup

run: $(STAMPS)/app
	@echo "make: opening $(FOLDER) in the window"
	$(PYTHON) -m reader "$(FOLDER)"

# the types first (mypy, configured in pyproject.toml: a few seconds), then every test
test: $(STAMPS)/test
	$(PYTHON) -m mypy
	$(PYTHON) -m pytest $(PARALLEL)

test-quick: $(STAMPS)/test
	$(PYTHON) -m pytest -q $(PARALLEL) $(QUICK)

setup: $(STAMPS)/app
setup-test: $(STAMPS)/test

$(STAMPS)/app: pyproject.toml
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(APP_PACKAGES)"
	@echo "make: installing the package and what the window needs (pip install -e .)"
	$(PYTHON) -m pip install --quiet -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/test: $(STAMPS)/app
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(TEST_PACKAGES)"
	@echo "make: installing the test tools (pip install -e '.[test]')"
	$(PYTHON) -m pip install --quiet -e '.[test]'
	@mkdir -p $(STAMPS) && touch $@

clean-setup:
	rm -rf $(STAMPS)

# Installs the missing Debian packages of PACKAGES when apt-get is there (as root, or with
# sudo); says which, or that none is missing.
PACKAGES ?= $(APP_PACKAGES) $(TEST_PACKAGES)
system-packages:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then \
		echo "make: the Debian packages needed are installed"; \
	elif command -v apt-get >/dev/null; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "make: installing the missing Debian packages:" $$missing; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "make: missing, and no apt-get to install them:" $$missing; \
	fi
