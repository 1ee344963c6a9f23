"""The planned Master Scenario Events List, as a controller's sheet."""

from __future__ import annotations

import csv
import io
from typing import Iterator

from ttx.scenario.model import Scenario

# Header names follow the spreadsheet MEL imports (Number, Time, From, To,
# Method, Subject, Expected Action), with ttx's own columns beside them.
COLUMNS = ("Number", "Move", "Time", "Scenario Time", "From", "To", "Method", "Subject",
           "Expected Action", "Objectives", "Decision Prompt", "Releasability", "Inject ID", "Contingency")


def minutes_text(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def rows(scenario: Scenario) -> Iterator[tuple[str, ...]]:
    number = 0
    for move in scenario.moves:
        for inj in move.schedule:
            number += 1
            st = scenario.situation_time(move, inj)
            yield (
                str(number), move.id, "+" + minutes_text(inj.at),
                st.strftime("%Y-%m-%d %H:%M %z") if st else "",
                inj.from_ or "", ", ".join(scenario.recipients(inj)), inj.channel, inj.title,
                "; ".join(inj.expected_actions), ", ".join(inj.objectives),
                inj.decision.prompt if inj.decision else "", scenario.releasability(inj), inj.id,
                "yes" if inj.contingency else "",
            )


def to_csv(scenario: Scenario) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(scenario))
    return out.getvalue()


def to_markdown(scenario: Scenario) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"**{scenario.classification}**", "", f"# MSEL — {scenario.title}", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows(scenario)]
    lines += ["", f"**{scenario.classification}**", ""]
    return "\n".join(lines)
