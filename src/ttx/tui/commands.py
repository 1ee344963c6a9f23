"""The command palette's provider: every act of the one table, by name."""

from __future__ import annotations

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ttx.tui.bindings import ACTS, Act


class ActsProvider(Provider):
    def _run(self, act: Act):
        def run() -> None:
            self.app.run_act(act.id)  # type: ignore[attr-defined]

        return run

    @staticmethod
    def _help(act: Act) -> str:
        return f"{act.key_label} — {act.tooltip}"

    async def discover(self) -> Hits:
        for act in ACTS:
            yield DiscoveryHit(act.name, self._run(act), help=self._help(act))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for act in ACTS:
            score = max(matcher.match(act.name), matcher.match(act.tooltip) * 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(act.name), self._run(act), text=act.name, help=self._help(act))
