"""Date formats per language, read through ``FORMAT_MODULE_PATH`` before Django's own.

Every date is written out with its month name, never as figures a reader must decode
(01/02/2026 is January in the United States and February elsewhere). Formats not set
here are Django's for the language.
"""
