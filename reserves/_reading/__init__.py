"""Reading: a CSV file into Arrow text, exactly as a strict RFC 4180 reader reads it, or the places where it is broken.

The lowest layer: it knows bytes, quotes, encodings and invisible characters, nothing of the tables.
"""
