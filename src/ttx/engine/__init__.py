"""The exercise engine: event-sourced sessions in SQLite, the exercise clock,
branching, rehearsal. No UI: the consoles and the report are views on it.

    events.py    the event record and its types (the contract's session log)
    clock.py     Now, utcnow, VirtualTime
    state.py     State = fold(scenario, events); InjectStatus and the records
    store.py     the session file (SQLite, WAL, checksum chain)
    session.py   Session: commands checked and appended durably; resume
    cellview.py  what one cell may see (need-to-know)
    rehearse.py  scripted headless runs at virtual time
"""
