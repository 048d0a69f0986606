"""A practice's journey as a graph: who took it up from whom, level by level (decision 0054).

Pure: no ORM, no request. Nodes are the actors (the origin city, each city, body or
strategy that took the practice up); an edge is an uptake, from the actor it came from
to the one that took it. networkx checks that a new uptake closes no cycle and orders
the actors by generation; drawsvg writes the picture, one column per level, the origin
on the left. The page shows the same journey as a nested list (``outline``).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import drawsvg
import networkx as nx

LEVELS = ("local", "regional", "national", "european")
COLUMN_WIDTH = 230
ROW_HEIGHT = 34
NODE_WIDTH = 190
NODE_HEIGHT = 26
TOP = 40
LEFT = 20
LABEL_CHARACTERS = 26
COLOURS = {
    "local": "#1f4e79",
    "regional": "#2f6f3e",
    "national": "#8a4b08",
    "european": "#5b3a86",
}


@dataclass(frozen=True)
class Node:
    """An actor of the journey: the origin city, or one that took the practice up."""

    key: str
    label: str
    level: str
    level_name: str = ""


@dataclass(frozen=True)
class Step:
    """One uptake: ``source`` took the practice to ``target`` on ``on``; ``kind`` in words."""

    source: str
    target: str
    on: datetime.date
    kind: str
    uptake_id: int
    is_proposed: bool = False


@dataclass
class Journey:
    """The practice's actors and uptakes, the origin first."""

    origin: Node
    nodes: dict[str, Node] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)

    def add(self, step: Step, target: Node) -> None:
        self.nodes.setdefault(target.key, target)
        self.steps.append(step)

    def graph(self) -> "nx.DiGraph[str]":
        graph: nx.DiGraph[str] = nx.DiGraph()
        graph.add_node(self.origin.key)
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from((step.source, step.target) for step in self.steps)
        return graph


def closes_cycle(edges: Iterable[tuple[str, str]], origin: str, source: str, target: str) -> bool:
    """Return whether the uptake ``source -> target`` would lead the practice back in a circle.

    The origin never takes its own practice up; an actor never takes it from one that
    (directly or through others) took it from them.
    """
    if target in (origin, source):
        return True
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_edges_from(edges)
    return graph.has_node(target) and graph.has_node(source) and nx.has_path(graph, target, source)


def layout(journey: Journey) -> dict[str, tuple[float, float]]:
    """Return the top-left corner of each node: a column per level, rows by generation."""
    graph = journey.graph()
    generation = {}
    for depth, keys in enumerate(nx.topological_generations(graph)):
        for key in keys:
            generation[key] = depth
    everyone = {journey.origin.key: journey.origin, **journey.nodes}
    columns: dict[str, list[Node]] = defaultdict(list)
    for node in everyone.values():
        columns[node.level].append(node)
    places: dict[str, tuple[float, float]] = {}
    for column, level in enumerate(LEVELS):
        ordered = sorted(columns.get(level, []), key=lambda n: (generation.get(n.key, 0), n.label))
        for row, node in enumerate(ordered):
            places[node.key] = (LEFT + column * COLUMN_WIDTH, TOP + row * ROW_HEIGHT)
    return places


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def draw(journey: Journey, *, title: str, level_names: Sequence[str]) -> str:
    """Return the journey as an SVG document (text), its title read by assistive technology."""
    places = layout(journey)
    rows = max((y for _x, y in places.values()), default=TOP)
    height = rows + NODE_HEIGHT + 20
    width = LEFT * 2 + COLUMN_WIDTH * (len(LEVELS) - 1) + NODE_WIDTH
    drawing = drawsvg.Drawing(width, height, id_prefix="journey")
    drawing.append_title(title)
    drawing.svg_args.update({"role": "img", "class": "journey-graph"})
    for column, name in enumerate(level_names):
        drawing.append(
            drawsvg.Text(
                str(name),
                14,
                LEFT + column * COLUMN_WIDTH,
                22,
                font_weight="bold",
                fill="#222",
                font_family="Helvetica, Arial, sans-serif",
            )
        )
    marker = drawsvg.Marker(0, -4, 8, 4, scale=1, orient="auto", id="journey-arrow")
    marker.append(drawsvg.Lines(0, -4, 8, 0, 0, 4, close=True, fill="#444"))
    drawing.append(marker)
    half = NODE_HEIGHT / 2
    for step in journey.steps:
        (sx, sy), (tx, ty) = places[step.source], places[step.target]
        if sx == tx:
            # Within one level: an arc on the left of the column.
            path = drawsvg.Path(stroke="#444", fill="none", marker_end=marker)
            path.M(sx, sy + half).C(sx - 18, sy + half, tx - 18, ty + half, tx - 1, ty + half)
        else:
            path = drawsvg.Path(stroke="#444", fill="none", marker_end=marker)
            start, end = sx + NODE_WIDTH, tx - 2
            middle = (start + end) / 2
            path.M(start, sy + half).C(middle, sy + half, middle, ty + half, end, ty + half)
        drawing.append(path)
    everyone = {journey.origin.key: journey.origin, **journey.nodes}
    for key, (x, y) in places.items():
        node = everyone[key]
        colour = COLOURS.get(node.level, "#333")
        is_origin = key == journey.origin.key
        drawing.append(
            drawsvg.Rectangle(
                x,
                y,
                NODE_WIDTH,
                NODE_HEIGHT,
                rx=4,
                fill=colour if is_origin else "white",
                stroke=colour,
                stroke_width=2,
            )
        )
        drawing.append(
            drawsvg.Text(
                _short(node.label),
                13,
                x + 8,
                y + 17,
                fill="white" if is_origin else "#111",
                font_family="Helvetica, Arial, sans-serif",
            )
        )
    return drawing.as_svg() or ""


@dataclass
class OutlineItem:
    """One actor in the nested list that says what the picture shows."""

    node: Node
    step: Step | None
    children: list["OutlineItem"] = field(default_factory=list)


def outline(journey: Journey) -> OutlineItem:
    """Return the journey as a tree from the origin: each uptake under the actor it came from.

    An actor that took the practice from several others appears under each of them.
    """
    below: dict[str, list[Step]] = defaultdict(list)
    for step in journey.steps:
        below[step.source].append(step)
    for steps in below.values():
        steps.sort(key=lambda s: (s.on, s.uptake_id))

    root = OutlineItem(journey.origin, None)
    # Iterative, so a long chain of uptakes never reaches Python's recursion limit.
    waiting = [(root, frozenset({journey.origin.key}))]
    while waiting:
        item, path = waiting.pop()
        for step in below.get(item.node.key, []):
            if step.target in path:
                continue
            child = OutlineItem(journey.nodes[step.target], step)
            item.children.append(child)
            waiting.append((child, path | {step.target}))
    return root


def outline_rows(root: OutlineItem) -> list[tuple[str, OutlineItem | None]]:
    """Return the outline as ``("item", item)``, ``("open", None)`` and ``("close", None)``.

    A template writes nested lists from these rows without including itself per level.
    """
    rows: list[tuple[str, OutlineItem | None]] = []
    waiting: list[tuple[str, OutlineItem | None]] = [("item", root)]
    while waiting:
        kind, item = waiting.pop()
        rows.append((kind, item))
        if kind == "item" and item is not None and item.children:
            waiting.append(("end-item", None))
            waiting.append(("close", None))
            for child in reversed(item.children):
                waiting.append(("item", child))
            waiting.append(("open", None))
        elif kind == "item":
            waiting.append(("end-item", None))
    return rows
