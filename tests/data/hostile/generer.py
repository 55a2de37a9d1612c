#!/usr/bin/env python3
"""Regenerates the hostile and broken files of tests/data/hostile (see README.md beside this script).

Needs python3 (the standard library's zipfile and zlib), plus msoffcrypto-tool for the encrypted
workbook (`pip install msoffcrypto-tool`: the ECMA-376 "agile" encryption Excel uses), which is
kept as is when the module is missing:
    python3 tests/data/hostile/generer.py

Workbooks are written by hand (a minimal OOXML or ODF package) so that every byte that matters is
under control: zip bombs stay a few kilobytes, and each file holds exactly the defect it is named
after. Expected outcomes are in README.md and in tests/hostile.rs: keep the three in step.
"""

import io
import os
import struct
import tempfile
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

# The 17 columns of the upload profile and one valid learner (the reference's organismes).
HEADERS = [
    "nom_apprenant", "prenom_apprenant", "date_de_naissance_apprenant", "annee_scolaire",
    "id_erp_apprenant", "date_inscription_formation", "date_entree_formation", "date_fin_formation",
    "etablissement_responsable_uai", "etablissement_responsable_siret", "etablissement_formateur_uai",
    "etablissement_formateur_siret", "email_contact", "adresse_apprenant", "code_postal_apprenant",
    "sexe_apprenant", "annee_formation", "contrat_date_debut",
]


def learner(nom, prenom, ident):
    return [nom, prenom, "2005-03-14", "2025-2026", ident, "2025-09-01", "2025-09-01", "2027-06-30",
            "0755805C", "77568013501139", "0802004U", "77937827200016", f"{ident.lower()}@example.fr",
            "1 rue de la Paix", "75002", "F", "1", "2025-09-01"]


LEARNERS = [learner("Durand", "Léa", "A1"), learner("Petit", "Hugo", "A2"), learner("Roux", "Inès", "A3")]


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(data)


def col(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def cell_xml(ref, value):
    """A cell: str → inline string, int/float → number, ("f", formula, cached) → formula."""
    if isinstance(value, tuple):
        _, formula, cached = value
        if isinstance(cached, str) and cached.startswith("#"):
            return f'<c r="{ref}" t="e"><f>{esc(formula)}</f><v>{esc(cached)}</v></c>'
        if isinstance(cached, str):
            return f'<c r="{ref}" t="str"><f>{esc(formula)}</f><v>{esc(cached)}</v></c>'
        return f'<c r="{ref}"><f>{esc(formula)}</f><v>{cached}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{esc(value)}</t></is></c>'


def sheet_xml(rows, merges=()):
    """rows: list of (line, [values]) with None for an empty cell."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for line, values in rows:
        cells = "".join(cell_xml(f"{col(i)}{line}", v) for i, v in enumerate(values) if v is not None)
        out.append(f'<row r="{line}">{cells}</row>')
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        out.extend(f'<mergeCell ref="{m}"/>' for m in merges)
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out).encode()


HIDDEN = ' state="hidden"'


def xlsx(sheets, extra=()):
    """sheets: list of (name, sheet xml bytes, hidden). extra: (name, bytes, compress level) entries."""
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                     + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                               for i in range(len(sheets)))
                     + "</Types>")
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    workbook = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                + "".join(f'<sheet name="{esc(name)}" sheetId="{i + 1}"{HIDDEN if hidden else ""} r:id="rId{i + 1}"/>'
                          for i, (name, _, hidden) in enumerate(sheets))
                + "</sheets></workbook>")
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     + "".join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
                               for i in range(len(sheets)))
                     + "</Relationships>")
    path = tempfile.mktemp(suffix=".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", content_types.encode()), ("_rels/.rels", rels.encode()),
                           ("xl/workbook.xml", workbook.encode()), ("xl/_rels/workbook.xml.rels", workbook_rels.encode())]:
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        for i, (_, xml, _) in enumerate(sheets):
            z.writestr(zipfile.ZipInfo(f"xl/worksheets/sheet{i + 1}.xml", date_time=(2025, 1, 1, 0, 0, 0)), xml,
                       zipfile.ZIP_DEFLATED, 9)
        for name, data in extra:
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED, 9)
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def overlapping(archive, name, copies):
    """Adds `copies` central-directory entries pointing at the data of entry `name`."""
    end = archive.rindex(b"PK\x05\x06")
    count, size, offset = struct.unpack_from("<HII", archive, end + 10)
    directory = archive[offset:offset + size]
    at, records = 0, []
    while at < len(directory):
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", directory, at + 28)
        record = directory[at:at + 46 + name_len + extra_len + comment_len]
        records.append(record)
        at += len(record)
    kernel = next(r for r in records if r[46:46 + struct.unpack_from("<H", r, 28)[0]] == name.encode())
    for index in range(copies):
        alias = f"xl/media/b{index}.bin".encode()
        record = bytearray(kernel[:46]) + alias
        struct.pack_into("<HHH", record, 28, len(alias), 0, 0)
        records.append(bytes(record))
    directory = b"".join(records)
    tail = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(records), len(records), len(directory), offset, 0)
    return archive[:offset] + directory + tail


def table(extra_rows=(), start=2):
    return [(1, HEADERS)] + [(start + i, row) for i, row in enumerate(LEARNERS)] + list(extra_rows)


def ods(content, mime=b"application/vnd.oasis.opendocument.spreadsheet", mime_method=zipfile.ZIP_STORED):
    """A minimal .ods package around `content` (the content.xml body, as bytes); `mimetype` first,
    stored unless `mime_method` says otherwise."""
    path = tempfile.mktemp(suffix=".zip")
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                b'<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                b'</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", date_time=(2025, 1, 1, 0, 0, 0)),
                   mime, mime_method)
        z.writestr(zipfile.ZipInfo("content.xml", date_time=(2025, 1, 1, 0, 0, 0)), content, zipfile.ZIP_DEFLATED, 9)
        z.writestr(zipfile.ZipInfo("META-INF/manifest.xml", date_time=(2025, 1, 1, 0, 0, 0)), manifest,
                   zipfile.ZIP_DEFLATED)
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


ODS_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            b'<office:body><office:spreadsheet><table:table table:name="Feuille1">')
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"


def ods_cell(text):
    return f'<table:table-cell office:value-type="string"><text:p>{esc(text)}</text:p></table:table-cell>'.encode()


def ods_row(values):
    return b"<table:table-row>" + b"".join(ods_cell(v) for v in values) + b"</table:table-row>"


def csv_text(rows, sep=";", newline="\r\n"):
    return newline.join(sep.join(row) for row in rows) + newline


def main():
    # Zip bomb: a normal workbook plus a 10 Mio part of zeros deflated to about 10 Ko (ratio ~1000).
    write("bombe-zip.xlsx", xlsx([("Effectifs", sheet_xml(table()), False)],
                                 extra=[("xl/media/image1.bin", bytes(10 * 1024 * 1024))]))
    # Overlapping zip bomb (Fifield's construction): 716 central-directory entries that all point
    # at the same 1.5 Mo part (deflated about 90 times, under the ratio limit), so that the archive
    # declares more than 1 Gio for a file of about 50 Ko.
    kernel = bytearray(1_500_000)
    state = 1
    for at in range(0, len(kernel), 256):
        state = (state * 1103515245 + 12345) % 2**31
        kernel[at] = state % 256
    write("bombe-zip-chevauchante.xlsx", overlapping(xlsx([("Effectifs", sheet_xml(table()), False)],
                                                          extra=[("xl/media/k.bin", bytes(kernel))]),
                                                     "xl/media/k.bin", 716))
    # Truncated download: the first half of a real workbook.
    with open(os.path.join(DATA, "effectifs.xlsx"), "rb") as f:
        whole = f.read()
    write("tronque.xlsx", whole[: len(whole) // 2])
    # Excel's "Texte Unicode": UTF-16LE with BOM, tab-separated, CRLF.
    write("texte-unicode.txt", b"\xff\xfe" + csv_text([HEADERS] + LEARNERS, sep="\t").encode("utf-16-le"))
    # A row of 10 000 non-empty columns (beyond the 1 000-column limit).
    write("10000-colonnes.csv", csv_text([HEADERS, LEARNERS[0] + ["x"] * (10_000 - len(HEADERS))]).encode())
    # 10 000 trailing empty columns (separators only): ignored silently.
    write("colonnes-vides.csv", csv_text([HEADERS + [""] * 10_000] + [row + [""] * 10_000 for row in LEARNERS]).encode())
    # A 1 Mo cell (over Excel's 32 767 characters), in a workbook where it compresses to 1 Ko (the
    # sheet stays under the 1 Mio below which the compression ratio is not checked).
    big = list(LEARNERS[1])
    big[13] = "a" * 1_000_000
    write("cellule-1mo.xlsx", xlsx([("Effectifs", sheet_xml([(1, HEADERS), (2, LEARNERS[0]), (3, big)]), False)]))
    # The calamine hang: content.xml without its closing </table:table>.
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    write("ods-sans-fin-de-table.ods", ods(ODS_HEAD + body))
    # Repeats that would make calamine build 16 384 × 1 048 576 cells.
    bomb_row = (b'<table:table-row table:number-rows-repeated="1048576">'
                b'<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
                b"</table:table-row>")
    write("ods-repetitions.ods", ods(ODS_HEAD + body + bomb_row + ODS_TAIL))
    # Two billion spaces in one cell (<text:s text:c="2000000000"/>).
    spaces = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>'
              b"</text:p></table:table-cell></table:table-row>")
    write("ods-espaces.ods", ods(ODS_HEAD + body + spaces + ODS_TAIL))
    # Formula cells: cached values are read, cached errors become cell errors.
    formulas = [list(row) for row in LEARNERS]
    formulas[0][2] = ("f", "DATE(2005;3;14)", 38425)
    formulas[1][14] = ("f", 'VLOOKUP(A3;Codes!A:B;2;0)', "#N/A")
    formulas[2][16] = ("f", "1/0", "#DIV/0!")
    formulas[2][0] = ("f", 'UPPER("roux")', "ROUX")
    write("erreurs-de-formule.xlsx", xlsx([("Effectifs", sheet_xml([(1, HEADERS)] + [(2 + i, r) for i, r in enumerate(formulas)]), False)]))
    # Merged cells: the établissement columns merged vertically over the three learners, and a title.
    merged = [list(row) for row in LEARNERS]
    for row in merged[1:]:
        for index in (8, 9, 10, 11):
            row[index] = None
    rows = [(1, ["Effectifs 2025-2026"]), (2, HEADERS)] + [(3 + i, r) for i, r in enumerate(merged)]
    write("cellules-fusionnees.xlsx", xlsx([("Effectifs", sheet_xml(rows, merges=["A1:F1", "I3:I5", "J3:J5", "K3:K5", "L3:L5"]), False)]))
    # A header repeated mid-file (two exports pasted one under the other).
    write("en-tete-repete.csv", csv_text([HEADERS, LEARNERS[0], HEADERS, LEARNERS[1], LEARNERS[2]]).encode())
    # Mixed line endings and quoted fields holding line breaks.
    mixed = ";".join(HEADERS) + "\r\n" + ";".join(LEARNERS[0]) + "\n"
    quoted = list(LEARNERS[1])
    quoted[13] = '"Résidence Les Tilleuls\r\nbât. B\n5 place du Marché"'
    mixed += ";".join(quoted) + "\r" + ";".join(LEARNERS[2]) + "\r\n"
    write("fins-de-ligne-mixtes.csv", mixed.encode())
    # A hidden first sheet holding a header: the visible sheet is read.
    write("feuille-masquee.xlsx", xlsx([("Listes", sheet_xml([(1, ["sexe_apprenant"]), (2, ["F"])]), True),
                                        ("Effectifs", sheet_xml(table()), False)]))
    # An .xls whose DIMENSIONS record claims 4 294 967 295 rows (calamine would reserve them).
    with open(os.path.join(DATA, "effectifs.xls"), "rb") as f:
        xls = bytearray(f.read())
    at = xls.find(b"\x00\x02\x0e\x00")
    assert at > 0, "DIMENSIONS record not found"
    xls[at + 4 + 4: at + 4 + 8] = struct.pack("<I", 0xFFFFFFFF)
    write("xls-dimensions.xls", bytes(xls))
    # An .xls whose first text cell sits at row 57 861, column IV: 14.8 million cells in calamine's
    # dense range (about 900 Mo), under the cell limit, for a 13 Ko file.
    with open(os.path.join(DATA, "effectifs.xls"), "rb") as f:
        xls = bytearray(f.read())
    at = xls.find(b"\xfd\x00\x0a\x00")
    assert at > 0, "LABELSST record not found"
    struct.pack_into("<HH", xls, at + 4, 57860, 255)
    write("xls-cellule-lointaine.xls", bytes(xls))
    # A compound file whose directory chain loops back on itself: calamine would follow it forever,
    # its buffer growing by a sector each turn.
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 24, 0x3E, 3, 0xFFFE, 9)  # minor, major version, byte order, sector shift
    struct.pack_into("<H", header, 32, 6)  # mini sector shift
    struct.pack_into("<IIIIIIII", header, 44, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    header[76:512] = struct.pack("<I", 0) + b"\xff" * (512 - 80)  # DIFAT: the FAT is sector 0
    fat = struct.pack("<II", 0xFFFFFFFD, 1) + b"\xff" * (512 - 8)  # sector 1 (directory) → sector 1
    root = bytearray(128)
    name = "Root Entry".encode("utf-16-le") + b"\x00\x00"
    root[: len(name)] = name
    struct.pack_into("<H", root, 64, len(name))
    root[66] = 5  # root storage
    struct.pack_into("<I", root, 116, 0xFFFFFFFE)
    write("xls-chaine-en-boucle.xls", bytes(header) + fat + bytes(root) + bytes(384))
    # Encrypted with a password ("secret"): an OLE2 file holding the encrypted package, as Excel
    # writes it ("Protéger le classeur > Chiffrer avec mot de passe").
    try:
        import io
        import msoffcrypto.format.ooxml
    except ImportError:
        print("msoffcrypto-tool missing: chiffre.xlsx kept as is")
        return
    plain = io.BytesIO(xlsx([("Effectifs", sheet_xml(table()), False)]))
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", encrypted)
    write("chiffre.xlsx", encrypted.getvalue())


# ----------------------------------------------------------------------------------------------
# Round two (issue "Hostile files, round two"): `.xlsb` structures calamine panics on, `.ods`
# counts written with character references, amplification, memory before limits, lines lost.

def rec(kind, body=b""):
    """One BIFF12 record: its type (1 or 2 bytes), its length (1 to 4 bytes, 7 bits each), its body."""
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = len(body), b""
    while True:
        byte = size & 0x7F
        size >>= 7
        length += bytes([byte | (0x80 if size else 0)])
        if not size:
            break
    return head + length + body


def wide(text):
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(rows, strings=(), wb_prop=None, rel_id="rId1", dimension=None, bad_index=None, row_numbers=None,
         sheet_name="Effectifs", names=(), extern=None, rels=None, cells=b"", parts=None, more_sheets=()):
    """A minimal .xlsb: one sheet `Effectifs` of text cells (`("s", index)` for a shared string).
    more_sheets: (relationship id, name) of further sheets, whose relationships and parts the caller gives."""
    wb_prop = struct.pack("<III", 0, 0, 0) + wide("") if wb_prop is None else wb_prop
    workbook = (rec(0x83) + rec(0x99, wb_prop) + rec(0x8F)
                + rec(0x9C, struct.pack("<II", 0, 1) + wide(rel_id) + wide(sheet_name))
                + b"".join(rec(0x9C, struct.pack("<II", 0, 2 + i) + wide(more_id) + wide(more_name))
                           for i, (more_id, more_name) in enumerate(more_sheets)) + rec(0x90)
                + (b"" if extern is None else rec(0x16A, struct.pack("<I", len(extern)) + b"".join(
                    struct.pack("<Iii", 0, sheet, sheet) for sheet in extern)))
                + b"".join(rec(0x27, bytes(9) + wide(name) + struct.pack("<I", len(rgce)) + rgce + bytes(8))
                           for name, rgce in names)
                + rec(0x9D, bytes(12)) + rec(0x84))
    rels = rels or ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.bin"/></Relationships>').encode()
    last_row = max(line for line, _ in rows) - 1
    dimension = struct.pack("<IIII", 0, last_row, 0, 17) if dimension is None else dimension
    sheet = rec(0x81) + rec(0x94, dimension) + rec(0x91)
    for line, values in rows:
        number = (row_numbers or {}).get(line, line - 1)
        sheet += rec(0x00, struct.pack("<I", number) + bytes(13))
        for column, value in enumerate(values):
            if isinstance(value, tuple):
                sheet += rec(0x07, struct.pack("<III", column, 0, value[1]))
            elif value is not None:
                sheet += rec(0x06, struct.pack("<II", column, 0) + wide(value))
    sheet += cells + rec(0x92) + rec(0x82)
    sst = rec(0x9F, struct.pack("<II", len(strings), len(strings)))
    sst += b"".join(rec(0x13, b"\x00" + wide(text)) for text in strings) + rec(0xA0)
    path = tempfile.mktemp(suffix=".zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("xl/workbook.bin", workbook), ("xl/_rels/workbook.bin.rels", rels),
                           ("xl/worksheets/sheet1.bin", sheet), ("xl/sharedStrings.bin", sst)] + list(parts or ()):
            z.writestr(zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED, 9)
    with open(path, "rb") as f:
        data = f.read()
    os.remove(path)
    return data


def round_two():
    learners = [list(row) for row in LEARNERS]
    learners[0][0] = ("s", 0)  # Durand, from the shared strings
    rows = [(1, HEADERS)] + [(2 + i, row) for i, row in enumerate(learners)]
    write("xlsb-valide.xlsb", xlsb(rows, strings=["Durand"]))
    write("xlsb-proprietes-vides.xlsb", xlsb(rows, strings=["Durand"], wb_prop=b""))
    write("xlsb-relation-absente.xlsb", xlsb(rows, strings=["Durand"], rel_id="rId9"))
    write("xlsb-dimension-courte.xlsb", xlsb(rows, strings=["Durand"], dimension=bytes(8)))
    beyond = [list(row) for row in learners]
    beyond[1][0] = ("s", 99)
    write("xlsb-chaine-hors-table.xlsb", xlsb([(1, HEADERS)] + [(2 + i, r) for i, r in enumerate(beyond)],
                                              strings=["Durand"]))
    write("xlsb-ligne-hors-feuille.xlsb", xlsb(rows, strings=["Durand"], row_numbers={4: 0x200000}))
    # .ods counts written with XML character references, which calamine resolves.
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    bomb_row = (b'<table:table-row table:number-rows-repeated="&#49;048576">'
                b'<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
                b"</table:table-row>")
    write("ods-repetitions-references.ods", ods(ODS_HEAD + body + bomb_row + ODS_TAIL))
    spaces = (b'<table:table-row><table:table-cell office:value-type="string"><text:p>a'
              b'<text:s text:c="&#50;000000000"/></text:p></table:table-cell></table:table-row>')
    write("ods-espaces-references.ods", ods(ODS_HEAD + body + spaces + ODS_TAIL))
    # One 32 000-character shared string referenced by 36 000 cells: 1.1 Go of text from 40 Ko.
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               '<si><t>' + "a" * 32_000 + '</t></si></sst>').encode()
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    sheet.append('<row r="1">' + "".join(cell_xml(f"{col(i)}1", h) for i, h in enumerate(HEADERS)) + "</row>")
    for line in range(2, 2002):
        sheet.append(f'<row r="{line}">' + "".join(f'<c t="s"><v>0</v></c>' for _ in range(18)) + "</row>")
    sheet.append("</sheetData></worksheet>")
    write("chaine-partagee-repetee.xlsx", xlsx([("Effectifs", "".join(sheet).encode(), False)],
                                              extra=[("xl/sharedStrings.xml", strings)]))
    # One small merged area on each of 60 000 lines, and one area given 20 000 times.
    lines = [(1, HEADERS)] + [(line, ["x"]) for line in range(2, 60_002)]
    merges = [f"A{line}:B{line}" for line in range(2, 60_002)] + ["A2:C4"] * 20_000
    write("fusion-par-ligne.xlsx", xlsx([("Effectifs", sheet_xml(lines, merges=merges), False)]))
    # A row numbered past the last row of a sheet (r="4294967297": calamine wraps it to 0).
    far = sheet_xml(table()).replace(b'<row r="4">', b'<row r="4294967297">').replace(b'r="A4"', b'r="A4294967297"')
    write("ligne-hors-feuille.xlsx", xlsx([("Effectifs", far, False)]))
    # A shared-string index of -1 (calamine reads it as the first string).
    negative = sheet_xml(table()).replace(b'<c r="A3" t="inlineStr"><is><t xml:space="preserve">Petit</t></is></c>',
                                          b'<c r="A3" t="s"><v>-1</v></c>')
    assert negative != sheet_xml(table())
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               '<si><t>Durand</t></si></sst>').encode()
    write("index-negatif.xlsx", xlsx([("Effectifs", negative, False)], extra=[("xl/sharedStrings.xml", strings)]))
    # CSV: a quote opened on line 3 and never closed; a line of 200 000 separators.
    unclosed = [list(row) for row in LEARNERS]
    unclosed[1][13] = '"1 rue de la Paix'
    write("guillemet-non-ferme.csv", csv_text([HEADERS] + unclosed).encode())
    write("200000-separateurs.csv", (csv_text([HEADERS, LEARNERS[0]]) + ";" * 200_000 + "\r\n").encode())
    # 300 sheets whose relationships all point at one 3 Mo part without a header (the archive
    # counts it once; a reader inflating it once per sheet would inflate 900 Mo), then a real sheet.
    filler = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    filler += [f'<row r="{line}"><c r="A{line}"><v>{line}</v></c></row>' for line in range(1, 60_001)]
    filler.append("</sheetData></worksheet>")
    shared = xlsx([("Effectifs", sheet_xml(table()), False), ("Chiffres", "".join(filler).encode(), False)])
    source = zipfile.ZipFile(io.BytesIO(shared))
    sheets = "".join(f'<sheet name="Copie {i}" sheetId="{i + 3}" r:id="rId{i + 3}"/>' for i in range(300))
    rels = "".join(f'<Relationship Id="rId{i + 3}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet2.xml"/>' for i in range(300))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                # The copies first: the reader meets them before the real sheet.
                data = data.replace(b"<sheets>", b"<sheets>" + sheets.encode())
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED, 9)
    write("feuilles-sur-une-partie.xlsx", out.getvalue())
    # Control characters inside otherwise valid fields: NUL in a name, ESC in a first name (refused,
    # the value without them as the hint), a tab in an address (kept: a cell may hold one).
    controls = [list(row) for row in LEARNERS]
    controls[0][0] = "Du\x00rand"
    controls[1][1] = "\x1b[1mHugo"
    controls[2][13] = "1 rue de la Paix\tbât. B"
    write("caracteres-de-controle.csv", csv_text([HEADERS] + controls).encode())
    # One learner repeated on 1 000 lines (duplicates reported in linear space).
    write("doublons-1000.csv", csv_text([HEADERS] + [LEARNERS[0]] * 1000).encode())


# ----------------------------------------------------------------------------------------------
# Round three: every record of an `.xlsb` calamine reads by slicing on lengths from the file
# (the formulas of defined names above all), and the parts it finds differently from a plain look-up.

def round_three():
    learners = [list(row) for row in LEARNERS]
    learners[0][0] = ("s", 0)
    rows = [(1, HEADERS)] + [(2 + i, row) for i, row in enumerate(learners)]
    beyond = [list(row) for row in learners]
    beyond[1][0] = ("s", 99)
    beyond = [(1, HEADERS)] + [(2 + i, r) for i, r in enumerate(beyond)]
    # A print area, as Excel writes one (Effectifs!$A$1:$R$4): read as if it were not there.
    area = b"\x3b" + struct.pack("<HIIHH", 0, 0, 3, 0, 17)
    write("xlsb-nom-zone-impression.xlsb", xlsb(rows, strings=["Durand"], extern=[0],
                                                names=[("_xlnm.Print_Area", area)]))
    # A 3-D reference cut short; one to an external sheet beyond the table; a function beyond
    # calamine's table of 485; a row numbered from 1 past 2^32; a reference to name 0.
    write("xlsb-nom-formule-tronquee.xlsb", xlsb(rows, strings=["Durand"], extern=[0],
                                                 names=[("Zone", b"\x3a\x00\x00")]))
    write("xlsb-nom-feuille-externe.xlsb", xlsb(rows, strings=["Durand"], extern=[0],
                                                names=[("Zone", b"\x3a" + struct.pack("<HIH", 7, 0, 0))]))
    write("xlsb-nom-fonction-hors-table.xlsb", xlsb(rows, strings=["Durand"], extern=[0],
                                                    names=[("Calcul", b"\x1e\x01\x00\x21" + struct.pack("<H", 485))]))
    write("xlsb-nom-ligne-debordante.xlsb", xlsb(rows, strings=["Durand"],
                                                 names=[("Cellule", b"\x24" + struct.pack("<IH", 0xFFFFFFFF, 0))]))
    write("xlsb-nom-zero.xlsb", xlsb(rows, strings=["Durand"], names=[("Autre", b"\x23" + struct.pack("<I", 0))]))
    # 21 000 nested sub-formulas: calamine decodes each by a recursive call (a stack overflow).
    nested = b"\x1e\x01\x00"
    for _ in range(21_000):
        nested = b"\x29" + struct.pack("<H", len(nested)) + nested
    write("xlsb-nom-imbrique.xlsb", xlsb(rows, strings=["Durand"], names=[("Profond", nested)]))
    # A 10 000-character string put in a million parentheses, each inserted before the whole text (the
    # part stays under the 1 Mio below which the compression ratio is not checked).
    string = b"\x17" + struct.pack("<H", 10_000) + "a".encode("utf-16-le") * 10_000
    write("xlsb-nom-quadratique.xlsb", xlsb(rows, strings=["Durand"],
                                            names=[("Parentheses", string + b"\x15" * 1_000_000)]))
    # A record whose length field says 256 Mio; a cell text whose length is 2^32 - 1 characters.
    write("xlsb-enregistrement-geant.xlsb", xlsb(rows, strings=["Durand"], cells=b"\x06\xff\xff\xff\x7f" + bytes(64)))
    write("xlsb-texte-trop-long.xlsb", xlsb(rows, strings=["Durand"], cells=rec(
        0x06, struct.pack("<III", 0, 0, 0xFFFFFFFF) + "ab".encode("utf-16-le"))))
    # The relationship's id written twice: calamine stops at the second and never sees the target.
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>').encode()
    write("xlsb-relation-doublee.xlsb", xlsb(rows, strings=["Durand"], rels=rels))
    # A sheet name starting with a byte-order mark (calamine's decoder drops it), over a bad index.
    write("xlsb-nom-de-feuille-bom.xlsb", xlsb(beyond, strings=["Durand"], sheet_name="\ufeffEffectifs"))
    # Two sheet parts whose names differ only in case: calamine reads the last one.
    hostile = zipfile.ZipFile(io.BytesIO(xlsb(beyond, strings=["Durand"]))).read("xl/worksheets/sheet1.bin")
    write("xlsb-parties-homonymes.xlsb", xlsb(rows, strings=["Durand"], parts=[("XL/Worksheets/Sheet1.bin", hostile)]))
    # 400 shared strings of 1 000 characters, none used (read with a lower text limit).
    write("xlsb-chaines-inutilisees.xlsb", xlsb(rows, strings=["Durand"] + ["%04d" % i + "x" * 996 for i in range(400)]))

    # A wrong checksum (CRC-32) on the sheet part of each zip-based format.
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    write("crc-faux.xlsx", wrong_crc(xlsx([("Effectifs", sheet_xml(table()), False)]), "xl/worksheets/sheet1.xml"))
    write("crc-faux.ods", wrong_crc(ods(ODS_HEAD + body + ODS_TAIL), "content.xml"))
    write("crc-faux.xlsb", wrong_crc(xlsb(rows, strings=["Durand"]), "xl/worksheets/sheet1.bin"))
    # A cell of 17 Mio of letters without markup, compressed 53 times only (a random block repeated,
    # a fresh one every 120): under the ratio limit, it would be inflated and held whole.
    draw = __import__("random").Random(14)
    block = "".join(draw.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(16_384))
    parts = [block if i % 120 else "".join(draw.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(16_384))
             for i in range(1, 1089)]
    long_text = '<row r="5"><c r="A5" t="inlineStr"><is><t>' + "".join(parts) + "</t></is></c></row>"
    sheet = sheet_xml(table()).replace(b"</sheetData>", long_text.encode() + b"</sheetData>")
    write("texte-sans-balise.xlsx", xlsx([("Effectifs", sheet, False)]))
    # The same unused shared strings in an .xlsx (held whole by both readers, used or not).
    unused = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="400" uniqueCount="400">'
              + "".join(f"<si><t>{i:04d}{'x' * 996}</t></si>" for i in range(400)) + "</sst>").encode()
    write("chaines-inutilisees.xlsx", xlsx([("Effectifs", sheet_xml(table()), False)],
                                           extra=[("xl/sharedStrings.xml", unused)]))
    # The rows written in reverse order, the header last (each row used to be inserted before all
    # the others: 150 000 such lines took 40 s; see effectifs-bench --memory for that size).
    write("lignes-a-l-envers.xlsx", xlsx([("Effectifs", sheet_xml(list(reversed(table()))), False)]))


def wrong_crc(archive, name):
    """The archive with the CRC-32 of entry `name` altered, in its local header and in the central directory."""
    data = bytearray(archive)
    info = zipfile.ZipFile(io.BytesIO(archive)).getinfo(name)
    data[info.header_offset + 14] ^= 0x01
    end = data.rfind(b"PK\x05\x06")
    count, at = struct.unpack_from("<H", data, end + 10)[0], struct.unpack_from("<I", data, end + 16)[0]
    for _ in range(count):
        size, extra, comment = struct.unpack_from("<HHH", data, at + 28)
        if data[at + 46:at + 46 + size] == name.encode():
            data[at + 16] ^= 0x01
        at += 46 + size + extra + comment
    return bytes(data)


# ----------------------------------------------------------------------------------------------
# Found by the structure-aware fuzz targets (tests/generators.rs), rebuilt here small and readable.

def fuzz_finds():
    rows = [(1, HEADERS)] + [(2 + i, row) for i, row in enumerate(LEARNERS)]
    # Merged cells written before the cells: our reader hands such a sheet to calamine, which is
    # fine with it. The shared-string table then claims 2^40 strings in 130 bytes: calamine
    # reserves room for them before reading one (24 Tio: the process aborts).
    sheet = sheet_xml(rows).replace(b"<sheetData>", b'<mergeCells count="1"><mergeCell ref="T1:U1"/></mergeCells>'
                                                     b"<sheetData>")
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst '
               'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
               'uniqueCount="{}"><si><t>Durand</t></si></sst>')
    write("xlsx-nombre-de-chaines.xlsx", xlsx([("Effectifs", sheet, False)],
                                              extra=[("xl/sharedStrings.xml", strings.format(2 ** 40).encode())]))
    write("xlsx-nombre-de-chaines-juste.xlsx", xlsx([("Effectifs", sheet, False)],
                                                    extra=[("xl/sharedStrings.xml", strings.format(1).encode())]))
    # The same sheet (read by calamine) with a merged area down to row 99 999 999 999: calamine
    # reads references in 32 bits without checking (a panic in a debug build; in a release build
    # the row wraps to 1 215 752 191 and the area silently covers other rows).
    wrapped = sheet.replace(b'ref="T1:U1"', b'ref="B3:B99999999999"')
    write("xlsx-reference-debordante.xlsx", xlsx([("Effectifs", wrapped, False)]))


def reversed_areas():
    """Areas written end first (`C4:A3`): calamine computes their size with u32 arithmetic that
    wraps in the release builds we ship (our reader then fills nothing) and stops at an overflow
    check in a debug build; the dimension and one merged area are reversed, the lines are sound."""
    sheet = sheet_xml(table(), merges=["C4:A3"]).replace(
        b"<sheetData>", b'<dimension ref="R9:A1"/><sheetData>')
    write("zones-inversees.xlsx", xlsx([("Effectifs", sheet, False)]))


# ----------------------------------------------------------------------------------------------
# A damaged sheet beside a sound one: the sound one is read, the damaged one named in a warning.

def damaged_sheets():
    # .xlsx: a first sheet cut short in the middle of its XML (an interrupted save), before the real one.
    cut = sheet_xml(table())
    cut = cut[: cut.index(b'<row r="3">') + 40]
    write("feuille-endommagee.xlsx", xlsx([("Ancienne", cut, False), ("Effectifs", sheet_xml(table()), False)]))
    # .xlsx: a first sheet with a shared-string index of -1 (damage our own reader refuses).
    negative = sheet_xml(table()).replace(b'<c r="A3" t="inlineStr"><is><t xml:space="preserve">Petit</t></is></c>',
                                          b'<c r="A3" t="s"><v>-1</v></c>')
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               '<si><t>Durand</t></si></sst>').encode()
    write("feuille-endommagee-index.xlsx", xlsx([("Ancienne", negative, False), ("Effectifs", sheet_xml(table()), False)],
                                                extra=[("xl/sharedStrings.xml", strings)]))
    # .ods: a first table (one column: a whole sheet of rows stays under the cell limit) whose empty
    # row repeated 2^32 - 1 times makes calamine give a range one row taller than the cells it
    # holds, before the real table.
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    tall = (b'<table:table table:name="Ancienne">' + ods_row(HEADERS[:1])
            + b'<table:table-row table:number-rows-repeated="4294967295"></table:table-row>'
            + ods_row(LEARNERS[0][:1]) + b"</table:table>")
    head = ODS_HEAD.replace(b'<table:table table:name="Feuille1">', tall + b'<table:table table:name="Effectifs">')
    write("feuille-endommagee.ods", ods(head + body + ODS_TAIL))
    # .xlsb: the real sheet first, then a sheet with a shared-string index beyond the table (seen
    # while looking for a second sheet of learners).
    learners = [list(row) for row in LEARNERS]
    learners[0][0] = ("s", 0)
    beyond = [list(row) for row in learners]
    beyond[1][0] = ("s", 99)
    beyond = [(1, HEADERS)] + [(2 + i, r) for i, r in enumerate(beyond)]
    hostile = zipfile.ZipFile(io.BytesIO(xlsb(beyond, strings=["Durand"]))).read("xl/worksheets/sheet1.bin")
    relationship = ('<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships/worksheet" Target="worksheets/sheet{}.bin"/>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + relationship.format(1, 1) + relationship.format(2, 2) + "</Relationships>").encode()
    write("feuille-endommagee.xlsb", xlsb([(1, HEADERS)] + [(2 + i, r) for i, r in enumerate(learners)],
                                          strings=["Durand"], rels=rels, more_sheets=[("rId2", "Ancienne")],
                                          parts=[("xl/worksheets/sheet2.bin", hostile)]))


# ----------------------------------------------------------------------------------------------
# Round four: a cell made of many short runs, each under the 16 Mio without markup.

def short_runs(seed, size):
    """About `size` bytes of rich-text runs (`<r><t>…</t></r>`) of 500 to 4 000 random letters:
    every run is short, so no stretch without markup is long (a million runs of a few letters would
    do the same, but take a debug build many seconds to parse); compressed about 60 times (a 16 Kio
    block of runs repeated, a fresh one every 150), under the ratio limit."""
    draw = __import__("random").Random(seed)

    def block():
        runs, length = [], 0
        while length < 16_384:
            run = "<r><t>" + "".join(draw.choice("abcdefghijklmnopqrstuvwxyz")
                                     for _ in range(draw.randint(500, 4_000))) + "</t></r>"
            runs.append(run)
            length += len(run)
        return "".join(runs)

    repeated = block()
    return "".join(repeated if i % 150 else block() for i in range(1, size // len(repeated) + 2))


def round_four():
    runs = short_runs(4, 17 * 1024 * 1024)
    # A shared string of 17 Mio of short runs (7 800), used by cell A5: calamine gathers the runs
    # into one string before any cell limit applies.
    strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
               "<si>" + runs + "</si></sst>").encode()
    used = sheet_xml(table()).replace(b"</sheetData>", b'<row r="5"><c r="A5" t="s"><v>0</v></c></row></sheetData>')
    write("texte-en-morceaux.xlsx", xlsx([("Effectifs", used, False)], extra=[("xl/sharedStrings.xml", strings)]))
    # The same runs in an inline string (`<is>`) of cell A5.
    inline = '<row r="5"><c r="A5" t="inlineStr"><is>' + runs + "</is></c></row>"
    sheet = sheet_xml(table()).replace(b"</sheetData>", inline.encode() + b"</sheetData>")
    write("texte-en-morceaux-en-ligne.xlsx", xlsx([("Effectifs", sheet, False)]))
    # A second sheet whose one cell of 30 000 characters is repeated over 10 000 columns: calamine
    # builds every sheet of an .ods, each repeat a copy (300 Mo of text out of a 3 Ko file).
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    repeated = (b'</table:table><table:table table:name="Notes"><table:table-row>'
                b'<table:table-cell table:number-columns-repeated="10000" office:value-type="string"><text:p>'
                + b"x" * 30_000 + b"</text:p></table:table-cell></table:table-row>")
    write("ods-texte-repete.ods", ods(ODS_HEAD + body + repeated + ODS_TAIL))


def ods_in_memory():
    """`.ods` files whose repeats make calamine hold far more than their text: every sheet is read
    whole, each cell twice (its row, then the sheet's range), before a sheet is chosen."""
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    def second_sheet(cell):
        # A second sheet: `cell` repeated over 1 000 columns and 14 000 rows (14 million cells).
        return (b'</table:table><table:table table:name="Notes"><table:table-row table:number-rows-repeated="14000">'
                b'<table:table-cell table:number-columns-repeated="1000" ' + cell + b"</table:table-cell></table:table-row>")
    # One letter: 14 Mo of text, under the cell and text limits; 1.1 Go inside calamine.
    letters = second_sheet(b'office:value-type="string"><text:p>a</text:p>')
    write("ods-cellule-repetee.ods", ods(ODS_HEAD + body + letters + ODS_TAIL))
    # A number: 0.9 Go inside calamine.
    numbers = second_sheet(b'office:value-type="float" office:value="1.5"><text:p>1,5</text:p>')
    write("ods-nombre-repete.ods", ods(ODS_HEAD + body + numbers + ODS_TAIL))


def compressed_mimetype():
    """`.ods` packages whose `mimetype` entry is deflated (the standard asks for it stored; some
    writers compress it, and calamine and LibreOffice read them)."""
    body = ods_row(HEADERS) + b"".join(ods_row(row) for row in LEARNERS)
    write("ods-mimetype-compresse.ods", ods(ODS_HEAD + body + ODS_TAIL, mime_method=zipfile.ZIP_DEFLATED))
    # A text document (OpenDocument Text) the same way, named .ods: still not a spreadsheet.
    write("odt-mimetype-compresse.ods", ods(ODS_HEAD + body + ODS_TAIL, mime=b"application/vnd.oasis.opendocument.text",
                                            mime_method=zipfile.ZIP_DEFLATED))


if __name__ == "__main__":
    main()
