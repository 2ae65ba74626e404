# Samenspel: `make run` serves the platform locally with demo data; `make test` runs all tests.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup system-libraries lint messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# WeasyPrint (the portfolio PDF) is a pip package but loads Pango and fonts from the system,
# which pip cannot install: without them the first PDF would fail obscurely (no fonts even
# crashes the process), so check by making a tiny PDF and say what to install.
PDF_CHECK := import warnings; warnings.filterwarnings("error", "(No fonts|FontConfig)"); \
	import weasyprint; weasyprint.HTML(string="<p>Samenspel</p>").write_pdf()

system-libraries: $(VENV)/.installed
	@if ! error=$$($(BIN)/python -c '$(PDF_CHECK)' 2>&1); then \
		echo "The portfolio PDF (WeasyPrint) needs the Pango libraries and a font, which this machine lacks:" >&2; \
		printf '  %s\n' "$$(printf '%s\n' "$$error" | tail -n 1)" >&2; \
		echo "Install them (needs root), then run make again:" >&2; \
		echo "  Debian/Ubuntu: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core" >&2; \
		echo "  macOS (Homebrew): brew install pango" >&2; \
		exit 1; \
	fi

setup: $(VENV)/.installed system-libraries

run: setup
	$(BIN)/python manage.py migrate --no-input -v 0
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py demo_data
	@echo "Samenspel runs on http://$(HOST):$(PORT)/  (stop with Ctrl+C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: setup
	$(BIN)/python manage.py makemessages -l nl -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
