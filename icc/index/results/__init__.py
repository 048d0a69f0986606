"""The Index results: reading the published results, comparing, ranking, drawing, reporting.

Read by the pages, the API, the open data, the background reports and other apps
(through ``icc.index.results.selectors`` only).
"""
