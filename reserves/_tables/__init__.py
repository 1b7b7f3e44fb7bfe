"""Tables: a folder of claims, its tables checked, finished and written back.

The folder (folder) is the one owner of where a table's file is; a table is checked with the tables it reads
(table), finished with its derived columns (derive), loaded by the public loaders (loaders) with the vocabularies
it carries (vocabularies), checked as a whole folder (validate) and written back (writer).
"""
