"""What every form of the consoles shares: its text fields, its keys, and
that typed text is never lost.

- `OneLine` is a one-line text field that keeps a pasted paragraph whole
  (Textual's Input keeps only its first line); `Paragraph` a multi-line one.
- `KeepTyping`, the base of any screen with text fields: tab and shift+tab move focus
  in the order the keys came (as priority bindings, so a burst of keys, as
  tmux or a paste sends them, lands each field's text in its own field), and a
  printable key pressed where focus takes no text (an option list, a radio
  set) goes to the text field last in use, so typed text is never dropped.
- `FormScreen`, a modal form: the Save button, enter in a one-line field and
  ctrl+s save; any other button and escape cancel, dismissing with None. A
  subclass writes `action_save` (read the form, then `dismiss` or warn), names
  its save button in `SAVE_BUTTON` and its main text field in `TEXT_FIELD`.
  Buttons on these screens take no focus (their labels name their keys),
  so focus is always on a field, where typing goes.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, RadioSet, Select, TextArea
from textual.widgets._toggle_button import ToggleButton

ResultType = TypeVar("ResultType")


class OneLine(Input):
    """A one-line field: a paste of several lines goes in whole, joined by spaces.
    Focus does not select its text, so the next key does not replace what was written."""

    def __init__(self, value: str | None = None, **kwargs) -> None:
        super().__init__(value, select_on_focus=False, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        if event.text:
            text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.stop()
        event.prevent_default()  # not Input's own paste as well


class Paragraph(TextArea):
    """A multi-line field for text written in paragraphs (a note): enter starts a line."""

    DEFAULT_CSS = "Paragraph { height: 5; }"

    def __init__(self, text: str = "", *, id: str | None = None, placeholder: str = "") -> None:
        super().__init__(text, id=id, soft_wrap=True, tab_behavior="focus", highlight_cursor_line=False,
                         placeholder=placeholder)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text


TEXT_WIDGETS = (Input, TextArea)


class KeepTyping(Screen[ResultType]):
    """A screen with text fields: focus moves in key order, and no printable key is lost."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]
    TEXT_FIELD: ClassVar[str | None] = None  # where typing goes before any text field had focus
    _text_field: Widget | None = None

    def on_mount(self) -> None:
        # Buttons (their labels name their keys) and the scrolling frame of a form
        # take no focus: it stays on the fields, where typing goes.
        for widget in (*self.query(Button), *self.query(".form")):
            widget.can_focus = False

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, TEXT_WIDGETS):
            self._text_field = event.widget

    def on_key(self, event: events.Key) -> None:
        focused = self.focused
        if not event.is_printable or not event.character or focused is None or isinstance(focused, TEXT_WIDGETS):
            return
        if any(isinstance(node, Select) for node in focused.ancestors_with_self):
            return  # a choice list searches as you type
        if event.key == "space" and isinstance(focused, (RadioSet, ToggleButton)):
            return  # space picks the radio button
        field = self._text_field
        if field is None and self.TEXT_FIELD:
            field = self.query_one(self.TEXT_FIELD)
        if field is None or not field.display:
            return
        event.stop()
        event.prevent_default()
        field.focus()
        if isinstance(field, TextArea):
            field.insert(event.character)
        elif isinstance(field, Input):
            field.insert_text_at_cursor(event.character)


class FormScreen(KeepTyping[ResultType], ModalScreen[ResultType]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False),
                                             Binding("ctrl+s", "save", "Save", show=False)]
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
