"""Generated import inputs for `bench.fuzz`: structure-aware mutations of real files (the BPS tables of
tests/data/real/, a slice of the bundled observations) written as CSV or XLSX, byte-level damage, random bytes.

Deterministic for a given seed. The values are mutated real figures or hostile text; nothing here is data.
"""
from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from data.ingest.files import column_letter

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "real"
OBSERVATIONS = ROOT / "data" / "seed" / "indicators" / "observations.csv"

HOSTILE = ["", " ", "-", "...", "…", "nan", "NaN", "inf", "-inf", "1e999", "-5", "-0", "0", "1" + "0" * 400,
           "=1+1", "=HYPERLINK(\"x\")", "+62", "2024*", "2024**", "1.234,5", "1,234.5", "74,20", "74.20", "99999999",
           "ID", "32", "3273", "9999", "32.73", "Kota Bandung", "KAB. BOGOR", "Atlantis", "2024", "2024-13",
           "2024-Q5", "Maret 2024", "1800", "9999", "ipm", "ppk", "xyz", "IPM", "final", "sementara", "?", "\"",
           "a\"b", "line\nbreak", "tab\there", "\u00a0", "\u202f75,3", "٣٤", "ｉｐｍ", "🙂", "\x00", "\x1b[31m",
           "<script>", "../../etc/passwd", "' OR 1=1 --", "x" * 400, "y" * 140_000]
DEFINITION_HEADER = ["kode", "nama", "name_en", "satuan", "tema", "arah", "frekuensi", "produsen", "min", "max", "sdg"]
DEFINITION_ROW = ["fuzz_indeks", "Indeks uji fuzz", "Fuzz test index", "indeks (0-100)", "governance", "naik",
                  "tahunan", "Dinas uji", "0", "100", "16.6.2"]


def seed_grids() -> list[tuple[str, list[list[str]]]]:
    """(file name, rows) of every real file in tests/data/real/ and a slice of the bundled observations."""
    grids = []
    for path in sorted(REAL.glob("*.csv")):
        if path.name == "corpus.csv":
            continue
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
        delimiter = ";" if text.count(";") > text.count(",") else ","
        grids.append((path.name, [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]))
    with OBSERVATIONS.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    grids.append(("observations.csv", rows[:1] + rows[1:4000:37]))
    return grids


def window(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    """The file's head (title, header rows), a run of its data rows and sometimes its foot: small inputs keep the
    structure that the layout detection reads while a run stays fast."""
    head = rng.randrange(1, 7)
    start = rng.randrange(head, max(head + 1, len(rows)))
    foot = rows[-rng.randrange(1, 4):] if rng.random() < 0.3 else []
    return rows[:head] + rows[start:start + rng.randrange(1, 20)] + foot


def mutate_grid(rng: random.Random, rows: list[list[str]]) -> list[list[str]]:
    rows = [list(r) for r in rows] or [[""]]
    for _ in range(rng.choice((0, 1, 1, 2, 3, 5, 8))):
        op = rng.randrange(10)
        r = rng.randrange(len(rows))
        if op <= 3 and rows[r]:
            rows[r][rng.randrange(len(rows[r]))] = rng.choice(HOSTILE)
        elif op == 4:
            rows.insert(rng.randrange(len(rows) + 1), list(rows[r]))
        elif op == 5 and len(rows) > 1:
            del rows[r]
        elif op == 6:
            column = rng.randrange(max(len(x) for x in rows) + 1)
            for row in rows:
                if column < len(row) and rng.random() < 0.9:
                    del row[column]
        elif op == 7:
            rows[r] = rows[r] + [rng.choice(HOSTILE) for _ in range(rng.randrange(1, 4))]
        elif op == 8:
            rng.shuffle(rows[r])
        else:
            rows.insert(rng.randrange(len(rows) + 1), [])
    return rows


def to_csv(rng: random.Random, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=rng.choice((",", ",", ";", "\t")),
               lineterminator=rng.choice(("\n", "\r\n"))).writerows(rows)
    text = buffer.getvalue()
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"))
    return text.encode(encoding, errors="replace")


def _cell(reference: str, value: str, rng: random.Random) -> str:
    try:
        number = float(value.replace(",", "."))
        if rng.random() < 0.7 and value.strip() and number == number:
            return f'<c r="{reference}"><v>{escape(value.replace(",", "."))}</v></c>'
    except ValueError:
        pass
    if value.startswith("=") and rng.random() < 0.5:
        return f'<c r="{reference}"><f>{escape(value[1:])}</f></c>'
    clean = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(clean)}</t></is></c>'


def sheet_xml(rows: list[list[str]], rng: random.Random) -> str:
    body = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(_cell(f"{column_letter(i)}{number}", v, rng) for i, v in enumerate(row))
        body.append(f'<row r="{number}">{cells}</row>')
    width = max((len(r) for r in rows), default=1) or 1
    dimension = f'<dimension ref="A1:{column_letter(width - 1)}{max(len(rows), 1)}"/>' if rng.random() < 0.8 else ""
    return (f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}'
            f'<sheetData>{"".join(body)}</sheetData></worksheet>')


def to_xlsx(rng: random.Random, sheets: list[tuple[str, list[list[str]]]]) -> bytes:
    """A minimal workbook (inline strings, no styles), written directly: openpyxl reads it like Excel's."""
    ns = "http://schemas.openxmlformats.org/"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, len(sheets) + 1))
    parts = {
        "[Content_Types].xml": '<Types xmlns="' + ns + 'package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' + overrides + "</Types>",
        "_rels/.rels": '<Relationships xmlns="' + ns + 'package/2006/relationships"><Relationship Id="rId1" '
        'Type="' + ns + 'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<workbook xmlns="' + ns + 'spreadsheetml/2006/main" xmlns:r="' + ns +
        'officeDocument/2006/relationships"><sheets>' + "".join(
            f'<sheet name="{escape(title)}" sheetId="{i}" r:id="rId{i}"/>' for i, (title, _) in enumerate(sheets, 1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="' + ns + 'package/2006/relationships">' + "".join(
            f'<Relationship Id="rId{i}" Type="{ns}officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(sheets) + 1)) + "</Relationships>",
    }
    for i, (_, rows) in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(rows, rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def damage_xml(rng: random.Random, content: bytes) -> bytes:
    """Rewrite one part of a workbook: a far dimension or cell, broken XML, a DTD, a huge row number."""
    source = zipfile.ZipFile(io.BytesIO(content))
    names = source.namelist()
    target = rng.choice(names)
    edits = [(b"<sheetData>", b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
             (b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="'), (b"<row ", b"<row r=\"1e300\" x="),
             (b"</worksheet>", b""), (b"<", b"<!DOCTYPE x [<!ENTITY a 'b'>]><"), (b'r="', b'r="ZZZZ'),
             (b"<v>", b"<v>1e999"), (b"<sheets>", b"<sheets><sheet name=\"x\" sheetId=\"9\" r:id=\"rId9\"/>")]
    old, new = rng.choice(edits)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            data = source.read(name)
            archive.writestr(name, data.replace(old, new, 1) if name == target else data)
    return out.getvalue()


def damage_bytes(rng: random.Random, content: bytes) -> bytes:
    data = bytearray(content)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(4)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            data[at:at] = rng.randbytes(rng.randrange(1, 16))
        elif op == 2:
            del data[at:at + rng.randrange(1, 64)]
        else:
            del data[at:]
    return bytes(data)


def generate(rng: random.Random, grids: list[tuple[str, list[list[str]]]]) -> tuple[bytes, str]:
    """One input: (content, file name)."""
    kind = rng.random()
    if kind < 0.03:
        return rng.randbytes(rng.randrange(0, 4096)), rng.choice(("random.csv", "random.xlsx"))
    name, rows = rng.choice(grids)
    rows = mutate_grid(rng, window(rng, rows) if rng.random() < 0.97 else rows)
    if kind < 0.7:
        content, name = to_csv(rng, rows), name.rsplit(".", 1)[0] + ".csv"
    else:
        sheets = [("data", rows)]
        if rng.random() < 0.3:
            sheets.append(("indikator", mutate_grid(rng, [DEFINITION_HEADER, DEFINITION_ROW])))
        content, name = to_xlsx(rng, sheets), name.rsplit(".", 1)[0] + ".xlsx"
        if rng.random() < 0.15:
            content = damage_xml(rng, content)
    if rng.random() < 0.08:
        content = damage_bytes(rng, content)
    return content, name
