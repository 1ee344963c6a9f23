"""The hot wash: strengths and areas for improvement, then the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from ttx.scenario.model import Scenario
from ttx.scenario.vocabulary import (DETAIL_FIELDS, FIELD_BY_NAME, HOTWASH_FIELDS, HOTWASH_KINDS, KIND_BY_NAME,
                                     HotwashField)
from ttx.tui.dialog import KeepTyping, OneLine
from ttx.tui.text import literal
from ttx.tui.widgets.banner import Banner

# The form's fields: a choice for the objective (the scenario's) and for each
# field with a closed list, a line of text for the others.
SELECT_FIELDS = ("objective", *(f.name for f in HOTWASH_FIELDS if f.choices))
TEXT_FIELDS = tuple(f.name for f in HOTWASH_FIELDS if f.name not in SELECT_FIELDS)


@dataclass(frozen=True)
class HotwashInput:
    kind: str
    text: str
    fields: dict[str, str] = field(default_factory=dict)


def problems(item: HotwashInput) -> list[str]:
    """What the HSEEP improvement plan needs and the form lacks."""
    out = []
    if not item.text:
        out.append("write the strength or area for improvement")
    if not (item.fields.get("objective") or item.fields.get("capability")):
        out.append("tie it to an objective or a capability")
    if item.kind == "improvement":
        for f in HOTWASH_FIELDS:
            if f.needed and not item.fields.get(f.name):
                out.append(f"give {f.needed}")
    return out


def items_text(scenario: Scenario, items: Sequence[Any]) -> Text:
    if not items:
        return Text("Nothing captured yet.", style="dim")
    text = Text()
    for kind in HOTWASH_KINDS:
        chosen = [i for i in items if i.kind == kind]
        if not chosen:
            continue
        text.append(f"{KIND_BY_NAME[kind].heading}\n", style="bold underline")
        for item in chosen:
            text.append("  • ")
            text.append(item.text)
            ref = item.objective or item.capability
            if ref:
                text.append(f"  [{ref}]", style="bold")
            text.append("\n")
            if kind == "improvement":
                detail = [f"{f.short}: {item.fields[f.name]}" for f in DETAIL_FIELDS if item.fields.get(f.name)]
                text.append("    " + " · ".join(detail) + "\n", style="italic")
    text.rstrip()
    return text


class HotwashScreen(KeepTyping[None]):
    """`add(item)` records one item and returns the new items (or raises);
    `report()` produces the report and returns a message to show."""

    TEXT_FIELD = "#text"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("ctrl+s", "add", "Add", show=False),
        Binding("ctrl+r", "report", "Report", show=False),
        Binding("ctrl+o", "withdraw", "Withdraw", show=False),
    ]

    def __init__(
        self,
        scenario: Scenario,
        items: Sequence[Any],
        add: Callable[[HotwashInput], Sequence[Any] | None],
        report: Callable[[], str],
        report_label: str,
        *,
        withdraw: Callable[[int], Sequence[Any] | None],
        current: Callable[[], Sequence[Any]] | None = None,
    ) -> None:
        super().__init__()
        self._current = current  # the items as they stand now (the session's, not this screen's copy)
        self.scenario = scenario
        self.items = items
        self._add = add
        self._withdraw = withdraw
        self._report = report
        self.report_label = report_label

    def compose(self) -> ComposeResult:
        s = self.scenario
        yield Banner(s.classification, id="banner-top")
        yield Static(f"Hot wash — {s.title}", id="hotwash-title", markup=False)
        with Horizontal(id="hotwash"):
            with VerticalScroll(id="hotwash-items"):
                yield Static(items_text(s, self.items), id="items")
            with VerticalScroll(id="hotwash-form", classes="form"):
                with RadioSet(id="kind", classes="inline"):
                    for n, kind in enumerate(HOTWASH_KINDS):
                        label = KIND_BY_NAME[kind].label
                        yield RadioButton(f"{label} (AFI)" if kind == "improvement" else label, value=n == 0)
                yield OneLine(placeholder="What went well, or what to improve", id="text", compact=True)
                yield Label("Objective or capability")
                objective = FIELD_BY_NAME["objective"]
                yield Select([(literal(f"{o.id} — {o.text}"), o.id) for o in s.objectives], prompt=objective.prompt,
                             id=objective.name, compact=True)
                yield from self._inputs(f for f in HOTWASH_FIELDS if f.part == "link" and f is not objective)
                yield Label("Area for improvement only")
                yield from self._inputs(DETAIL_FIELDS)
        with Horizontal(classes="buttons"):
            yield Button("Add (ctrl+s)", id="add", variant="primary")
            yield Button(f"{self.report_label} (ctrl+r)", id="report")
            yield Button("Withdraw… (ctrl+o)", id="withdraw")
            yield Button("Back (esc)", id="back")
        yield Static("", id="report-status", markup=False)
        yield Banner(s.classification, id="banner-bottom")

    @staticmethod
    def _inputs(fields: Iterable[HotwashField]) -> Iterator[Widget]:
        """A line for each field (a choice where it has a closed list); half-width ones side by side."""
        row: list[Widget] = []
        for f in fields:
            widget: Widget = (Select([(c, c) for c in f.choices], prompt=f.prompt, id=f.name, compact=True)
                              if f.choices else OneLine(placeholder=f.prompt, id=f.name, compact=True))
            if f.half:
                row.append(widget)
                continue
            if row:
                yield Horizontal(*row, classes="pair")
                row = []
            yield widget
        if row:
            yield Horizontal(*row, classes="pair")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def on_screen_resume(self) -> None:
        # The screen is kept between visits: show what other consoles added meanwhile.
        if self._current is not None:
            self._show(self._current())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"add": self.action_add, "report": self.action_report, "withdraw": self.action_withdraw,
         "back": self.action_back}[event.button.id or "back"]()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_add()

    def _read(self) -> HotwashInput:
        kind = HOTWASH_KINDS[max(0, self.query_one("#kind", RadioSet).pressed_index)]
        fields: dict[str, str] = {}
        for key in TEXT_FIELDS:
            value = self.query_one(f"#{key}", Input).value.strip()
            if value:
                fields[key] = value
        for key in SELECT_FIELDS:
            choice = self.query_one(f"#{key}", Select).value
            if choice is not Select.NULL and choice is not None:
                fields[key] = str(choice)
        if "objective" in fields and "capability" not in fields:
            obj = self.scenario.objective_by_id.get(fields["objective"])
            if obj is not None and obj.capability:
                fields["capability"] = obj.capability
        return HotwashInput(kind, self.query_one("#text", Input).value.strip(), fields)

    def action_add(self) -> None:
        item = self._read()
        missing = problems(item)
        if missing:
            self.notify("To add it: " + "; ".join(missing) + ".", severity="warning", timeout=6)
            return
        if not self._show(self._add(item)):
            return  # the app showed why
        for key in ("text", *TEXT_FIELDS):
            self.query_one(f"#{key}", Input).value = ""
        for key in SELECT_FIELDS:
            self.query_one(f"#{key}", Select).clear()
        self.query_one("#text", Input).focus()
        self.notify("Saved to the session.", timeout=2)

    def _show(self, items: Sequence[Any] | None) -> bool:
        if items is None:
            return False
        self.items = items
        self.query_one("#items", Static).update(items_text(self.scenario, items))
        return True

    def action_withdraw(self) -> None:
        """Strike an item typed in error (the log keeps it; the report drops it)."""
        from ttx.tui.screens.pick import PickScreen

        if not self.items:
            self.notify("Nothing to withdraw yet.")
            return
        choices = [(str(i.seq), f"{'AFI' if i.kind == 'improvement' else KIND_BY_NAME[i.kind].label}: {i.text}")
                   for i in self.items]

        def picked(seq: str | None) -> None:
            if seq is not None and self._show(self._withdraw(int(seq))):
                self.notify("Withdrawn from the hot wash.", timeout=2)

        self.app.push_screen(PickScreen("Withdraw a hot-wash item", choices), picked)

    def action_report(self) -> None:
        self.query_one("#report-status", Static).update(self._report())

    def action_back(self) -> None:
        self.dismiss(None)
