"""A modal form's save/cancel handling, shared by both consoles' dialogs.

The Save button, enter in a text field and (where a subclass binds it)
ctrl+s save; any other button and escape cancel, dismissing with None.
A subclass writes `action_save` (read the form, then `dismiss` or warn) and
names its save button in `SAVE_BUTTON`.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input

ResultType = TypeVar("ResultType")


class FormScreen(ModalScreen[ResultType]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=False)]
    SAVE_BUTTON: ClassVar[str] = "save"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SAVE_BUTTON:
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
