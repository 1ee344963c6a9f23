"""Zip archives (.xlsx, OpenAEV's .zip) opened with bounded decompression.

Python's zipfile never inflates a member past the size the archive declares
for it (it stops there and the CRC check fails), so bounding the declared
sizes bounds the work: a zip bomb is refused before anything is inflated."""

from __future__ import annotations

import io
import zipfile
import zlib

from ttx.scenario.msel import SheetError
from ttx.scenario.yamlsrc import Problem

MAX_UNZIPPED = 64 * 1024 * 1024  # an MSEL's XML or JSON, inflated; far above any real one
MAX_MEMBERS = 10_000


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    """The archive, or SheetError when it is not one or would inflate past the bound."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise SheetError([Problem(path, 1, 1, f"not a readable zip archive: {exc}")]) from None
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNZIPPED:
        raise SheetError([Problem(path, 1, 1, f"the archive would inflate to {total / 2**20:.0f} MiB in "
                                              f"{len(members)} files; the limit is {MAX_UNZIPPED // 2**20} MiB "
                                              f"in {MAX_MEMBERS} files")])
    return archive


def member(archive: zipfile.ZipFile, name: str, path: str) -> bytes:
    """One member's bytes (at most its declared size), or SheetError saying why not."""
    try:
        with archive.open(name) as fh:
            return fh.read(MAX_UNZIPPED + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise SheetError([Problem(f"{path}:{name}", 1, 1, f"cannot be inflated: {exc}")]) from None
