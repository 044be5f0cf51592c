"""Makes test/ a package so `python3 -m unittest test/cli/test_x.py` finds
this directory rather than the standard library's test package."""
