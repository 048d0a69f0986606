"""The Index method, pure: an edition's format and parts, its loader and checks, the engine.

Nothing here touches the database or a request: the ``icc index`` command runs it without
the web application, and the pages, reports and benchmarks score with the same code.
"""
