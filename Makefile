# Set-up, run and test in one command each (see README "Quick start").
PYTHON ?= python3
FOLDER ?= resources/samples
# Debian packages Qt needs on a bare machine, and the tools the tests and benchmarks use
SYSTEM_PACKAGES = libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 \
	fonts-dejavu-core ripgrep xvfb

.PHONY: run test setup system-packages

run: setup
	$(PYTHON) -m reader "$(FOLDER)"

test: setup
	$(PYTHON) -m pytest

setup: system-packages
	$(PYTHON) -m pip install --quiet -e '.[test]'

# Installs the missing Debian packages when apt-get is there (as root, or with sudo).
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
		sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing: $$missing"; \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
