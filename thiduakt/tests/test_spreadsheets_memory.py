"""Shared strings bounded in memory and work: the 6.2 MB file whose sharedStrings.xml inflates to 197 MB.

The hostile files are built here (nothing big is committed). The full-size one is written as raw
deflate: one compressed megabyte of strings repeated (a full flush resets the compressor, so each
repetition compresses to the same bytes), which builds a 6 MB file of 197 MB in a fraction of a
second. Memory is measured with tracemalloc, or the peak RSS of a child process; work with
``ReadWork``; never a clock.
"""

import io
import json
import random
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib

import pytest
from django.conf import settings as django_settings

from thiduakt.spreadsheets import ReadWork, SharedStrings, SpreadsheetError, read_xlsx
from thiduakt.tests.test_spreadsheets_hostile import (
    CONTENT_TYPES,
    HEADER,
    NS,
    ROOT_RELS,
    SHARED_STRINGS_REL,
    SHARED_STRINGS_TYPE,
    WORKBOOK,
    WORKBOOK_RELS,
    xlsx,
)

_MB = 1024 * 1024


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate stream, CRC-32, inflated size) entries, written by hand."""
    out, directory = io.BytesIO(), io.BytesIO()
    for name, stream, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded), 0)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + stream)
        directory.write(
            struct.pack("<IH", 0x02014B50, 20)
            + struct.pack("<HHHHHIIIHH", *fields)
            + struct.pack("<HHHII", 0, 0, 0, 0, offset)
            + encoded
        )
    start, central = out.tell(), directory.getvalue()
    out.write(central)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0))
    return out.getvalue()


def _small(name: str, text: str) -> tuple[str, bytes, int, int]:
    data = text.encode()
    return name, _deflate(data), zlib.crc32(data), len(data)


def _repeated_shared_strings(megabytes: int) -> tuple[str, bytes, int, int]:
    """sharedStrings.xml of ``megabytes`` MB: one megabyte of strings (ratio ~32) compressed once, repeated."""
    rnd = random.Random(17)
    pieces, size = [], 0
    while size < _MB:
        piece = f"<si><t>Nguyễn Văn Phong trào thi đua yêu nước {rnd.randrange(120)}</t></si>".encode()
        pieces.append(piece)
        size += len(piece)
    chunk = b"".join(pieces)
    head, tail = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">'.encode(), b"</sst>"
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    stream = start + body * megabytes + end
    return "xl/sharedStrings.xml", stream, crc, len(head) + len(chunk) * megabytes + len(tail)


def _workbook_with(shared_strings_entry) -> bytes:
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{HEADER}</sheetData></worksheet>'
    return _raw_zip(
        [
            _small("[Content_Types].xml", CONTENT_TYPES % SHARED_STRINGS_TYPE),
            _small("_rels/.rels", ROOT_RELS),
            _small("xl/workbook.xml", WORKBOOK),
            _small("xl/_rels/workbook.xml.rels", WORKBOOK_RELS % SHARED_STRINGS_REL),
            _small("xl/worksheets/sheet1.xml", sheet),
            shared_strings_entry,
        ]
    )


def test_the_hand_written_zip_is_a_valid_xlsx():
    data = _workbook_with(_repeated_shared_strings(2))
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None  # every CRC and size agrees with what inflates
    assert archive.getinfo("xl/sharedStrings.xml").file_size > 2 * _MB
    assert read_xlsx(data) == (["Mã", "Tên"], [])


def test_the_6_mb_file_of_197_mb_shared_strings_is_refused_before_inflating():
    data = _workbook_with(_repeated_shared_strings(197))
    entry = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml")
    assert 6 * _MB < len(data) < 7 * _MB  # under the 10 MB upload cap
    assert 196 * _MB < entry.file_size < 198 * _MB  # under the 200 MB total cap
    assert 30 < entry.file_size / entry.compress_size < 34  # ratio 32: under the ratio cap of 200
    work = ReadWork()
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError) as refused:
            read_xlsx(data, work=work)
        growth = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(refused.value) == "Tệp chứa một phần quá lớn khi giải nén (tối đa 30 MB); hệ thống từ chối đọc."
    assert (work.bytes_inflated, work.strings) == (0, 0)
    assert growth < 2 * _MB


def _distinct_shared_strings(count: int) -> str:
    items = "".join(f"<si><t>Nguyễn Văn {n}</t></si>" for n in range(count))
    return f'<sst xmlns="{NS}" count="{count}" uniqueCount="{count}">{items}</sst>'


def test_shared_strings_under_the_caps_take_less_memory_than_their_xml():
    # 30,000 distinct strings (1 MB of XML): a str each (and a dict to share equal ones) would cost
    # ~6 times their XML; held as UTF-8 with their offsets they take less than it
    strings = _distinct_shared_strings(30_000)
    part_size = len(strings.encode())
    data = xlsx(
        ['<row r="1"><c r="A1" t="s"><v>29999</v></c><c r="B1" t="s"><v>7</v></c></row>'], shared_strings=strings
    )
    del strings
    work = ReadWork()
    tracemalloc.start()
    try:
        result = read_xlsx(data, work=work)
        growth = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result == (["Nguyễn Văn 29999", "Nguyễn Văn 7"], [])
    assert work.strings == 30_000
    assert work.bytes_inflated > part_size
    assert growth < 2 * part_size  # before the change: 6.5 times


def test_shared_strings_in_a_child_process_grow_its_peak_memory_by_less_than_their_xml(tmp_path):
    # 150,000 distinct strings (5 MB of XML; the cap, 30 MB, holds 850,000 of them) read in a child
    # process whose peak RSS is taken before and after the read (before the change: 6.5 times the XML)
    count = 150_000
    strings = _distinct_shared_strings(count)
    part_kib = len(strings.encode()) // 1024
    path = tmp_path / "strings.xlsx"
    path.write_bytes(xlsx(['<row r="1"><c r="A1" t="s"><v>149999</v></c></row>'], shared_strings=strings))
    del strings
    script = (
        "import json, resource, sys, django; django.setup()\n"
        "from thiduakt.spreadsheets import ReadWork, read_xlsx\n"
        "data = open(sys.argv[1], 'rb').read(); work = ReadWork()\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "headers, rows = read_xlsx(data, work=work)\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(json.dumps({'headers': headers, 'strings': work.strings, 'growth_kib': after - before}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "thiduakt.settings_test", "PATH": "/usr/bin:/bin"},
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["headers"] == ["Nguyễn Văn 149999"]
    assert report["strings"] == count
    assert report["growth_kib"] < part_kib


def test_shared_strings_read_text_runs_but_not_phonetic_guides_nor_a_doctype():
    rich = (
        f'<sst xmlns="{NS}"><si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t xml:space="preserve">Văn A</t></r>'
        "<rPh><t>PHONETIC</t></rPh></si><si><t>Tr&#7847;n &amp; con</t></si><si><t/></si></sst>"
    )
    data = xlsx(
        ['<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'],
        shared_strings=rich,
    )
    assert read_xlsx(data) == (["Nguyễn Văn A", "Trần & con"], [])
    laughs = f'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">]><sst xmlns="{NS}"><si><t>&a;</t></si></sst>'
    data = xlsx(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'], shared_strings=laughs)
    with pytest.raises(SpreadsheetError, match=r"^Không đọc được tệp Excel"):
        read_xlsx(data)


def test_a_cell_pointing_outside_the_shared_strings_is_refused():
    for index in ("5", "-1"):
        data = xlsx(
            [f'<row r="1"><c r="A1" t="s"><v>{index}</v></c></row>'], shared_strings=_distinct_shared_strings(2)
        )
        with pytest.raises(SpreadsheetError, match=r"^Không đọc được tệp Excel"):
            read_xlsx(data)
    table = SharedStrings()
    table.append("Nguyễn")
    table.append("")
    assert (len(table), table[0], table[1]) == (2, "Nguyễn", "")


def test_an_archive_inflating_far_past_its_own_size_is_refused_before_inflating(settings):
    # each part under 1 MB (no per-part ratio check) but the whole inflating 300 times the file
    settings.SPREADSHEET_MAX_COMPRESSION_RATIO = 200
    parts = {f"xl/media/pad{n}.xml": b"\0" * (900 * 1024) for n in range(12)}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        for name, content in parts.items():
            archive.writestr(name, content)
    data = out.getvalue()
    assert sum(e.file_size for e in zipfile.ZipFile(io.BytesIO(data)).infolist()) > 200 * len(data)
    work = ReadWork()
    with pytest.raises(SpreadsheetError, match=r"bom nén"):
        read_xlsx(data, work=work)
    assert work.bytes_inflated == 0
