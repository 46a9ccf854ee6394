"""Command line: ``python -m accueil.matching solve INSTANCE.json`` prints the optimal assignment as JSON.

Input (format and rules in ``accueil.matching.instance``)::

    {"agents": [{"id": "v1", "capacity": 2}, ...],
     "slots":  [{"id": "s1", "capacity": 3}, ...],
     "edges":  [["v1", "s1", 7.25], ["v2", "s1", 3.5, 4], ...]}

Output, one line: ``{"status": "optimal", "objective": 12.75, "assignments": [["v1", "s1", 1], ...]}`` with
the objective Σ score × units exact to 3 decimals and assignments in edge order. Exit code 2 and one line
on stderr (``error: edges[3] refers to unknown slot "s9"``) for a missing or malformed file.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import sys
from collections.abc import Sequence

import numpy as np
from numpy._core import multiarray

from accueil.matching.instance import ArrayInstance, gc_paused
from accueil.matching.model import InstanceError, SolverError
from accueil.matching.reading import read_arrays, read_file
from accueil.matching.solver import ArraySolution, solve_arrays


def solution_document(arrays: ArrayInstance, result: ArraySolution) -> dict[str, object]:
    """The JSON output: status, objective (3 decimals) and ``[agent, slot, units]`` rows in edge order."""
    carried = np.flatnonzero(result.flow)
    agent_ids, slot_ids = arrays.agent_ids, arrays.slot_ids
    rows = [
        [agent_ids[agent], slot_ids[slot], units]
        for agent, slot, units in zip(
            arrays.edge_agent[carried].tolist(),
            arrays.edge_slot[carried].tolist(),
            result.flow[carried].tolist(),
            strict=True,
        )
    ]
    return {"status": result.status, "objective": result.objective, "assignments": rows}


def _keep_freed_memory() -> None:
    """Let glibc's malloc reuse freed memory instead of giving it back to the system and faulting it in again.

    A large instance allocates and frees many arrays of tens of megabytes; by default each one is a fresh
    ``mmap`` (one page fault per 4 KiB page, the main part of the system time). Arrays up to 32 MiB (the
    largest threshold glibc accepts) then come from the heap, which is never trimmed while the command
    runs. No effect elsewhere than glibc.
    """
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_threshold = -1, -3
    mallopt(m_mmap_threshold, 32 * 1024 * 1024)
    mallopt(m_trim_threshold, 2**30)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m accueil.matching",
        description="Maximum-score capacitated assignment (exact min-cost flow). See docs/matching.md.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    solve = commands.add_parser(
        "solve",
        help="solve an instance file and print the solution as JSON",
        description='Read {"agents": [...], "slots": [...], "edges": [...]} and print {"status", "objective",'
        ' "assignments": [[agent, slot, units], ...]}. Exit code 2 and one line on stderr for a missing or'
        " malformed file.",
    )
    solve.add_argument("instance", metavar="INSTANCE.json", help="instance file (format in docs/matching.md)")
    return parser


def main(argv: Sequence[str] | None = None, *, fast_exit: bool = False) -> int:
    """Run the command line and return its exit code.

    With ``fast_exit`` the process ends as soon as the output is written, without freeing the parsed
    document (millions of small objects on large instances) one object at a time.
    """
    arguments = _parser().parse_args(argv)
    # Each array is filled once: faulting in transparent huge pages (NumPy's default on Linux) costs more
    # system time than it saves here. Same switch as NUMPY_MADVISE_HUGEPAGE=0, for this process only.
    multiarray._set_madvise_hugepage(False)  # type: ignore[attr-defined]
    if fast_exit:  # the process ends with the command: its allocator settings concern no one else
        _keep_freed_memory()
    with gc_paused():  # the parsed document is millions of containers: no collection needed while it lives
        try:
            document, arrays = read_arrays(read_file(arguments.instance))
            if not fast_exit:
                del document
            result = solve_arrays(arrays)
        except InstanceError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        except SolverError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        sys.stdout.write(json.dumps(solution_document(arrays, result)))
        sys.stdout.write("\n")
        if fast_exit:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
    return 0
