"""The command line: ``reserves validate``, ``reserves charts``, ``reserves new``."""
