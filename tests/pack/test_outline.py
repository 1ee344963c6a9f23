"""Need-to-know in the pack's outlines: a player document is built from player material only."""

from __future__ import annotations

import dataclasses

import pytest
from tests.pack.pack_scenario import CONTROLLER, JPN_ONLY, PLAYER, marked

from ttx.report.model import ReportError
from ttx.report.handbook import handbook
from ttx.report.pack import explan, sitman


def strings(value) -> list[str]:
    """Every string anywhere in a document's outline."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value):
        return [s for f in dataclasses.fields(value) for s in strings(getattr(value, f.name))]
    if isinstance(value, (tuple, list)):
        return [s for v in value for s in strings(v)]
    return []


@pytest.mark.parametrize("doc", [lambda s: sitman(s), lambda s: sitman(s, "JPN"), lambda s: sitman(s, "USA"),
                                 lambda s: explan(s)], ids=["sitman", "sitman-JPN", "sitman-USA", "explan"])
def test_player_documents_hold_no_controller_material(doc):
    text = "\n".join(strings(doc(marked())))
    leaked = [name for name, marker in CONTROLLER.items() if marker.lower() in text.lower()]
    assert leaked == []


def test_the_situation_manual_holds_what_players_need():
    text = "\n".join(strings(sitman(marked())))
    assert [name for name, marker in PLAYER.items() if marker not in text] == []
    assert JPN_ONLY not in text                                   # put to one cell only
    assert JPN_ONLY in "\n".join(strings(sitman(marked(), "JPN")))
    assert JPN_ONLY not in "\n".join(strings(sitman(marked(), "KOR")))


def test_the_handbook_holds_all_of_it():
    text = "\n".join(strings(handbook(marked())))
    assert [name for name, marker in CONTROLLER.items() if marker not in text] == []


def test_a_situation_manual_for_a_cell_that_does_not_play_is_refused():
    with pytest.raises(ReportError, match="no cell 'CHN'"):
        sitman(marked(), "CHN")
    with pytest.raises(ReportError, match="WHITE is a control cell"):
        sitman(marked(), "WHITE")


def test_word_columns_fit_their_ids_and_give_the_rest_to_the_text():
    from ttx.report.pack_render import column_widths

    head = ("At", "Inject", "Title", "Notes")
    rows = (("+0:02", "M1-01", "A long title " * 5, ""),)
    widths = column_widths(head, rows, 17.0, blank=(3,))
    assert abs(sum(widths) - 17.0) < 1e-9
    assert widths[0] == 5 * 0.2 + 0.5 and widths[1] == 6 * 0.2 + 0.5   # "+0:02", "Inject"
    assert widths[2] == widths[3] > 5                                    # the title and the write-in share the rest
