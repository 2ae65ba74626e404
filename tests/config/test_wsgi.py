"""The WSGI module a gunicorn worker loads: the application, and what it frees the collector of."""

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]

LOAD_AS_A_WORKER = """
import gc
from config.wsgi import application
from django.urls import reverse
print(callable(application), gc.get_freeze_count(), reverse("healthz"))
"""


def test_a_worker_loads_the_application_with_what_it_loaded_frozen_out_of_the_collectors_scans():
    loaded = subprocess.run(
        [sys.executable, "-c", LOAD_AS_A_WORKER],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings"},
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    is_callable, frozen, healthz = loaded.stdout.split()
    assert is_callable == "True"
    # Django, the apps and the URL patterns: tens of thousands of objects.
    assert int(frozen) > 20_000
    assert healthz == "/healthz"
