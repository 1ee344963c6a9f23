"""The Master Scenario Events List of a scenario as a controller's sheet, and
the reading of CSV sheets shared by the importers (ttx.imports) and the
returned feedback forms."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from typing import Iterator

from ttx.scenario.model import All, Any_, Condition, Leaf, Scenario
from ttx.scenario.plaintext import one_line, printable, spreadsheet_cell, spreadsheet_value
from ttx.scenario.times import hmm, offset, sheet_time
from ttx.scenario.yamlsrc import Problem

# Header names follow the spreadsheet MEL imports (Number, Time, From, To,
# Method, Subject, Message, Expected Action), with ttx's own columns beside them.
COLUMNS = ("Number", "Move", "Time", "Scenario Time", "From", "To", "Method", "Subject", "Message",
           "Expected Action", "Objectives", "Decision Prompt", "Releasability", "Inject ID", "Contingency",
           "Condition", "Trigger", "Facilitator Notes")
# `ttx export` adds what `ttx import` needs to give every inject back whole.
EXCHANGE_COLUMNS = COLUMNS + ("Options", "Deciding Cells", "Time Limit", "Discussion Only")


def rows(scenario: Scenario, *, exchange: bool = False) -> Iterator[tuple[str, ...]]:
    """The sheet's rows, as text fit to print (no escape sequences or control characters).
    `exchange`: the rows of EXCHANGE_COLUMNS, with each inject's situation_time as written
    and its expected actions one a line, so that `ttx import` reads the inject back."""
    number = 0
    for move in scenario.moves:
        for inj in move.schedule:
            number += 1
            st = scenario.situation_time(move, inj)
            row = [
                str(number), move.id, offset(inj.at),
                sheet_time(st) if st else "",
                inj.from_ or "", ", ".join(scenario.recipients(inj)), inj.channel, inj.title, inj.body.strip(),
                "; ".join(inj.expected_actions), ", ".join(inj.objectives),
                inj.decision.prompt if inj.decision else "", scenario.releasability(inj), inj.id,
                "yes" if inj.contingency else "",
                condition_text(inj.when) if inj.when is not None else "", inj.trigger or "",
                "\n".join(inj.facilitator_notes),
            ]
            if exchange:
                row[3] = _situation_time(inj.situation_time)
                # one a line; a lone action with a semicolon ends in a line break, so it is not split there
                row[9] = "\n".join(inj.expected_actions) + (
                    "\n" if len(inj.expected_actions) == 1 and ";" in inj.expected_actions[0] else "")
                d = inj.decision
                row += ["\n".join(f"{o.id}: {o.text}" for o in d.options) if d else "",
                        ", ".join(d.cells) if d and d.cells is not None else "",
                        str(d.time_limit) if d and d.time_limit is not None else "",
                        "yes" if d and d.discussion_only else ""]
            yield tuple(map(printable, row))


def condition_text(cond: Condition) -> str:
    """A `when` in one line, as a controller reads it: `M2-06 (KOR) chose national and not …`."""
    if isinstance(cond, Leaf):
        who = f" ({cond.cell})" if cond.cell else ""
        return f"{cond.decision}{who} chose {' or '.join(cond.chose)}"
    if isinstance(cond, (All, Any_)):
        parts, word = (cond.all, " and ") if isinstance(cond, All) else (cond.any, " or ")
        return "(" + word.join(condition_text(c) for c in parts) + ")"
    return f"not {condition_text(cond.not_)}"


_NOT_XML = re.compile("[\ufffe\uffff\ud800-\udfff]")  # what no XML file can hold


def _situation_time(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(" ")
    return "" if value is None else offset(int(value))  # type: ignore[call-overload]


def to_csv(scenario: Scenario, *, exchange: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXCHANGE_COLUMNS if exchange else COLUMNS)
    writer.writerows(tuple(map(spreadsheet_cell, row)) for row in rows(scenario, exchange=exchange))
    return out.getvalue()


def to_xlsx(scenario: Scenario) -> bytes:
    """The exchange MSEL as a workbook: one sheet, every cell text (never a formula), the
    classification in the printed header and footer."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "MSEL"
    ws.append(EXCHANGE_COLUMNS)
    for row in rows(scenario, exchange=True):
        ws.append([_NOT_XML.sub("", c) for c in row])
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.data_type = "s"  # openpyxl would store a text starting with = as a formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHIJKLMNOPQRSTUV", (7, 7, 7, 18, 18, 16, 8, 30, 60, 40, 12, 30, 18, 10, 11, 30, 30,
                                                      40, 30, 14, 9, 9)):
        ws.column_dimensions[col].width = width
    for banner in (ws.oddHeader.center, ws.oddFooter.center):
        banner.text = scenario.classification.replace("&", "&&")  # & starts a header code
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_markdown(scenario: Scenario) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " / ")  # a multi-line cell (notes) on one row

    # the messages themselves are too long for a table row: the CSV carries them
    keep = [i for i, name in enumerate(COLUMNS) if name != "Message"]
    lines = [f"**{scenario.classification}**", "", f"# MSEL — {one_line(scenario.title)}", "",
             "| " + " | ".join(COLUMNS[i] for i in keep) + " |", "|" + "---|" * len(keep)]
    lines += ["| " + " | ".join(cell(row[i]) for i in keep) + " |" for row in rows(scenario)]
    if scenario.agenda:
        lines += ["", f"## Timing plan — {hmm(scenario.event_minutes)} in all", "",
                  "| Block | Minutes |", "|---|---|"]
        for item in scenario.agenda:
            block = scenario.move_by_id[item.move].label if item.move else item.title or ""
            lines.append(f"| {cell(printable(block))} | {scenario.agenda_minutes(item)} |")
    notes = [(m, note) for m in scenario.moves for note in m.facilitator_notes]
    if notes:
        lines += ["", "## Facilitator notes by move", ""]
        lines += [f"- **{m.id}**: {cell(printable(note))}" for m, note in notes]
    lines += ["", f"**{scenario.classification}**", ""]
    return "\n".join(lines)


# ------------------------------------------------------------------ reading sheets


class SheetError(Exception):
    """A CSV sheet (an MSEL, returned feedback forms) has mistakes: its problems, path:line:col."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def sheet_rows(text: str, path: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each row of a CSV sheet, the header first (a quoted cell may
    span lines); what the csv module cannot read (an over-long field) is a SheetError
    at its line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    line = 0
    try:
        for row in reader:
            start, line = line + 1, reader.line_num
            yield start, [spreadsheet_value(c) for c in row]  # as `ttx msel` wrote them
    except csv.Error as exc:
        raise SheetError([Problem(path, max(reader.line_num, 1), 1, f"not a readable CSV sheet: {exc}")]) from None
