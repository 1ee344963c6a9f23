"""The command palette (Textual's ctrl+p): every act of an acts table, by name.
(The `ttx` command line is `ttx.commands`, not this.)

`acts_provider(table)` makes the provider for one table; the facilitator
console uses `ActsProvider` (its `ACTS`), an evaluator's seat `EvaluatorActsProvider`,
the cell console its own (its `CELL_ACTS` only). A hit runs the act through `app.run_act(act.id)`.
"""

from __future__ import annotations

from typing import ClassVar

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ttx.tui.bindings import ACTS, EVALUATOR_ACTS, Act


class _ActsProvider(Provider):
    acts: ClassVar[tuple[Act, ...]] = ()

    def _run(self, act: Act):
        def run() -> None:
            self.app.run_act(act.id)  # type: ignore[attr-defined]

        return run

    @staticmethod
    def _help(act: Act) -> str:
        return f"{act.key_label} — {act.tooltip}"

    async def discover(self) -> Hits:
        for act in (a.in_language() for a in self.acts):
            yield DiscoveryHit(act.name, self._run(act), help=self._help(act))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for act in (a.in_language() for a in self.acts):
            score = max(matcher.match(act.name), matcher.match(act.tooltip) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(act.name), self._run(act), text=act.name, help=self._help(act))


def acts_provider(acts: tuple[Act, ...], name: str, doc: str | None = None) -> type[Provider]:
    """A command-palette provider offering exactly `acts` (and nothing else)."""
    return type(name, (_ActsProvider,), {"acts": tuple(acts), "__doc__": doc, "__module__": __name__})


ActsProvider = acts_provider(ACTS, "ActsProvider", "The facilitator console's palette: every act of `ACTS`.")
EvaluatorActsProvider = acts_provider(EVALUATOR_ACTS, "EvaluatorActsProvider",
                                     "The evaluator's palette: notes, the briefing, help.")
