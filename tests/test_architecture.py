"""The layer rules of docs/architecture.md, kept by the code: contracts and no import cycle.

The contracts live in ``.importlinter`` (decision 0028); this runs them as ``lint-imports``
would. The cycle check reads the same import graph (grimp, import-linter's engine).
"""

import subprocess
import sys
from collections import deque
from itertools import pairwise
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept() -> None:
    # The command, not the library: it reads .importlinter as a person running it would,
    # and --no-cache leaves no cache directory in the tree.
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _import_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """Return one shortest cycle through each group of modules that import one another.

    Imports inside functions count (a late import hides a circle, it does not remove it);
    imports under ``if TYPE_CHECKING:`` do not, as they never run.
    """
    modules = sorted(m for m in graph.modules if m == package or m.startswith(f"{package}."))
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    cycles: list[list[str]] = []
    seen: set[str] = set()
    for start in modules:
        if start in seen:
            continue
        # The shortest way from start back to itself, breadth first.
        came_from: dict[str, str] = {}
        queue = deque([start])
        found = False
        while queue and not found:
            module = queue.popleft()
            for imported in edges[module]:
                if imported == start:
                    came_from[start] = module
                    found = True
                    break
                if imported not in came_from:
                    came_from[imported] = module
                    queue.append(imported)
        if not found:
            continue
        cycle = [start]
        module = came_from[start]
        while module != start:
            cycle.append(module)
            module = came_from[module]
        cycle.append(start)
        cycle.reverse()
        seen.update(cycle)
        cycles.append(cycle)
    return cycles


def _describe(graph: grimp.ImportGraph, cycle: list[str]) -> str:
    """Name each import of the cycle with its line, as a reader would follow it."""
    steps = []
    for importer, imported in pairwise(cycle):
        details = graph.get_import_details(importer=importer, imported=imported)
        line = details[0]["line_number"] if details else "?"
        steps.append(f"  {importer} (line {line}) -> {imported}")
    return "\n".join(steps)


# Cycles kept knowingly, each with why and what would remove it. A cycle gone from the
# code must go from here too (the test says so).
KNOWN_CYCLES: set[frozenset[str]] = set()


def test_no_module_of_icc_imports_itself_through_others() -> None:
    # No cache: the graph takes a second to build, and the tree stays clean.
    graph = grimp.build_graph("icc", exclude_type_checking_imports=True, cache_dir=None)
    cycles = _import_cycles(graph, "icc")
    new = [cycle for cycle in cycles if frozenset(cycle) not in KNOWN_CYCLES]
    assert not new, "Import cycles:\n" + "\n\n".join(_describe(graph, c) for c in new)
    gone = KNOWN_CYCLES - {frozenset(cycle) for cycle in cycles}
    assert not gone, f"No longer a cycle, remove from KNOWN_CYCLES: {sorted(map(sorted, gone))}"


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.services", "pkg.tasks", "pkg.views"):
        graph.add_module(module)
    graph.add_import(importer="pkg.services", imported="pkg.tasks")
    graph.add_import(importer="pkg.tasks", imported="pkg.views")
    graph.add_import(importer="pkg.views", imported="pkg.services")
    assert _import_cycles(graph, "pkg") == [
        ["pkg.services", "pkg.tasks", "pkg.views", "pkg.services"]
    ]
