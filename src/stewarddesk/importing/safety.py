"""Checks made on a file BEFORE any parser sees it: what it really is, and whether it is safe to read.

Each refusal is an `UnreadableFile` (a `KnownError`) with one translated line naming the file and saying what
to do: empty, too large, unsupported extension, a text, web page or XML-2003 file renamed as a workbook, a
truncated or damaged archive, a password-protected workbook (encrypted OOXML is an OLE container holding an
« EncryptedPackage » stream; an encrypted .ods declares `encryption-data` in its manifest; an encrypted .xls
has a FILEPASS record), a zip bomb (declared sizes, compression ratios, and the real inflated size of every
member, measured by inflating it ourselves with a cap, because declared sizes can lie), and XML carrying a
DTD or entity declarations (office files never do; refusing them closes the door to entity bombs whatever
parser comes next).

The format is decided by the content, not the name: an .xls that is really an .xlsx is read as .xlsx.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Literal

from stewarddesk.errors import KnownError, os_reason
from stewarddesk.i18n import Msg
from stewarddesk.importing.readers.cfb import SIGNATURE as CFB_SIGNATURE
from stewarddesk.importing.readers.cfb import CfbError, CompoundFile

Format = Literal["xlsx", "xls", "ods", "csv"]

# What the user may hand us, by extension; the content then decides between the workbook formats.
EXTENSIONS: Final[dict[str, Format]] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".xls": "xls",
    ".ods": "ods",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",  # Excel's « Texte Unicode » export (UTF-16, tabs)
}
WORKBOOK_EXTENSIONS: Final = frozenset(e for e, f in EXTENSIONS.items() if f != "csv")


class UnreadableFile(KnownError):
    """The file cannot be imported as it is; the message (one line, translated) says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """Ceilings that keep a hostile or absurd file from taking the machine down.

    A real partner sheet of 100,000 rows × 15 columns is a 10 MB .xlsx inflating to about 100 MB of XML
    with ratios near 10:1; these ceilings sit one order of magnitude above what real files need.
    """

    max_file_bytes: int = 200 * 1024 * 1024
    max_zip_members: int = 20_000
    max_inflated_total: int = 1024 * 1024 * 1024
    max_ratio: int = 200  # inflated/compressed, checked on members over `ratio_floor` bytes
    ratio_floor: int = 4 * 1024 * 1024
    max_cells: int = 10_000_000  # the rectangle one sheet spans (readers allocate it densely)
    max_xml_part: int = 64 * 1024 * 1024  # small parts we parse whole in Python (workbook.xml, rels…)


LIMITS: Final = Limits()


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks: its real format (by content), and its size in bytes."""

    path: Path
    format: Format
    size: int


_CANNOT_READ = Msg(
    "importing.safety.cannot_read",
    "« {name} » ne peut pas être lu : {reason}.",
    "“{name}” cannot be read: {reason}.",
)
_MISSING = Msg("importing.safety.missing", "« {name} » : fichier introuvable.", "“{name}”: file not found.")
_NOT_A_FILE = Msg(
    "importing.safety.not_a_file", "« {name} » n'est pas un fichier.", "“{name}” is not a file."
)
_EMPTY = Msg(
    "importing.safety.empty",
    "« {name} » est vide (0 octet) : demandez un nouvel envoi du fichier.",
    "“{name}” is empty (0 bytes): ask for the file to be sent again.",
)
_TOO_BIG = Msg(
    "importing.safety.too_big",
    "« {name} » est trop volumineux ({size} Mo ; au plus {max} Mo).",
    "“{name}” is too large ({size} MB; at most {max} MB).",
)
_UNSUPPORTED = Msg(
    "importing.safety.unsupported",
    "« {name} » : format non pris en charge ; formats acceptés : {formats} (.tsv et .txt : texte séparé "
    "par des tabulations, des « ; » ou des virgules, lu comme un CSV).",
    "“{name}”: unsupported format; accepted formats: {formats} (.tsv and .txt: text separated by tabs, "
    "semicolons or commas, read as CSV).",
)
_TRUNCATED = Msg(
    "importing.safety.truncated",
    "« {name} » est endommagé ou incomplet (archive tronquée) : demandez un nouvel envoi du fichier.",
    "“{name}” is damaged or incomplete (truncated archive): ask for the file to be sent again.",
)
_CORRUPT = Msg(
    "importing.safety.corrupt",
    "« {name} » n'est pas un classeur lisible (fichier endommagé ou d'un autre type).",
    "“{name}” is not a readable workbook (damaged file, or a file of another type).",
)
_NOT_A_WORKBOOK_ZIP = Msg(
    "importing.safety.zip_without_workbook",
    "« {name} » est une archive zip qui ne contient pas de classeur Excel ou LibreOffice.",
    "“{name}” is a zip archive that holds no Excel or LibreOffice workbook.",
)
_TEXT_RENAMED = Msg(
    "importing.safety.text_renamed",
    "« {name} » n'est pas un classeur : c'est un fichier texte renommé en {ext}.",
    "“{name}” is not a workbook: it is a text file renamed to {ext}.",
)
_HTML = Msg(
    "importing.safety.html",
    "« {name} » est une page web (HTML) et non un classeur : ouvrez-la dans Excel et enregistrez-la au "
    "format .xlsx.",
    "“{name}” is a web page (HTML), not a workbook: open it in Excel and save it as .xlsx.",
)
_XML2003 = Msg(
    "importing.safety.xml2003",
    "« {name} » est au format « Feuille de calcul XML 2003 », non pris en charge : enregistrez-le au "
    "format .xlsx.",
    "“{name}” is an “XML Spreadsheet 2003” file, which is not supported: save it as .xlsx.",
)
_OLD_EXCEL = Msg(
    "importing.safety.old_excel",
    "« {name} » est dans un format Excel très ancien (version 4 ou antérieure) : enregistrez-le au "
    "format .xlsx.",
    "“{name}” is in a very old Excel format (version 4 or earlier): save it as .xlsx.",
)
_NOT_SPREADSHEET_OLE = Msg(
    "importing.safety.other_office_file",
    "« {name} » est un document Office qui n'est pas un classeur (Word, PowerPoint… ?).",
    "“{name}” is an Office document that is not a workbook (Word, PowerPoint…?).",
)
_ENCRYPTED = Msg(
    "importing.safety.encrypted",
    "« {name} » est protégé par un mot de passe : enregistrez-en une copie sans mot de passe, puis "
    "importez cette copie.",
    "“{name}” is password-protected: save a copy without a password, then import that copy.",
)
_BOMB = Msg(
    "importing.safety.bomb",
    "« {name} » est refusé par sécurité : son contenu compressé se décompresse de façon anormale "
    "(taille ou taux de compression excessifs).",
    "“{name}” is refused for safety: its compressed content inflates abnormally (excessive size or "
    "compression ratio).",
)
_DTD = Msg(
    "importing.safety.dtd",
    "« {name} » est refusé par sécurité : il contient des déclarations XML (DTD, entités) qu'aucun classeur "
    "ne contient.",
    "“{name}” is refused for safety: it holds XML declarations (DTD, entities) that no workbook holds.",
)
_BINARY_TEXT = Msg(
    "importing.safety.binary_text",
    "« {name} » n'est pas un fichier texte (CSV) lisible : il contient des données binaires.",
    "“{name}” is not a readable text (CSV) file: it holds binary data.",
)
_TOO_MANY_CELLS = Msg(
    "importing.safety.too_many_cells",
    "« {name} » : la feuille « {sheet} » s'étend sur une zone trop grande ({cells} cellules ; au plus "
    "{max}) : supprimez les lignes et colonnes inutiles.",
    "“{name}”: sheet “{sheet}” spans too large an area ({cells} cells; at most {max}): delete the unused "
    "rows and columns.",
)

_ZIP_SIGNATURES: Final = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_BIFF_BOF: Final = (b"\x09\x00", b"\x09\x02", b"\x09\x04", b"\x09\x08")
_MB: Final = 1024 * 1024


def refuse(msg: Msg, path: Path, **params: object) -> UnreadableFile:
    """The exception for `msg` about `path` (raise it): every refusal names the file the same way."""
    return UnreadableFile(msg(name=path.name, **params))


def check_file(path: Path, limits: Limits = LIMITS) -> CheckedFile:
    """Decide what `path` really is and refuse it, with one clear line, if it cannot be read safely.

    Raises `UnreadableFile`. Reads at most the zip directory, the inflated members (once, streamed, with a
    cap) or, for an OLE container, the file itself (bounded by `limits.max_file_bytes`).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise refuse(_MISSING, path) from None
    except OSError as exc:
        raise refuse(_CANNOT_READ, path, reason=os_reason(exc)) from None
    if not path.is_file():
        raise refuse(_NOT_A_FILE, path)
    ext = path.suffix.lower()
    if ext not in EXTENSIONS:
        raise refuse(_UNSUPPORTED, path, formats=", ".join(EXTENSIONS))  # the list read, in full
    if st.st_size == 0:
        raise refuse(_EMPTY, path)
    if st.st_size > limits.max_file_bytes:
        raise refuse(_TOO_BIG, path, size=st.st_size // _MB, max=limits.max_file_bytes // _MB)
    try:
        with path.open("rb") as fh:
            head = fh.read(8192)
    except OSError as exc:
        raise refuse(_CANNOT_READ, path, reason=os_reason(exc)) from None

    if head.startswith(_ZIP_SIGNATURES):
        return CheckedFile(path, _check_zip(path, limits), st.st_size)
    if head.startswith(CFB_SIGNATURE):
        _check_ole(path, limits)
        return CheckedFile(path, "xls", st.st_size)
    _refuse_disguised_text(path, head, workbook=ext in WORKBOOK_EXTENSIONS)
    if ext in WORKBOOK_EXTENSIONS:
        raise refuse(_CORRUPT, path)
    return CheckedFile(path, "csv", st.st_size)


def check_area(path: Path, sheet: str, rows: int, cols: int, limits: Limits = LIMITS) -> None:
    """Refuse a sheet whose used rectangle (which readers allocate densely) exceeds `limits.max_cells`."""
    cells = max(rows, 0) * max(cols, 0)
    if cells > limits.max_cells:
        # Thousands grouped by a narrow no-break space: right in French, readable in English.
        cells_text, max_text = (f"{n:,}".replace(",", "\u202f") for n in (cells, limits.max_cells))
        raise refuse(_TOO_MANY_CELLS, path, sheet=sheet, cells=cells_text, max=max_text)


def refuse_encrypted(path: Path) -> UnreadableFile:
    return refuse(_ENCRYPTED, path)


def refuse_corrupt(path: Path) -> UnreadableFile:
    return refuse(_CORRUPT, path)


# --------------------------------------------------------------------------------------------- zip


def _check_zip(path: Path, limits: Limits) -> Format:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            _check_zip_directory(path, infos, limits)
            if "content.xml" in names and ("mimetype" in names or "META-INF/manifest.xml" in names):
                fmt: Format = "ods"
            elif "[Content_Types].xml" in names:
                fmt = "xlsx"
            else:
                raise refuse(_NOT_A_WORKBOOK_ZIP, path)
    except zipfile.BadZipFile:
        raise refuse(_TRUNCATED, path) from None
    except (OSError, ValueError, NotImplementedError, EOFError, struct.error):
        raise refuse(_CORRUPT, path) from None
    with path.open("rb") as fp:
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            head = b""
            xml = _is_xml_name(info.filename)
            tail = b""
            for chunk in inflate_member(path, fp, info, limits):
                total += len(chunk)
                if total > limits.max_inflated_total:
                    raise refuse(_BOMB, path)
                if xml:
                    # The whole part, not just its start: padding before a DTD must not hide it. Office
                    # XML escapes « < » in text, so these bytes only ever start a declaration.
                    window = tail + chunk
                    if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                        raise refuse(_DTD, path)
                    tail = window[-16:]
                    if len(head) < 65536:
                        head += chunk[: 65536 - len(head)]
            if fmt == "ods" and info.filename == "META-INF/manifest.xml" and b"encryption-data" in head:
                raise refuse(_ENCRYPTED, path)
    return fmt


def _is_xml_name(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or "." not in name.rsplit("/", 1)[-1]


def _check_zip_directory(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_zip_members:
        raise refuse(_BOMB, path)
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise refuse(_ENCRYPTED, path)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refuse(_CORRUPT, path)
        declared += info.file_size
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise refuse(_BOMB, path)
    if declared > limits.max_inflated_total:
        raise refuse(_BOMB, path)


def inflate_member(
    path: Path, fp: BinaryIO, info: zipfile.ZipInfo, limits: Limits = LIMITS, chunk: int = 1 << 20
) -> Iterator[bytes]:
    """The inflated bytes of one zip member, in chunks, by our own bounded inflate.

    We do not trust the declared size: output beyond it, or beyond `limits.max_inflated_total`, raises
    `UnreadableFile` (zip bomb) before it is produced; a broken stream raises it too (damaged file).
    """
    try:
        fp.seek(info.header_offset)
        local = fp.read(30)
        if len(local) < 30 or local[:4] != b"PK\x03\x04":
            raise refuse(_CORRUPT, path)
        name_len, extra_len = struct.unpack_from("<HH", local, 26)
        fp.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        allowed = min(info.file_size, limits.max_inflated_total)
        produced = 0
        inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        while left > 0:
            raw = fp.read(min(chunk, left))
            if not raw:
                raise refuse(_TRUNCATED, path)
            left -= len(raw)
            if inflater is None:
                out = raw
                produced += len(out)
                if produced > allowed:
                    raise refuse(_BOMB, path)
                yield out
                continue
            data = raw
            while data:
                # max_length bounds each step: a bomb never gets to allocate more than `chunk` at once.
                out = inflater.decompress(data, chunk)
                data = inflater.unconsumed_tail
                produced += len(out)
                if produced > allowed:
                    raise refuse(_BOMB, path)
                if out:
                    yield out
                if inflater.eof:
                    break
            if inflater.eof:
                break
        if inflater is not None and not inflater.eof:
            out = inflater.flush()
            produced += len(out)
            if produced > allowed:
                raise refuse(_BOMB, path)
            if out:
                yield out
    except zlib.error:
        raise refuse(_CORRUPT, path) from None
    except OSError:
        raise refuse(_CORRUPT, path) from None


# ------------------------------------------------------------------------------------------- OLE


def _check_ole(path: Path, limits: Limits) -> None:
    data = path.read_bytes()
    try:
        cfb = CompoundFile(data, max_stream=limits.max_file_bytes)
    except (CfbError, struct.error, ValueError):
        # Our small reader gave up; the workbook reader decides (and refuses with a clear line if it fails).
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e\x00" in data:
            raise refuse(_ENCRYPTED, path) from None
        return
    if cfb.find("EncryptedPackage", "EncryptionInfo"):
        raise refuse(_ENCRYPTED, path)
    stream = cfb.find("Workbook", "Book")
    if stream is None:
        raise refuse(_NOT_SPREADSHEET_OLE, path)
    try:
        globals_ = cfb.read(stream)
    except (CfbError, struct.error):
        return
    if biff_has_filepass(globals_):
        raise refuse(_ENCRYPTED, path)


def biff_has_filepass(stream: bytes) -> bool:
    """True when the workbook globals of a BIFF stream hold a FILEPASS record (the file is encrypted)."""
    off = 0
    while off + 4 <= len(stream):
        rtype, size = struct.unpack_from("<HH", stream, off)
        if rtype == 0x002F:
            return True
        if rtype in (0x000A, 0x0085):  # EOF of the globals, or the sheet list that follows FILEPASS
            return False
        off += 4 + size
    return False


# ------------------------------------------------------------------------------------------ text


def _refuse_disguised_text(path: Path, head: bytes, *, workbook: bool) -> None:
    ext = path.suffix.lower()
    probe = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if probe.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head.decode("utf-16", "replace").lstrip("\ufeff").lstrip().encode("utf-8", "replace")
    low = probe[:2048].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        low.startswith(b"<") and b"<html" in low
    ):
        raise refuse(_HTML, path)
    if low.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in probe:
        raise refuse(_XML2003, path)
    if workbook:
        if head[:2] in _BIFF_BOF:
            raise refuse(_OLD_EXCEL, path)
        if _looks_like_text(head):
            raise refuse(_TEXT_RENAMED, path, ext=ext)
        return
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse(_BINARY_TEXT, path)


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 13))
    return controls <= len(head) // 100
