"""The session file: SQLite (stdlib sqlite3) in WAL mode, one file per run.

Schema (version 1, in PRAGMA user_version; PRAGMA application_id marks the
file as ttx's):

    meta(key TEXT PRIMARY KEY, value TEXT)      scenario_text, scenario_sha256,
                                                scenario_id, created, ttx_version, heartbeat,
                                                tip ("seq crc" of the last event)
    events(seq INTEGER PRIMARY KEY, type TEXT, wall TEXT, clock REAL, data TEXT, crc INTEGER)

`events` is append-only: rows are inserted with seq = last + 1 inside a
BEGIN IMMEDIATE transaction, never updated or deleted. `wall` is UTC ISO 8601,
`data` the event's own fields as JSON. `crc` chains a CRC-32 over every row
so far (each row's crc continues from the previous one's); reading verifies
it, so a damaged or edited event — even one that is still valid JSON of the
same length — is reported rather than replayed; `tip`, written with every
append, tells when the last events were deleted (the chain alone cannot). It
catches damage and naive edits; a deliberate forger could recompute both
(that would need a key), so every event read is also checked for the shape
readers rely on (data a JSON object, a finite clock, a zoned wall time).
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import sqlite3
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ttx.engine.errors import SessionFileError
from ttx.engine.events import Event, wall_text
from ttx.scenario.files import not_a_file

SCHEMA_VERSION = 1
APPLICATION_ID = 0x74747831  # "ttx1"
BUSY_TIMEOUT_S = 30.0

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events (
    seq   INTEGER PRIMARY KEY,
    type  TEXT NOT NULL,
    wall  TEXT NOT NULL,
    clock REAL NOT NULL,
    data  TEXT NOT NULL,
    crc   INTEGER NOT NULL
);
"""

_INSERT = "INSERT INTO events(seq, type, wall, clock, data, crc) VALUES (?, ?, ?, ?, ?, ?)"
# The last event's "seq crc", written in the same transaction as the events: deleting the
# last events leaves the chain intact, so only this tells that some are gone.
_SET_TIP = "INSERT OR REPLACE INTO meta(key, value) VALUES ('tip', ?)"


def _tip_text(seq: int, crc: int) -> str:
    return f"{seq} {crc}"


def _no_default(value: Any) -> Any:
    raise TypeError(f"cannot store {type(value).__name__} in an event")


# One encoder, made once. check_circular=False: event data are flat dicts the rules build,
# and the cycle check is most of what JSONEncoder.encode costs beyond the C encoder itself.
_dumps = json.JSONEncoder(ensure_ascii=False, check_circular=False, separators=(",", ":"),
                          default=_no_default).encode
_loads = json.loads
_finite = math.isfinite
_fromiso = datetime.fromisoformat


_last_wall: list[Any] = [None, ""]  # events of one command share a wall: format it once


def encode(event: Event) -> tuple[int, str, str, float, str]:
    wall = event.wall
    if wall is not _last_wall[0]:
        _last_wall[0], _last_wall[1] = wall, wall_text(wall)
    data = event.data
    return (event.seq, event.type, _last_wall[1], event.clock,
            _dumps(data if type(data) is dict else dict(data)))


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects
    (decoding or folding a long session): its full scans otherwise cost more
    than the work itself. Reference counting still frees everything."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _link(crc: int, seq: int, type_: str, wall: str, clock: float, data: str) -> int:
    return zlib.crc32(f"{seq}\x1f{type_}\x1f{wall}\x1f{clock!r}\x1f{data}".encode(), crc)


def chain(rows: Sequence[tuple[int, str, str, float, str]], crc: int) -> list[tuple[Any, ...]]:
    """Rows with their chained crc, continuing from `crc` (the previous row's)."""
    out = []
    for row in rows:
        crc = _link(crc, *row)
        out.append((*row, crc))
    return out


def decode_rows(rows: Sequence[Sequence[Any]], crc: int | None = None, path: Path | str = "") -> list[Event]:
    """Events from rows (seq, type, wall, clock, data[, crc]); with `crc` (the previous
    row's), each row's checksum is verified and SessionFileError names the first bad one."""
    if len(rows) > 1000:
        with bulk():
            return _decode(rows, crc, path)
    return _decode(rows, crc, path)


def _decode(rows: Iterable[Sequence[Any]], crc: int | None, path: Path | str) -> list[Event]:
    out: list[Event] = []
    append = out.append
    last_text: str | None = None
    last_wall = datetime.min  # set by the first row (its text never equals None)
    for row in rows:
        seq, type_, wall, clock, data = row[:5]
        if crc is not None:
            crc = _link(crc, seq, type_, wall, clock, data)
            if crc != row[5]:
                raise SessionFileError(f"{path}: event {seq} is damaged (its checksum does not match): "
                                       "the file was edited or corrupted")
        if wall != last_text:  # the events of one command share their wall time
            last_text, last_wall = wall, _fromiso(wall)
            if last_wall.tzinfo is None:
                raise ValueError(f"event {seq}: its wall time has no time zone")
        value = _loads(data)
        # What a forger with a recomputed checksum could write that no reader expects.
        if type(value) is not dict or type(type_) is not str or type(clock) is not float or not _finite(clock):
            raise ValueError(f"event {seq}: " + ("its data is not a JSON object" if type(value) is not dict
                                                  else "its type is not text" if type(type_) is not str
                                                  else f"its clock {clock!r} is not a number of seconds"))
        append(Event(seq, type_, last_wall, clock, value))
    return out


_SQLITE_IOERR, _SQLITE_FULL, _SQLITE_READONLY, _SQLITE_CANTOPEN = 10, 13, 8, 14


def _explain(path: Path, exc: BaseException) -> str:
    text = str(exc)
    low = text.lower()
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (_SQLITE_IOERR, _SQLITE_FULL):
        return f"{path}: cannot write the session file: the disk is full or refuses the write ({text})"
    if primary == _SQLITE_READONLY:
        return f"{path}: cannot write the session file: it (or its folder) is read-only"
    if "not a database" in low or "malformed" in low:
        return f"{path}: not a ttx session file, or it is damaged ({text})"
    if "readonly" in low or "read-only" in low:
        return f"{path}: cannot write the session file: it (or its folder) is read-only"
    if "disk" in low and "full" in low or "database or disk is full" in low:
        return f"{path}: cannot write the session file: the disk is full"
    if "locked" in low or "busy" in low:
        return f"{path}: the session file stayed locked by another process ({text})"
    if "unable to open" in low:
        return f"{path}: cannot open the session file ({text})"
    return f"{path}: session file error: {text}"


class Store:
    """One connection to one session file."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.in_transaction = False
        self._tip = (0, 0)  # (seq, crc) of the last row read or written: where the chain goes on
        self._undo_tip: tuple[int, int] | None = None

    # ---- opening ---------------------------------------------------------------
    @staticmethod
    def _connect_readonly(path: Path) -> sqlite3.Connection:
        """A connection that never writes a row. Where the file and folder can be
        written, it is a read-write connection with query_only on: in WAL mode only
        such a connection, when it is the last to close, removes the -wal and -shm
        files (a mode=ro one leaves them behind in the sessions folder)."""
        uri = path.resolve().as_uri()
        for query, pragma in (("mode=rw", "PRAGMA query_only = 1"), ("mode=ro", None)):
            conn = sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None,
                                   timeout=BUSY_TIMEOUT_S, check_same_thread=False)
            try:
                if pragma:
                    conn.execute(pragma)
                conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
                return conn
            except sqlite3.OperationalError:
                conn.close()
        # a WAL file in a folder we cannot write (no -shm can be made): read it as it stands
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None, check_same_thread=False)

    @classmethod
    def _connect(cls, path: Path, *, readonly: bool, durable: bool) -> sqlite3.Connection:
        try:
            if readonly:
                conn = cls._connect_readonly(path)
            else:
                conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_S,
                                       check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk before it returns (the WAL is fsynced).
            conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(path, exc)) from None
        return conn

    @classmethod
    def create(cls, path: Path, meta: dict[str, str], first: Sequence[Event] = (), *,
               durable: bool = True) -> "Store":
        """A new session file with its schema, meta and first events, in one transaction
        (a session file never exists without its session_started)."""
        path = Path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SessionFileError(f"{path}: cannot create the session file: its folder {path.parent} "
                                   f"cannot be created ({exc.strerror or exc})") from None
        if not path.parent.is_dir():
            raise SessionFileError(f"{path}: cannot create the session file: {path.parent} is not a folder")
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)  # never overwrite a run
            os.close(fd)
        except FileExistsError:
            raise SessionFileError(f"{path}: a session file of that name already exists") from None
        except OSError as exc:
            raise SessionFileError(f"{path}: cannot create the session file: {exc.strerror or exc}") from None
        conn = None
        try:  # from here on, any failure removes the file made above: it would block the name
            conn = cls._connect(path, readonly=False, durable=durable)
            conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.strip().split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", sorted(meta.items()))
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            rows = chain([encode(e) for e in first], 0)
            conn.executemany(_INSERT, rows)
            if rows:
                conn.execute(_SET_TIP, (_tip_text(rows[-1][0], rows[-1][5]),))
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn is not None:
                conn.close()
            for leftover in (path, *(Path(f"{path}{side}") for side in ("-wal", "-shm", "-journal"))):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            if isinstance(exc, sqlite3.Error):
                raise SessionFileError(_explain(path, exc)) from None
            raise
        store = cls(path, conn, readonly=False)
        if rows:
            store._tip = (rows[-1][0], rows[-1][5])
        return store

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False, durable: bool = True) -> "Store":
        path = Path(path)
        what = not_a_file(path)
        if what is not None:  # SQLite would block on a named pipe
            raise SessionFileError(f"{path}: no such session file" if what == "no such file"
                                   else f"{path}: is {what}, not a session file")
        conn = cls._connect(path, readonly=readonly, durable=durable)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.Error as exc:
            conn.close()
            raise SessionFileError(_explain(path, exc)) from None
        if app_id != APPLICATION_ID or not {"meta", "events"} <= tables:
            conn.close()
            raise SessionFileError(f"{path}: not a ttx session file")
        if version > SCHEMA_VERSION:
            conn.close()
            raise SessionFileError(
                f"{path}: written by a newer ttx (session format {version}; this ttx reads up to "
                f"{SCHEMA_VERSION}): upgrade ttx to open it")
        if version < 1:
            conn.close()
            raise SessionFileError(f"{path}: session format {version} is not supported")
        return cls(path, conn, readonly=readonly)

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    # ---- meta ------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        try:
            return dict(self.conn.execute("SELECT key, value FROM meta"))
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None

    def set_meta(self, key: str, value: str) -> None:
        """Outside the event log (e.g. the heartbeat); never read by the fold."""
        try:
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None

    # ---- events ----------------------------------------------------------------
    def _crc_of(self, seq: int) -> int:
        if seq == self._tip[0]:
            return self._tip[1]
        if seq == 0:
            return 0
        row = self.conn.execute("SELECT crc FROM events WHERE seq = ?", (seq,)).fetchone()
        if row is None:
            raise SessionFileError(f"{self.path}: event {seq} is missing: the file is damaged")
        return row[0]

    def _written_tip(self) -> tuple[int, int] | None:
        """(seq, crc) of the last event the writers recorded (None in files older than the record)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'tip'").fetchone()
        if row is None:
            return None
        try:
            seq, crc = map(int, str(row[0]).split())
        except ValueError:
            raise SessionFileError(f"{self.path}: its record of the last event is damaged") from None
        return seq, crc

    def _check_tail(self, tip: tuple[int, int] | None, last: int, crc_of: dict[int, int]) -> None:
        """The events read reach the recorded last one (read before them: writers only add)."""
        if tip is None:
            return
        if tip[0] > last:
            raise SessionFileError(f"{self.path}: its last events are missing: {tip[0]} were written, the file "
                                   f"ends at event {last} (they were deleted, or the file was cut short)")
        if tip[0] in crc_of and crc_of[tip[0]] != tip[1]:
            raise SessionFileError(f"{self.path}: event {tip[0]} is not the one recorded as written: "
                                   "the file was edited")

    def read_since(self, seq: int = 0) -> list[Event]:
        """Events after `seq`, in order, each verified against the checksum chain, and the
        last of them against the record of the last event written."""
        try:
            tip = self._written_tip()
            crc = self._crc_of(seq)
            rows = self.conn.execute(
                "SELECT seq, type, wall, clock, data, crc FROM events WHERE seq > ? ORDER BY seq", (seq,)).fetchall()
            if rows and (rows[0][0] != seq + 1 or rows[-1][0] != seq + len(rows)):
                raise SessionFileError(f"{self.path}: events are missing after {seq}: the file is damaged")
            last = rows[-1][0] if rows else seq
            self._check_tail(tip, last, {last: rows[-1][5] if rows else crc})
            events = decode_rows(rows, crc, self.path)
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None
        except (ValueError, TypeError) as exc:
            raise SessionFileError(f"{self.path}: damaged event record ({exc})") from None
        if rows:
            self._tip = (rows[-1][0], rows[-1][5])
        return events

    def summary(self) -> tuple[int, str | None, bool]:
        """(event count, wall of the first event, whether the session ended) without decoding."""
        try:
            tip = self._written_tip()
            count, first, last = self.conn.execute("SELECT count(*), min(wall), max(seq) FROM events").fetchone()
            ended = self.conn.execute("SELECT 1 FROM events WHERE type = 'session_ended' LIMIT 1").fetchone()
            self._check_tail(tip, last or 0, {})
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None
        return count, first, ended is not None

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM events").fetchone()[0]

    def begin(self) -> None:
        """BEGIN IMMEDIATE: take the write lock now, so reads inside see the latest events."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None
        self.in_transaction = True
        self._undo_tip = None

    def insert(self, events: Sequence[Event]) -> None:
        """Append events (inside begin()/commit()); seq must go on from the last one read or written."""
        if events:
            self.insert_rows([encode(e) for e in events])

    def insert_rows(self, rows: Sequence[tuple[int, str, str, float, str]]) -> None:
        if not rows:
            return
        if rows[0][0] != self._tip[0] + 1:
            raise SessionFileError(f"{self.path}: internal error: appending seq {rows[0][0]} "
                                   f"after {self._tip[0]}")
        chained = chain(rows, self._tip[1])
        try:
            self.conn.executemany(_INSERT, chained)
            self.conn.execute(_SET_TIP, (_tip_text(chained[-1][0], chained[-1][5]),))
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None
        if self._undo_tip is None:
            self._undo_tip = self._tip
        self._tip = (chained[-1][0], chained[-1][5])

    def commit(self) -> None:
        try:
            self.conn.execute("COMMIT")
            self._undo_tip = None
        except sqlite3.Error as exc:
            raise SessionFileError(_explain(self.path, exc)) from None
        finally:
            self.in_transaction = self.conn.in_transaction

    def rollback(self) -> None:
        if self._undo_tip is not None:  # the rows inserted in this transaction are gone
            self._tip, self._undo_tip = self._undo_tip, None
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        self.in_transaction = False

    def pragma(self, name: str) -> Any:
        return self.conn.execute(f"PRAGMA {name}").fetchone()[0]

    def integrity_check(self) -> str:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0]


def read_session(path: Path) -> tuple[dict[str, str], list[Event]]:
    """Meta and events of a session file, read-only (for `ttx log`, the report)."""
    store = Store.open(path, readonly=True)
    try:
        return store.meta(), store.read_since(0)
    finally:
        store.close()
