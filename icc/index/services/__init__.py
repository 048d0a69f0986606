"""Every write of the Index, whatever the interface: pages, API, commands, demo and tests.

Each service checks the state first (``ValidationError`` when the response is not
in a state that allows the step) and then the person (``PermissionDenied``).
``by=None`` (or ``saved_by=None`` …) means the platform itself acting — a command,
the demo loader, a test building state — and skips the person check only.

The services live in one module per concept, imported from there: ``editions``, ``rounds``,
``answers``, ``review``, ``scores``, ``imports``; ``guards`` holds the two checks they share.
"""
