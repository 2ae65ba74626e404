"""The load benchmark (issue 10): `python bench/run.py --help`; results in BENCHMARKS.md.

`bench.urls` adds a bare baseline view, only when the environment variable BENCH_BARE_VIEW=1
is set (config/urls.py); tests never set it.
"""
