"""Bad input to `ttx import`: a clear message where the mistake is (sheet:line:col,
file:path in JSON), exit 2, no traceback and nothing written; files too large
or archives that would inflate without bound are refused before they are read."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile

import pytest

from tests.cli.test_scenario_commands import ttx
from ttx.imports import MAX_BYTES, SheetError, read
from ttx.imports.archive import MAX_UNZIPPED


def _refused(workspace, source, *needles, args=()):
    target = workspace / "scenarios" / "refused.yaml"
    done = ttx("import", str(source), "--id", "refused", *args, cwd=workspace)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and not target.exists()
    for needle in needles:
        assert needle in done.stderr, done.stderr
    return done.stderr


def test_a_file_over_the_size_cap_is_refused_unread(workspace, tmp_path):
    """issue 14 item 16: the scenarios' 10 MiB cap, for every format."""
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:
        fh.write(b"Time,Subject\n")
        fh.truncate(MAX_BYTES + 10)
    _refused(workspace, big, "big.csv:1:1: file is 10.5 MB; the limit is 10 MiB", "nothing was written")


def test_a_fifo_is_not_waited_on(workspace, tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    _refused(workspace, tmp_path / "pipe.csv", "not a regular file")


def _bomb(declared: int | None = None, size: int = MAX_UNZIPPED + 1) -> bytes:
    """A zip of one member of `size` zero bytes (a few KB deflated); `declared` lies about its size."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.json", b"\0" * size)
    data = out.getvalue()
    if declared is not None:  # rewrite the central directory's uncompressed size (offset 24 in its record)
        at = data.rindex(b"PK\x01\x02") + 24
        data = data[:at] + struct.pack("<I", declared) + data[at + 4:]
    return data


def test_a_zip_bomb_is_refused_before_inflating(workspace, tmp_path):
    (tmp_path / "bomb.zip").write_bytes(_bomb())
    _refused(workspace, tmp_path / "bomb.zip", "the archive would inflate to 64 MiB", "the limit is 64 MiB")


def test_a_zip_that_lies_about_its_size_inflates_no_further(tmp_path):
    """The declared size bounds the work: zipfile stops there and the CRC check fails."""
    with pytest.raises(SheetError) as caught:
        read(_bomb(declared=1000, size=5_000_000), "liar.zip")
    assert "cannot be inflated" in str(caught.value.problems[0])


def test_an_xlsx_bomb_is_refused_before_openpyxl_sees_it(workspace, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b" " * (MAX_UNZIPPED + 1))
    (tmp_path / "bomb.xlsx").write_bytes(out.getvalue())
    _refused(workspace, tmp_path / "bomb.xlsx", "the archive would inflate to")


def test_a_broken_xlsx_says_so(workspace, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types")
        zf.writestr("xl/workbook.xml", "not xml")
    (tmp_path / "broken.xlsx").write_bytes(out.getvalue())
    _refused(workspace, tmp_path / "broken.xlsx", "broken.xlsx:1:1: not a readable XLSX workbook")


def test_json_mistakes_are_located(workspace, tmp_path):
    (tmp_path / "cut.json").write_text('[{"Real Time": "07:29 PM",\n  "Subject": }]')
    _refused(workspace, tmp_path / "cut.json", "cut.json:2:14: not valid JSON")
    rows = [{"Real Time": "07:29 PM", "Subject": "A", "Script": "x", "Player": "SRE"},
            {"Real Time": "half past", "Subject": "B", "Script": "y", "Player": "SRE"}]
    (tmp_path / "t3sf.json").write_text(json.dumps(rows))
    _refused(workspace, tmp_path / "t3sf.json", "t3sf.json:[1].\"Real Time\": 'half past' is not a clock time")
    (tmp_path / "blueprint.json").write_text('{"Msels": [], "DataFields": [], "Moves": []}')
    _refused(workspace, tmp_path / "blueprint.json", "a CMU SEI Blueprint data file", "download that")
    (tmp_path / "other.json").write_text('{"name": "not an MSEL"}')
    _refused(workspace, tmp_path / "other.json", "neither T3SF's MSEL", "nor an OpenAEV scenario export")


def test_openaev_mistakes_are_located(workspace, tmp_path):
    export = {"scenario_information": {"scenario_name": "x"}, "scenario_teams": [],
              "scenario_injects": [{"inject_id": "a", "inject_depends_duration": "soon"}]}
    (tmp_path / "oaev.json").write_text(json.dumps(export))
    _refused(workspace, tmp_path / "oaev.json",
             "oaev.json:scenario_injects[0].inject_depends_duration: 'soon' is not seconds after the start")


def test_a_zip_without_one_json_is_not_guessed(workspace, tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", "hello")
    (tmp_path / "odd.zip").write_bytes(out.getvalue())
    _refused(workspace, tmp_path / "odd.zip", "not an .xlsx workbook nor an OpenAEV export")


def test_sheet_only_for_workbooks(workspace, tmp_path):
    (tmp_path / "a.csv").write_text("Time,Subject\n0,A\n")
    _refused(workspace, tmp_path / "a.csv", "--sheet is for an .xlsx workbook", args=("--sheet", "x"))


def test_deflate_garbage_is_a_clean_error(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.json", b"{}" * 1000)
    data = bytearray(out.getvalue())
    data[40:48] = b"\xff" * 8  # inside the member's deflate stream (its local header is 36 bytes)
    with pytest.raises(SheetError):
        read(bytes(data), "garbage.zip")
