"""The exercise engine: event-sourced sessions in SQLite, the exercise clock,
branching, rehearsal. No UI: the consoles and the report are views on it.

    events.py        the event record and its types (docs/scenario-format.md's session log)
    clock.py         Now, utcnow, VirtualTime, the exercise clock's text, the decision clock
    state.py         State = fold(scenario, events); InjectStatus and the records
    rules.py         each command's rule: (state, arguments) -> events, or CommandError
    session.py       Session: the one write path, tick and heartbeat, resume
    store.py         the session file (SQLite, WAL, checksum chain)
    sessionfile.py   a session file's name, meta and stored scenario; `ttx sessions`' line
    presence.py      who has a session open (the -lock file)
    need_to_know.py  what one cell, or the room, may see: the one rule
    cellview.py      a cell console's view, built through need_to_know
    rehearse.py      scripted headless runs at virtual time
"""
