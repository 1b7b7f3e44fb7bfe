"""Contract and checks: the data contract (datapackage.json) and everything derived from it.

The registry of tables (descriptor), the checks of one cell (cells), the rules across a row's columns and across
tables (rules), and the flags and caveats a row carries (flags). It reads text the reading layer gives it.
"""
