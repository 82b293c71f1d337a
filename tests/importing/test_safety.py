"""Safety checks: every hostile or broken file is refused with one clear line, before any parser runs."""

from __future__ import annotations

import errno
import io
import resource
import struct
import time
import zipfile
from pathlib import Path

import pytest
import python_calamine
import xlsxwriter

from stewarddesk.importing.read import open_workbook, read_all
from stewarddesk.importing.safety import EXTENSIONS, Limits, UnreadableFile, check_file

from .builders import NS_MAIN, ods_cell, ods_row, raw_xlsx, write_ods, write_zip
from .xlsbuild import XlsSheet, cfb, xls


def refused(path: Path, match: str, limits: Limits | None = None) -> str:
    with pytest.raises(UnreadableFile) as info:
        if limits is None:
            open_workbook(path).close()
        else:
            open_workbook(path, limits).close()
    message = str(info.value)
    assert "\n" not in message and path.name in message
    assert match in message, message
    return message


def small_xlsx(path: Path, rows: int = 50) -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Offres")
    ws.write_row(0, 0, ["Offre", "Structure"])
    for i in range(1, rows):
        ws.write_row(i, 0, [f"Atelier n°{i} — idéation", "PEPITE Provence"])
    book.close()
    return path


def test_missing_empty_directory_unsupported(tmp_path: Path) -> None:
    refused(tmp_path / "absent.xlsx", "introuvable")
    (tmp_path / "vide.xlsx").write_bytes(b"")
    refused(tmp_path / "vide.xlsx", "vide")
    (tmp_path / "dossier.xlsx").mkdir()
    refused(tmp_path / "dossier.xlsx", "n'est pas un fichier")
    (tmp_path / "offres.pdf").write_bytes(b"%PDF-1.4")
    refused(tmp_path / "offres.pdf", "format non pris en charge")


def test_too_big(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "gros.xlsx")
    refused(path, "trop volumineux", Limits(max_file_bytes=1000))


def test_disguised_files(tmp_path: Path) -> None:
    text = tmp_path / "compte_rendu.xlsx"
    text.write_text("Compte rendu — comité des technopôles\n1. Bilan\n", encoding="utf-8")
    refused(text, "fichier texte renommé en .xlsx")
    html = tmp_path / "export_web.xls"
    html.write_text("<!DOCTYPE html><html><body><table><tr><td>Offre</td></tr></table></body></html>")
    refused(html, "page web")
    xml2003 = tmp_path / "ancien.xls"
    xml2003.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>'
    )
    refused(xml2003, "XML 2003")
    biff4 = tmp_path / "excel4.xls"
    biff4.write_bytes(bytes.fromhex("0904060000001000") + b"\x00" * 64)
    refused(biff4, "très ancien")
    garbage = tmp_path / "bruit.xlsx"
    garbage.write_bytes(bytes(range(256)) * 8)
    refused(garbage, "n'est pas un classeur lisible")
    binary_csv = tmp_path / "binaire.csv"
    binary_csv.write_bytes(b"Offre;Structure\x00\x01\x02")
    refused(binary_csv, "binaires")


def test_truncated_and_damaged_archives(tmp_path: Path) -> None:
    whole = small_xlsx(tmp_path / "entier.xlsx", 400).read_bytes()
    cut = tmp_path / "tronque.xlsx"
    cut.write_bytes(whole[: int(len(whole) * 0.55)])
    refused(cut, "incomplet")
    no_workbook = write_zip(tmp_path / "archive.xlsx", {"readme.txt": "rien"})
    refused(no_workbook, "ne contient pas de classeur")
    # A member whose deflate stream is damaged.
    damaged = bytearray(whole)
    with zipfile.ZipFile(io.BytesIO(whole)) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size, 400), 7):
        damaged[i] ^= 0x5A
    (tmp_path / "abime.xlsx").write_bytes(bytes(damaged))
    refused(tmp_path / "abime.xlsx", "« abime.xlsx »")


def test_password_protected(tmp_path: Path) -> None:
    ooxml = tmp_path / "chiffre.xlsx"
    ooxml.write_bytes(
        cfb({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\x00" * 60, "EncryptedPackage": b"\x99" * 5000})
    )
    refused(ooxml, "mot de passe")
    table = ods_row(ods_cell("Offre"), ods_cell("Structure"))
    ods = write_ods(
        tmp_path / "chiffre.ods",
        [("F", table)],
        manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>',
    )
    refused(ods, "mot de passe")
    biff = tmp_path / "chiffre.xls"
    biff.write_bytes(xls([XlsSheet("F", cells={(0, 0): "x"})], filepass=True))
    refused(biff, "mot de passe")
    word = tmp_path / "courrier.xls"
    word.write_bytes(cfb({"WordDocument": b"\x00" * 100}))
    refused(word, "n'est pas un classeur")


def test_zip_bomb_by_declared_ratio(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "bombe.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/zeros.bin", b"\x00" * (20 * 1024 * 1024))
    assert path.stat().st_size < 200_000
    refused(path, "par sécurité")


def test_zip_bomb_lying_about_its_size(tmp_path: Path) -> None:
    """The directory says 1,000 bytes; the stream inflates to 8 MB: our own inflate stops it."""
    path = tmp_path / "menteur.xlsx"
    raw_xlsx(path, '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bin", b"A" * (8 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    name = b"xl/media/image1.bin"
    cd = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    local = data.find(b"PK\x03\x04" + b"\x14\x00", 0)
    while local >= 0 and data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, cd + 24, 1000)
    struct.pack_into("<I", data, local + 22, 1000)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("xl/media/image1.bin").file_size == 1000
    refused(path, "par sécurité")


def test_inflated_total_limit(tmp_path: Path) -> None:
    path = small_xlsx(tmp_path / "limite.xlsx", 2000)
    refused(path, "par sécurité", Limits(max_inflated_total=50_000))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + f']><sst xmlns="{NS_MAIN}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'
)


def test_entity_bomb_refused_before_parsing(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "lol.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_xml=BILLION_LAUGHS
    )
    refused(path, "DTD")
    ods = write_ods(
        tmp_path / "lol.ods",
        [("F", ods_row(ods_cell("x")))],
        prolog='<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa">]>',
    )
    refused(ods, "DTD")


def test_calamine_itself_does_not_expand_entities(tmp_path: Path) -> None:
    """Even without our refusal, calamine's XML reader does not expand a billion laughs."""
    path = raw_xlsx(
        tmp_path / "lol.xlsx", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', shared_xml=BILLION_LAUGHS
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        values = book.get_sheet_by_index(0).to_python()
    except python_calamine.CalamineError:
        values = []
    assert time.perf_counter() - started < 5
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 100 * 1024
    assert all(len(str(v)) < 1000 for row in values for v in row)


def test_absurd_declared_dimension_allocates_nothing(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "dimension.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576" s="0"/></row>',
        shared=["Offre", "Structure"],
        sheet_head='<dimension ref="A1:XFD1048576"/>',
    )
    with open_workbook(path) as wb:
        assert [r.values for r in read_all(wb, "Feuil1")] == [["Offre", "Structure"]]


def test_absurd_real_extent_is_refused(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "etendue.xlsx",
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="ZZ1048576"><v>2</v></c></row>',
    )
    with open_workbook(path) as wb, pytest.raises(UnreadableFile, match="zone trop grande"):
        read_all(wb, "Feuil1")


def test_ods_repeated_rows_times_columns_refused(tmp_path: Path) -> None:
    table = (
        '<table:table-row table:number-rows-repeated="1048576">'
        '<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384">'
        "<text:p>1</text:p></table:table-cell></table:table-row>"
    )
    started = time.perf_counter()
    refused(write_ods(tmp_path / "dos.ods", [("F", table)]), "zone trop grande")
    assert time.perf_counter() - started < 5


def test_content_decides_the_format(tmp_path: Path) -> None:
    renamed = tmp_path / "vraiment_xlsx.xls"
    renamed.write_bytes(small_xlsx(tmp_path / "source.xlsx", 3).read_bytes())
    assert check_file(renamed).format == "xlsx"
    with open_workbook(renamed) as wb:
        assert read_all(wb, "Offres")[0].values == ["Offre", "Structure"]


def test_the_refusal_lists_every_extension_read_and_a_txt_export_reads(tmp_path: Path) -> None:
    """The message and what is read agree: .txt and .tsv (Excel's « Texte Unicode » and other text exports)
    are read as CSV, so the refusal of another extension lists them too."""
    (tmp_path / "offres.pdf").write_bytes(b"%PDF-1.4")
    message = refused(
        tmp_path / "offres.pdf", "formats acceptés : .xlsx, .xlsm, .xls, .ods, .csv, .tsv, .txt"
    )
    assert all(ext in message for ext in EXTENSIONS)
    for name, text in (
        ("tab.txt", "Offre\tStructure\nAtelier\tImpulse\n"),
        ("pv.txt", "Offre;Structure\nA;B\n"),
    ):
        (tmp_path / name).write_text(text, encoding="utf-8")
        with open_workbook(tmp_path / name) as wb:
            rows = read_all(wb, wb.sheet_names()[0])
        assert [list(r.values[:2]) for r in rows][:1] == [["Offre", "Structure"]], name


def test_a_read_failure_is_said_in_words_not_in_the_c_librarys_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_xlsx(tmp_path / "offres.xlsx")

    def failing(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", failing)
    message = refused(path, "ne peut pas être lu : erreur de lecture ou d'écriture du disque")
    assert "Input/output" not in message
