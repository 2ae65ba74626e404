import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# What is loaded now (Django, the apps, the URL patterns) lives as long as the worker. Frozen,
# the garbage collector no longer scans it in every full collection: on the child page those
# cost 5 ms per request on average (BENCHMARKS.md). Reference counting still frees it.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
