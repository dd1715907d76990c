"""Checks that chains between records end: no claim supersedes or merges into itself round a loop.

Some references form chains that must end somewhere: a claim ``supersedes`` older
claims and is ``merged_into`` a newer one, an organisation has a ``parent`` and a
``successor``, a source is the ``republication_of`` another. A chain that comes back
to where it started (a supersedes b, b supersedes a) leaves no claim that stands, no
top of the organisation, no original. Each field's references are a graph; each of
its strongly connected components with a loop is reported once, at the record of the
loop whose file comes first, naming the loop's members in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from ..findings import Finding, rule
from ..read.safe_yaml import Loc
from .corpus import Corpus, Entry, has_field

LOOP = rule("X305", "no-loops", "supersedes, merged_into, parent, successor and republication_of never loop back")

#: The fields whose references form chains that must end.
CHAIN_FIELDS = ("supersedes", "merged_into", "parent", "successor", "republication_of")
#: The most members a finding names.
NAMED = 10

#: A graph of one field: for each record ID, the IDs it points at, each with where in the record.
Graph = dict[str, list[tuple[str, Loc]]]


def _graph(corpus: Corpus, field: str) -> Graph:
    """Each record's references through ``field`` to records of the tree; only records that make one are nodes.

    A record that points nowhere through ``field`` cannot be in a loop, so the graph
    holds the few records that do (a field most records leave empty costs a look each).
    """
    graph: Graph = {}
    for record_id, entry in corpus.by_id.items():
        if not has_field(type(entry.record), field):
            continue
        value = getattr(entry.record, field)
        if not value:
            continue
        targets: list[tuple[str, Loc]] = (
            [(t, (field, i)) for i, t in enumerate(value)] if isinstance(value, tuple) else [(value, (field,))]
        )
        found = [(t, loc) for t, loc in targets if t in corpus.by_id]
        if found:
            graph[record_id] = found
    return graph


def components(graph: Graph) -> Iterator[list[str]]:
    """The strongly connected components of ``graph`` that hold a loop (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, next_edge = work.pop()
            if next_edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            edges = graph.get(node, [])
            if next_edge < len(edges):
                work.append((node, next_edge + 1))
                target = edges[next_edge][0]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or any(t == node for t, _ in edges):
                    yield members
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])


def _loop(graph: Graph, start: str, within: set[str]) -> list[tuple[str, Loc]]:
    """The shortest loop from ``start`` back to it inside ``within``: each member with the place of its next step."""
    came: dict[str, tuple[str, Loc]] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for target, loc in graph.get(node, []):
            if target == start:
                steps = [(node, loc)]
                while node != start:
                    node, step = came[node]
                    steps.append((node, step))
                return steps[::-1]
            if target in within and target not in came:
                came[target] = (node, loc)
                queue.append(target)
    raise AssertionError(f"{start} is in a component with a loop, so a loop leads back to it")


def _names(ids: list[str]) -> str:
    shown = ids[:NAMED]
    return ", ".join(shown) + (f" and {len(ids) - NAMED} more" if len(ids) > NAMED else "")


@LOOP.check
def loops(corpus: Corpus) -> Iterator[Finding]:
    """X305: no chain of supersedes, merged_into, parent, successor or republication_of comes back to its start."""
    for field in CHAIN_FIELDS:
        graph = _graph(corpus, field)
        for members in components(graph):
            entries: list[Entry] = sorted((corpus.by_id[m] for m in members), key=lambda e: e.path)
            start = entries[0]
            steps = _loop(graph, start.record.id, set(members))
            path = " → ".join([*(member for member, _ in steps), start.record.id])
            more = set(members) - {member for member, _ in steps}
            caught = f"; also in the loop: {_names(sorted(more))}" if more else ""
            yield start.finding(
                steps[0][1],
                LOOP,
                f"{field} goes round in a loop: {path}{caught}",
                f"a chain of {field} must end: remove the link that points back",
            )
