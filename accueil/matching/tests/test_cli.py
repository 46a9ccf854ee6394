"""``python -m accueil.matching``: exact JSON on stdout, or exit code 2 and one line on stderr."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
ONE_PAIR = '{"agents": [{"id": "v1", "capacity": 1}], "slots": [{"id": "s1", "capacity": 1}], "edges": %s}'


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "accueil.matching", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


def write(tmp_path: Path, content: str) -> str:
    path = tmp_path / "instance.json"
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_a_good_file_prints_the_solution(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"agents": [{"id": "v1", "capacity": 2}, {"id": "v2", "capacity": 1}],'
        ' "slots": [{"id": "s1", "capacity": 3}, {"id": "s2", "capacity": 1}],'
        ' "edges": [["v1", "s1", 7.25], ["v2", "s1", 3.5, 4], ["v1", "s2", 2], ["v2", "s2", -1]]}',
    )
    completed = run("solve", path)
    assert completed.returncode == 0
    assert completed.stderr == ""
    assert completed.stdout == (
        '{"status": "optimal", "objective": 12.75,'
        ' "assignments": [["v1", "s1", 1], ["v2", "s1", 1], ["v1", "s2", 1]]}\n'
    )


def test_units_and_integer_ids(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '{"agents": [{"id": 1, "capacity": 10}, {"id": 2, "capacity": 5}],'
        ' "slots": [{"id": "need-1", "capacity": 8}, {"id": "need-2", "capacity": 6}],'
        ' "edges": [[1, "need-1", 2, 8], [1, "need-2", 1, 6], [2, "need-2", 3, 5], [2, "need-1", 1, 5]]}',
    )
    completed = run("solve", path)
    assert completed.returncode == 0
    assert json.loads(completed.stdout) == {
        "status": "optimal",
        "objective": 32.0,
        "assignments": [[1, "need-1", 8], [1, "need-2", 1], [2, "need-2", 5]],
    }


def test_an_empty_instance(tmp_path: Path) -> None:
    completed = run("solve", write(tmp_path, '{"agents": [], "slots": [], "edges": []}'))
    assert (completed.returncode, completed.stdout) == (
        0,
        '{"status": "optimal", "objective": 0.0, "assignments": []}\n',
    )


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('{"agents": [', "error: invalid JSON: Expecting value: line 1 column 13 (char 12)"),
        ("", "error: invalid JSON: Expecting value: line 1 column 1 (char 0)"),
        (
            '{"agents": [], "slots": [], "edges": [["v1", "s1", Infinity]]}',
            "error: invalid JSON: Infinity is not a number",
        ),
        ('{"agents": [], "slots": []}', 'error: the instance has no "edges"'),
        (
            ONE_PAIR % '[["v1", "s9", 1]]',
            'error: edges[0] refers to unknown slot "s9"',
        ),
        (
            '{"agents": [{"id": "v1", "capacity": 1}, {"id": "v1", "capacity": 2}], "slots": [], "edges": []}',
            'error: agents[1]: duplicate id "v1" (already agents[0])',
        ),
        (
            '{"agents": [], "slots": [{"id": "s1", "capacity": -3}], "edges": []}',
            "error: slots[0]: capacity must be an integer from 0 to 1000000000, got -3",
        ),
        (
            ONE_PAIR % '[["v1", "s1", "high"]]',
            'error: edges[0]: score must be a number, got "high"',
        ),
        (
            ONE_PAIR % '[["v1", "s1", 2.0005]]',
            "error: edges[0]: score 2.0005 has more than 3 decimals",
        ),
        (
            ONE_PAIR % '[["v1", "s1"]]',
            'error: edges[0] must be [agent, slot, score] or [agent, slot, score, units], got ["v1", "s1"]',
        ),
        (
            '{"agents": [{"id": "v1", "capacity": true}], "slots": [], "edges": []}',
            "error: agents[0]: capacity must be an integer from 0 to 1000000000, got true",
        ),
        (
            ONE_PAIR % '[["v1", "s1", 1, false]]',
            "error: edges[0]: units must be an integer from 0 to 1000000000, got false",
        ),
        (
            ONE_PAIR % '[["v1", "s1", 1], ["v1", "s1", 2]]',
            'error: edges[1] repeats the pair ("v1", "s1") of edges[0]',
        ),
    ],
)
def test_a_bad_file_exits_2_with_one_line(tmp_path: Path, content: str, line: str) -> None:
    completed = run("solve", write(tmp_path, content))
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert completed.stderr == line + "\n"


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    completed = run("solve", str(tmp_path / "absent.json"))
    assert completed.returncode == 2
    assert completed.stderr == f"error: cannot read {tmp_path / 'absent.json'}: No such file or directory\n"


def test_a_directory_exits_2(tmp_path: Path) -> None:
    completed = run("solve", str(tmp_path))
    assert completed.returncode == 2
    assert completed.stderr == f"error: cannot read {tmp_path}: Is a directory\n"


def test_help() -> None:
    completed = run("--help")
    assert completed.returncode == 0
    assert completed.stdout.startswith("usage: python -m accueil.matching [-h] COMMAND ...")
    assert "solve" in completed.stdout
    solve_help = run("solve", "--help")
    assert solve_help.returncode == 0
    assert solve_help.stdout.startswith("usage: python -m accueil.matching solve [-h] INSTANCE.json")


def test_a_large_file_read_by_the_scanner_gives_the_same_solution(tmp_path: Path) -> None:
    from accueil.matching.cli import solution_document
    from accueil.matching.instance import read_document_arrays
    from accueil.matching.scan import MIN_SIZE
    from accueil.matching.solver import solve_arrays

    agents = [{"id": f"v{i}", "capacity": 1 + i % 3} for i in range(5_000)]
    slots = [{"id": f"shift-{j}", "capacity": 1 + j % 10} for j in range(1_000)]
    edges = [
        [f"v{i // 12}", f"shift-{(i * 7919) % 1_000}", round((i * 37 % 20_001) / 1000 - 2, 3)] for i in range(60_000)
    ]
    content = json.dumps({"agents": agents, "slots": slots, "edges": edges})
    assert len(content) > MIN_SIZE
    completed = run("solve", write(tmp_path, content))
    assert (completed.returncode, completed.stderr) == (0, "")
    arrays = read_document_arrays(content)[1]  # the ordinary parser, for reference
    assert completed.stdout == json.dumps(solution_document(arrays, solve_arrays(arrays))) + "\n"
    assert json.loads(completed.stdout)["objective"] > 0
