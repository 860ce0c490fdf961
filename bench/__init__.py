"""Benchmarks: `python -m bench` runs all of them; `python -m bench NAME` runs one (bench/NAME.py's main())."""
