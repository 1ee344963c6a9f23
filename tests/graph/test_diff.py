"""`ttx diff`: a scenario's changes as a reviewer reads them, in the domain and end to end
(also as a git difftool)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from tests.graph.graph_scenarios import branchy

from ttx.scenario.diff import diff, lines
from ttx.scenario.model import Scenario

TTX = str(Path(sys.executable).parent / "ttx")


def doc() -> dict:
    return branchy().model_dump(mode="json", by_alias=True, exclude_defaults=True)


def changes(old: dict, new: dict) -> list[str]:
    return lines(diff(Scenario.model_validate(old), Scenario.model_validate(new)), "old", "new")


def inject(d: dict, iid: str) -> dict:
    return next(i for m in d["moves"] for i in m["injects"] if i["id"] == iid)


def test_the_same_scenario_has_no_change():
    assert changes(doc(), doc()) == ["old and new: no change a scenario reader would see"]


def test_each_kind_of_change_in_the_readers_words():
    old, new = doc(), doc()
    inject(new, "A")["at"] = 7                                     # retimed
    inject(new, "A")["to"] = ["USA", "JPN", "KOR"]                 # re-addressed
    inject(new, "B")["when"] = {"decision": "A", "cell": "USA", "chose": ["hold"]}   # branch changed
    options = inject(new, "E")["decision"]["options"]
    options[1]["text"] = "Wait for the ferry"                     # option text
    options.append({"id": "split", "text": "Split the lift"})     # option added
    moved = new["moves"][0]["injects"].pop(4)                      # X from M1 ...
    new["moves"][1]["injects"].append(moved)                       # ... to M2
    new["moves"][1]["injects"] = [i for i in new["moves"][1]["injects"] if i["id"] != "D"]   # removed
    new["moves"][0]["injects"].append({"id": "Z", "at": 20, "title": "New report", "to": ["KOR"]})   # added
    new["objectives"][0]["text"] = "Share the track"
    new["moves"][0]["questions"] = [{"id": "Q1", "text": "Who calls first?"}]
    text = "\n".join(changes(old, new))
    assert "added        inject Z: M1 +0:20 · New report · to KOR ONLY" in text
    assert "removed      inject D: M2 +0:00 · Next day" in text
    assert "moved        inject X: from move M1 to M2" in text
    assert "retimed      inject A: at +0:05 → +0:07" in text
    assert "re-addressed inject A: REL TO USA, JPN → REL TO USA, JPN, KOR" in text
    assert "branch       inject B: when changed\n      - A JPN chose hold\n      + A USA chose hold" in text
    assert ("decision     inject E: decision changed\n      - option wait: Wait\n      + option wait: Wait for the ferry"
            "\n      + option split: Split the lift") in text
    assert "changed      objective OBJ-1: text: Objective 1 → Share the track" in text
    assert "added        move M1 question Q1: Who calls first?" in text
    assert "added        edge: A USA hold unlocks B" in text
    assert "removed      edge: A JPN hold unlocks B" in text
    # the sections say what they hold
    assert "Injects (1 added, 1 removed, 1 moved, 1 retimed, 1 re-addressed, 1 branch, 1 decision)" in text


def test_a_body_change_shows_its_lines():
    old, new = doc(), doc()
    inject(old, "C")["body"] = "Line one.\nLine two.\nLine three."
    inject(new, "C")["body"] = "Line one.\nLine 2.\nLine three."
    text = "\n".join(changes(old, new))
    assert "changed      inject C: body changed\n      @@ -1,3 +1,3 @@\n       Line one.\n      -Line two.\n      +Line 2." in text


def test_added_and_deleted_scenarios():
    s = Scenario.model_validate(doc())
    assert "added        scenario branchy: Branchy: 2 moves, 10 injects" in "\n".join(lines(diff(None, s), "a", "b"))
    assert "removed      scenario branchy" in "\n".join(lines(diff(s, None), "a", "b"))


# ---------------------------------------------------------------- end to end


def ttx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([TTX, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "branchy.yaml").write_text(yaml.safe_dump(doc()))
    return tmp_path


def test_cli_exit_codes_and_labels(workspace):
    new = copy.deepcopy(doc())
    inject(new, "F")["at"] = 9
    (workspace / "new.yaml").write_text(yaml.safe_dump(new))
    done = ttx("diff", "branchy", "new.yaml", "--label", "main", "--label", "branch", cwd=workspace)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("--- main\n+++ branch\n")
    assert "retimed      inject F: at +0:08 → +0:09" in done.stdout
    assert ttx("diff", "branchy", "branchy", cwd=workspace).returncode == 0
    done = ttx("diff", "/dev/null", "branchy", cwd=workspace)
    assert done.returncode == 1 and "added        scenario branchy" in done.stdout
    (workspace / "broken.yaml").write_text("ttx: 1\nid: broken\ntitle: x\ncells: []\nmoves: nope\n")
    done = ttx("diff", "branchy", "broken.yaml", cwd=workspace)
    assert done.returncode == 2 and "broken.yaml:" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_as_a_git_difftool(workspace):
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                              cwd=workspace, capture_output=True, text=True, timeout=60, check=True)

    git("init", "-q")
    git("add", "scenarios")
    git("commit", "-qm", "first")
    changed = doc()
    inject(changed, "B")["to"] = ["JPN"]
    (workspace / "scenarios" / "branchy.yaml").write_text(yaml.safe_dump(changed))
    # the README's configuration, with this venv's ttx
    git("config", "difftool.ttx.cmd", f'{TTX} diff "$LOCAL" "$REMOTE" --label "a/$MERGED" --label "b/$MERGED"')
    done = git("difftool", "--no-prompt", "--tool=ttx", "--", "scenarios/branchy.yaml")
    assert "--- a/scenarios/branchy.yaml" in done.stdout
    assert "re-addressed inject B: REL TO USA, JPN, KOR → JPN ONLY" in done.stdout


def test_evaluation_guides_and_exercise_facts_are_compared():
    old, new = doc(), doc()
    old["objectives"][0]["capability_targets"] = [{"text": "Track shared", "critical_tasks": ["Pass it", "Confirm"]}]
    new["objectives"][0]["capability_targets"] = [{"text": "Track shared", "critical_tasks": ["Pass it", "Ack it"]}]
    new["exercise"] = {"venue": "Seoul", "points_of_contact": ["Director: J. Park"]}
    text = "\n".join(changes(old, new))
    assert "changed      objective OBJ-1: capability targets changed (the EEG)\n      -   1.2 Confirm\n" \
           "      +   1.2 Ack it" in text
    assert "changed      exercise: venue: - → Seoul" in text
    assert "changed      exercise: points of contact changed\n      + Director: J. Park" in text
