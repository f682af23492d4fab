"""A file before it is parsed as a workbook: is it one, and is it safe to open? Its size
against the upload limit; its container (a zip for .xlsx, an OLE compound file for .xls
and for password-protected workbooks, or text saved under an Excel name); a zip bomb;
and, for .xlsx, each worksheet's extent and its cells with error values or formulas
saved without a result, read from the sheet XML before calamine allocates the sheet."""
from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator
from xml.etree import ElementTree
from xml.sax.saxutils import unescape

import python_calamine

from reading import vocab

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
MB = 1024 * 1024
TEXT_SNIFF_BYTES = 4096
# What reading a broken zip (or a broken part inside it) may raise.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError, NotImplementedError,
               RuntimeError, zlib.error, ElementTree.ParseError)


@dataclass(frozen=True)
class FileProblem:
    """Why a file (or one of its sheets) cannot be imported: what it is, what it should be."""

    value: str
    expected: str
    sheet: str = ""


class UnreadableFile(Exception):
    """The file is not a workbook this reader can, or may, open."""

    def __init__(self, *problems: FileProblem):
        super().__init__("；".join(p.value for p in problems))
        self.problems = list(problems)


def problem(key: str, sheet: str = "", **values) -> FileProblem:
    value, expected = vocab.FILE_PROBLEMS[key]
    return FileProblem(value.format(**values), expected.format(**values), sheet)


def refusal(key: str, **values) -> UnreadableFile:
    return UnreadableFile(problem(key, **values))


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


@dataclass(frozen=True)
class CellFault:
    """A cell whose value Excel could not give: an error value (#N/A, #REF!) or a formula
    saved without its result. It reads as what the cell shows."""

    kind: str  # a key of vocab.CELL_FAULTS
    shown: str

    def __str__(self) -> str:
        return self.shown

    @property
    def expected(self) -> str:
        return vocab.CELL_FAULTS[self.kind]


@dataclass
class SheetScan:
    """A worksheet's extent (its last used row and column, 1-based) and its faulty cells."""

    rows: int
    columns: int
    faults: dict[tuple[int, int], CellFault] = field(default_factory=dict)  # 0-based (row, column)
    large: dict[tuple[int, int], CellFault] = field(default_factory=dict)  # numbers too large for a date or time
    hidden_rows: tuple[int, ...] = ()  # 0-based rows hidden in Excel


# -- the file --------------------------------------------------------------------------
def workbook_bytes(path: Path) -> bytes:
    """The file's bytes when it is an Excel workbook that may be opened; else UnreadableFile."""
    try:
        size = path.stat().st_size
        if size > vocab.MAX_UPLOAD_MB * MB:
            raise refusal("too_large", size=megabytes(size), limit=vocab.MAX_UPLOAD_MB)
        data = path.read_bytes()
    except FileNotFoundError:
        raise refusal("missing") from None
    except OSError as exc:
        raise refusal("cannot_open") from exc
    check_container(data)
    return data


def check_container(data: bytes) -> None:
    """Raises UnreadableFile unless ``data`` is an .xlsx zip safe to unpack or an .xls."""
    if not data:
        raise refusal("empty_file")
    if data.startswith(ZIP_MAGIC):
        _check_zip(data)
    elif data.startswith(OLE_MAGIC):
        _check_ole(data)
    else:
        raise refusal("not_excel", what=vocab.NOT_EXCEL[_text_kind(data[:TEXT_SNIFF_BYTES])])


def _text_kind(head: bytes) -> str:
    """What a file that is neither a zip nor an OLE file is: text, a web page, XML, or unknown."""
    encodings = ("utf-16",) if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        text = head.decode(encoding, errors="replace")
        if text.count("\ufffd") <= len(text) // 100 and "\x00" not in text:
            lower = text.lower()
            if "urn:schemas-microsoft-com:office:spreadsheet" in lower:
                return "xml2003"
            if "<html" in lower or "<table" in lower:
                return "html"
            return "text"
    return "unknown"


# -- zip (.xlsx) -----------------------------------------------------------------------
def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            main = _main_part(z)
    except _ZIP_ERRORS:
        raise damaged("zip") from None
    unpacked = sum(i.file_size for i in infos)
    ratio = unpacked / max(1, sum(i.compress_size for i in infos))
    if unpacked > vocab.MAX_UNZIPPED_MB * MB or ratio > vocab.MAX_ZIP_RATIO:
        raise refusal("zip_bomb", size=megabytes(unpacked), ratio=round(ratio), limit=vocab.MAX_UNZIPPED_MB,
                      max_ratio=vocab.MAX_ZIP_RATIO)
    kind = _zip_kind(main, {i.filename for i in infos}, data)
    if kind != "xlsx":
        raise refusal("not_excel", what=vocab.NOT_EXCEL[kind])


def _main_part(z: zipfile.ZipFile) -> str:
    """The path of the package's main part (xl/workbook.xml in a workbook), or ''."""
    if "_rels/.rels" not in z.namelist():
        return ""
    for rel in ElementTree.fromstring(z.read("_rels/.rels")):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    return ""


def _zip_kind(main: str, names: set[str], data: bytes) -> str:
    if main.endswith("workbook.xml") and main in names:
        return "xlsx"
    if main.endswith("workbook.bin"):
        return "xlsb"
    if main.startswith("word/"):
        return "docx"
    if main.startswith("ppt/"):
        return "pptx"
    if "mimetype" in names and b"opendocument.spreadsheet" in data[:200]:
        return "ods"
    return "zip"


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → the path of its XML in an .xlsx zip; empty for any other file."""
    if not data.startswith(ZIP_MAGIC):
        return {}
    try:
        return _sheet_parts(data)
    except _ZIP_ERRORS:
        raise damaged("parts") from None


def _sheet_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        main = _main_part(z)
        rels_path = str(PurePosixPath(main).parent / "_rels" / (PurePosixPath(main).name + ".rels"))
        targets = {r.get("Id"): r.get("Target", "") for r in _xml_children(z, rels_path)}
        parts = {}
        for sheet in _xml_elements(z, main, "sheet"):
            rel_id = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), "")
            target = targets.get(rel_id, "")
            path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath(main).parent / target)
            parts[sheet.get("name", "")] = path
        return parts


def _xml_children(z: zipfile.ZipFile, path: str) -> list[ElementTree.Element]:
    return list(ElementTree.fromstring(z.read(path))) if path in z.namelist() else []


def _xml_elements(z: zipfile.ZipFile, path: str, local_name: str) -> list[ElementTree.Element]:
    if path not in z.namelist():
        return []
    return [e for e in ElementTree.fromstring(z.read(path)).iter() if e.tag.rsplit("}", 1)[-1] == local_name]


_COLUMN_REF = re.compile(rb' r="([A-Z]{1,3})')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_CELL = re.compile(rb'<((?:\w+:)?)c\b([^>]*?)(?:/>|>(.*?)</\1c>)', re.S)
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_CELL_TYPE = re.compile(rb'\bt="(\w+)"')
_FORMULA = re.compile(rb'<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)', re.S)
_VALUE = re.compile(rb'<(?:\w+:)?v>(.*?)</(?:\w+:)?v>', re.S)


def column_index(letters: str) -> int:
    """0-based index of a column written as letters (A → 0, AA → 26)."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def scan_sheet(data: bytes, part: str) -> SheetScan:
    """A worksheet's extent and faulty cells, read from its XML without parsing it."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            xml = z.read(part)
        except _ZIP_ERRORS as exc:
            raise damaged("sheet") from exc
    letters = set(_COLUMN_REF.findall(xml))
    columns = max((column_index(c.decode()) + 1 for c in letters), default=0)
    faults = _faults(xml) if b"<f" in xml or b't="e"' in xml else {}
    large = _large_numbers(xml) if _LARGE_NUMBER.search(xml) else {}
    hidden = tuple(int(m.group(1)) - 1 for m in _HIDDEN_ROW.finditer(xml)) if b'hidden="1"' in xml else ()
    return SheetScan(_last_row(xml), columns, faults, large, hidden)


_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b(?=[^>]*\bhidden="1")[^>]*?\br="(\d+)"')


_LARGE_NUMBER = re.compile(rb"<(?:\w+:)?v>-?(?:\d{10,}|[\d.]+[eE]\+?\d+)")


def _large_numbers(xml: bytes) -> dict[tuple[int, int], CellFault]:
    """Numeric cells past any date or time Excel can show (|value| ≥ 1e9 days): if such a
    cell is formatted as a date or duration the reader cannot turn it into one, and the
    cell is named with its value as typed."""
    found = {}
    for m in _CELL.finditer(xml):
        value, ref = _VALUE.search(m.group(3) or b""), _CELL_REF.search(m.group(2))
        kind = _CELL_TYPE.search(m.group(2))
        if value and ref and (not kind or kind.group(1) == b"n") and _LARGE_NUMBER.match(b"<v>" + value.group(1)):
            found[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = \
                CellFault("out_of_range", value.group(1).decode())
    return found


def _last_row(xml: bytes) -> int:
    """The number of the last <row> (rows are written in ascending order)."""
    start = max(xml.rfind(b"<row "), xml.rfind(b":row "))
    if start < 0:
        return 0
    m = _ROW_NUMBER.search(xml, start, start + 400)
    return int(m.group(1)) if m else 0


def _faults(xml: bytes) -> dict[tuple[int, int], CellFault]:
    faults = {}
    for m in _CELL.finditer(xml):
        attrs, body = m.group(2), m.group(3) or b""
        fault = _fault_of(attrs, body)
        ref = _CELL_REF.search(attrs)
        if fault and ref:
            faults[(int(ref.group(2)) - 1, column_index(ref.group(1).decode()))] = fault
    return faults


def _fault_of(attrs: bytes, body: bytes) -> CellFault | None:
    kind = _CELL_TYPE.search(attrs)
    kind = kind.group(1) if kind else b"n"
    value = _VALUE.search(body)
    value = unescape(value.group(1).decode("utf-8", "replace")) if value else ""
    if kind == b"e":
        return CellFault("error", value or "#错误")
    formula = _FORMULA.search(body)
    if formula and not value and kind not in (b"str", b"inlineStr"):
        text = unescape((formula.group(1) or b"").decode("utf-8", "replace"))
        return CellFault("uncached", f"={text}" if text else "=（公式）")
    return None


def size_problem(sheet: str, rows: int, columns: int) -> FileProblem | None:
    if rows <= vocab.MAX_SHEET_ROWS and columns <= vocab.MAX_SHEET_COLUMNS:
        return None
    return problem("too_big_sheet", sheet, rows=rows, columns=columns, max_rows=vocab.MAX_SHEET_ROWS,
                   max_columns=vocab.MAX_SHEET_COLUMNS)


# -- OLE compound files (.xls, and encrypted workbooks of any version) -------------------
_FREE_OR_END = 0xFFFFFFFA  # sector numbers from here up mark free, end of chain, FAT or DIFAT sectors


def _check_ole(data: bytes) -> None:
    try:
        streams = ole_stream_names(data)
    except (struct.error, IndexError):
        raise damaged("ole") from None
    if {"EncryptionInfo", "EncryptedPackage"} & streams:
        raise refusal("encrypted")
    if {"Workbook", "Book"} & streams:
        return
    kind = "doc" if "WordDocument" in streams else "ppt" if "PowerPoint Document" in streams else "ole"
    raise refusal("not_excel", what=vocab.NOT_EXCEL[kind])


@dataclass
class _Ole:
    """An OLE compound file read through its FAT: the header's sector size, the FAT from
    the header and the DIFAT chain, and the directory (name → type, first sector, size)."""

    data: bytes
    sector_size: int
    fat: list[int]

    @classmethod
    def of(cls, data: bytes) -> _Ole:
        shift = struct.unpack_from("<H", data, 30)[0]
        if shift not in (9, 12):
            raise struct.error(f"sector shift {shift}")
        sector_size = 1 << shift
        per_sector = sector_size // 4
        ole = cls(data, sector_size, [])
        fat_sectors = [s for s in struct.unpack_from("<109I", data, 76) if s < _FREE_OR_END]
        difat, seen = struct.unpack_from("<I", data, 68)[0], set()
        while difat < _FREE_OR_END and difat not in seen:
            seen.add(difat)
            entries = struct.unpack_from(f"<{per_sector}I", data, ole.offset(difat))
            fat_sectors += [s for s in entries[:-1] if s < _FREE_OR_END]
            difat = entries[-1]
        ole.fat = [n for s in fat_sectors for n in struct.unpack_from(f"<{per_sector}I", data, ole.offset(s))]
        return ole

    def offset(self, sector: int) -> int:
        return (sector + 1) * self.sector_size

    def chain(self, start: int) -> list[int]:
        """A stream's sectors; a chain into a sector the FAT does not hold is damage (IndexError)."""
        found, seen = [], set()
        while start < _FREE_OR_END and start not in seen:
            seen.add(start)
            found.append(start)
            start = self.fat[start]
        return found

    def read(self, start: int, size: int) -> bytes:
        """A stream's bytes; a sector past the end of the file is damage (struct.error)."""
        sectors = self.chain(start)
        if any(self.offset(n) + self.sector_size > len(self.data) for n in sectors):
            raise struct.error("a sector past the end of the file")
        return b"".join(self.data[self.offset(n):self.offset(n) + self.sector_size] for n in sectors)[:size]

    def directory(self) -> dict[str, tuple[int, int, int]]:
        entries = self.read(struct.unpack_from("<I", self.data, 48)[0], 1 << 30)
        found: dict[str, tuple[int, int, int]] = {}
        for at in range(0, len(entries) - 127, 128):
            length = struct.unpack_from("<H", entries, at + 64)[0]
            if 2 <= length <= 64:
                name = entries[at:at + length - 2].decode("utf-16-le", errors="replace")
                start, size = struct.unpack_from("<II", entries, at + 116)
                found.setdefault(name, (entries[at + 66], start, size))
        return found


def ole_stream_names(data: bytes) -> set[str]:
    """The names in an OLE compound file's directory."""
    return set(_Ole.of(data).directory())


def _ole_stream(data: bytes, wanted: tuple[str, ...]) -> bytes | None:
    """The first of the named streams of an OLE compound file, read through the FAT (or the
    mini FAT for a stream under 4096 bytes); None when there is none of them."""
    ole = _Ole.of(data)
    directory = ole.directory()
    name = next((n for n in wanted if n in directory), None)
    if name is None:
        return None
    _, start, size = directory[name]
    if size >= struct.unpack_from("<I", data, 56)[0]:  # the mini stream cutoff, 4096
        return ole.read(start, size)
    root = next(entry for entry in directory.values() if entry[0] == 5)  # the root entry holds the mini stream
    mini_stream = ole.read(root[1], root[2])
    mini_fat_bytes = ole.read(struct.unpack_from("<I", data, 60)[0], 1 << 30)
    mini_fat = struct.unpack_from(f"<{len(mini_fat_bytes) // 4}I", mini_fat_bytes)
    pieces, seen, n = [], set(), start
    while n < _FREE_OR_END and n not in seen and n < len(mini_fat):
        seen.add(n)
        pieces.append(mini_stream[n * 64:(n + 1) * 64])
        n = mini_fat[n]
    return b"".join(pieces)[:size]


_BIFF_BOUNDSHEET, _BIFF_ROW, _BIFF_EOF, _BIFF_BOF = 0x0085, 0x0208, 0x000A, 0x0809
_ROW_HIDDEN = 0x20  # fDyZero of a ROW record's flags


def xls_hidden_rows(data: bytes) -> dict[str, tuple[int, ...]]:
    """Sheet name → its rows hidden in Excel (0-based), from the ROW records of an .xls
    (BIFF8) workbook stream; empty when the file cannot tell (then no note is given)."""
    try:
        stream = _ole_stream(data, ("Workbook", "Book"))
        if stream is None:
            return {}
        sheets = []
        for kind, body, _ in _biff_records(stream, 0):
            if kind == _BIFF_BOUNDSHEET:
                offset, count, flags = struct.unpack_from("<IxxBB", body)
                raw = body[8:]
                name = raw[:count * 2].decode("utf-16-le") if flags & 1 else raw[:count].decode("latin-1")
                sheets.append((name, offset))
            elif kind == _BIFF_EOF:
                break
        hidden = {}
        for name, offset in sheets:
            rows = []
            for kind, body, at in _biff_records(stream, offset):
                if kind == _BIFF_ROW and len(body) >= 14 and struct.unpack_from("<H", body, 12)[0] & _ROW_HIDDEN:
                    rows.append(struct.unpack_from("<H", body, 0)[0])
                elif kind == _BIFF_EOF:
                    break
            hidden[name] = tuple(sorted(rows))
        return hidden
    except (struct.error, IndexError, ValueError, StopIteration, UnicodeDecodeError):
        return {}


def _biff_records(stream: bytes, at: int) -> Iterator[tuple[int, bytes, int]]:
    """The BIFF records of a workbook stream from ``at``: (type, body, position)."""
    while at + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, at)
        yield kind, stream[at + 4:at + 4 + length], at
        at += 4 + length


# -- opening -----------------------------------------------------------------------------
def open_book(data: bytes) -> python_calamine.CalamineWorkbook:
    with calamine_failures_as_damage():
        return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))


@contextmanager
def calamine_failures_as_damage() -> Iterator[None]:
    """calamine's errors, and its panics (pyo3 raises them as PanicException, a BaseException),
    as UnreadableFile."""
    try:
        yield
    except python_calamine.PasswordError:
        raise refusal("encrypted") from None
    except python_calamine.CalamineError as exc:
        raise damaged("parse") from exc
    except BaseException as exc:
        if type(exc).__name__ != "PanicException":
            raise
        raise damaged("parse") from exc


def damaged(why: str) -> UnreadableFile:
    """A damaged workbook, and why (a key of vocab.DAMAGE_DETAILS; calamine's own English
    words stay out of the message)."""
    return refusal("damaged", detail=vocab.DAMAGE_DETAILS[why])
