#!/usr/bin/env python3
"""Issue 13's hostile inputs, made here and run against a built sowgen, one row each: the class,
the input, the command, exit code, wall seconds and peak RSS (GNU time), and what was seen.

Usage: bench/hostile.py [SOWGEN] [--only CLASS[,CLASS]] [--markdown]
  SOWGEN      the binary (default target/release/sowgen; build it with
              `cargo build --release --bin sowgen`)
  --only      run only these classes (2..7); class 1 is scripts/output-hostile.sh
  --markdown  print the table as Markdown
Nothing is written outside a temporary folder, which is removed at the end. Needs GNU time at
/usr/bin/time. Every input is generated; the biggest (a 100 MB CSV) takes a few seconds to write.
"""
import json, os, re, shutil, subprocess, sys, tempfile, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
LIMIT_MB = 400

# ---- inputs --------------------------------------------------------------------------------

TYPES = ["Patient Room", "Exam Room", "Nurse Station", "Office", "Conference Room",
         "ICU Patient Room", "Clean Utility", "Medication Room"]
HEADER = "Room Number,Room Name,Room Type,IDF,Data Drops,Wireless APs,Workstations,Phones,Printers,Displays,Notes\n"


def room_csv(path, rooms, name_chars=0, notes_chars=0, counts="4,1,2,1,0,1", bump=None):
    """A room list of `rooms` rows; `bump(i)` may return other counts for row i (a revision)."""
    with open(path, "w", newline="") as f:
        f.write(HEADER)
        for i in range(rooms):
            name = f"Room {i}"
            if name_chars:
                name = (name + " " + "x" * name_chars)[:name_chars]
            notes = ("n" * notes_chars) if notes_chars else ""
            c = (bump(i) if bump else None) or counts
            f.write(f"R{100000 + i},{name},{TYPES[i % len(TYPES)]},IDF-{i // 120},{c},{notes}\n")
    return path


def zip_parts(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", method) as z:
        for name, data in parts:
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


CT = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
      'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
      'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
      'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>')
WB_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
           'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
           'Target="worksheets/sheet1.xml"/></Relationships>')


def workbook_xml(state=None):
    hidden = f' state="{state}"' if state else ""
    return ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Rooms" '
            f'sheetId="1"{hidden} r:id="rId1"/></sheets></workbook>')


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows, close=True):
    body = "".join(rows)
    head = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    return head + body + ("</sheetData></worksheet>" if close else "")


def room_rows(n, data_cell=None):
    rows = ['<row r="1">' + inline("A1", "Room") + inline("B1", "Room Type") + inline("C1", "Data") + "</row>"]
    for i in range(2, n + 2):
        cell = data_cell(i) if data_cell else f'<c r="C{i}"><v>2</v></c>'
        rows.append(f'<row r="{i}">' + inline(f"A{i}", str(100 + i)) + inline(f"B{i}", "Office") + cell + "</row>")
    return rows


def xlsx(path, sheet, extra=(), state=None, sst=None):
    parts = [("[Content_Types].xml", CT), ("_rels/.rels", RELS), ("xl/workbook.xml", workbook_xml(state)),
             ("xl/_rels/workbook.xml.rels", WB_RELS), ("xl/worksheets/sheet1.xml", sheet)]
    if sst is not None:
        parts.append(("xl/sharedStrings.xml", sst))
    return zip_parts(path, parts + list(extra))


def ods(path, prefixes=("office", "table", "text"), truncate=False):
    o, t, x = prefixes
    cell = lambda v: f'<{t}:table-cell {o}:value-type="string"><{x}:p>{v}</{x}:p></{t}:table-cell>'
    num = f'<{t}:table-cell {o}:value-type="float" {o}:value="3"><{x}:p>3</{x}:p></{t}:table-cell>'
    rows = [f"<{t}:table-row>" + cell("Room") + cell("Room Type") + cell("Data") + f"</{t}:table-row>"]
    rows += [f"<{t}:table-row>" + cell(f"1-{100 + i}") + cell("Office") + num + f"</{t}:table-row>" for i in range(6)]
    body = "".join(rows[:4]) if truncate else "".join(rows) + f"</{t}:table></{o}:spreadsheet></{o}:body></{o}:document-content>"
    content = (f'<?xml version="1.0" encoding="UTF-8"?><{o}:document-content xmlns:{o}="urn:oasis:names:tc:'
               f'opendocument:xmlns:office:1.0" xmlns:{t}="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               f'xmlns:{x}="urn:oasis:names:tc:opendocument:xmlns:text:1.0" {o}:version="1.2"><{o}:body>'
               f'<{o}:spreadsheet><{t}:table {t}:name="Rooms">' + body)
    return zip_parts(path, [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                            ("content.xml", content)], zipfile.ZIP_STORED)


def many_entries(path, count):
    """A zip of `count` empty stored entries, written directly (zipfile would take minutes)."""
    import struct, zlib
    crc = zlib.crc32(b"")
    central, offset = bytearray(), 0
    with open(path, "wb") as f:
        for i in range(count):
            name = f"e/{i}".encode()
            local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, 0, 0, len(name), 0) + name
            f.write(local)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, 0, 0,
                                   len(name), 0, 0, 0, 0, 0, offset) + name
            offset += len(local)
        f.write(central)
        n = min(count, 0xFFFF)
        f.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), offset, 0))
    return path


def xls_stray(path):
    data = bytearray(open(os.path.join(FIXTURES, "ward.xls"), "rb").read())
    at = data.find(bytes([0xFD, 0x00, 0x0A, 0x00, 0, 0, 0, 0]))
    data[at + 4:at + 8] = bytes([0xFF, 0xFF, 0xFF, 0x00])
    open(path, "wb").write(data)
    return path


def catalog_with(path, *swaps):
    text = open(os.path.join(ROOT, "templates", "catalog.toml")).read()
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    open(path, "w").write(text)
    return path


def line_heavy_catalog(path):
    """Every device expands into 100 parts of its own, each with a 500-character description: the
    most lines and text per room the catalog's limits allow."""
    text = open(os.path.join(ROOT, "templates", "catalog.toml")).read()
    devices = ["data_drops", "wireless_aps", "workstations", "phones", "printers", "displays"]
    for d in devices:
        items = ", ".join(f'{{ part = "H-{d}-{i:03}", qty = "1" }}' for i in range(100))
        text, n = re.subn(rf"(\[devices\.{d}\]\nheaders = .*\n)parts = \[\n(?:.*\n)*?\]\n",
                          lambda m: m.group(1) + f"parts = [{items}]\n", text, count=1)
        assert n == 1, d
    parts = []
    for d in devices:
        for i in range(100):
            pid = f"H-{d}-{i:03}"
            desc = ((pid + " ") * 40)[:500]
            parts.append(f'[parts.{pid}]\ndescription = "{desc}"\nunit = "ea"\nunit_cost = "12.34"\n'
                         f'labor_hours = "0.25"\ndiscipline = "cabling"\n')
    open(path, "w").write(text + "\n" + "\n".join(parts))
    return path


# ---- running -------------------------------------------------------------------------------

class Runner:
    def __init__(self, binary, work):
        self.bin, self.work, self.rows = binary, work, []

    def run(self, cls, name, args, cwd=None, stdin=None, expect=None, note=None):
        timefile = os.path.join(self.work, "time.txt")
        out_path = os.path.join(self.work, "stdout.txt")
        with open(out_path, "wb") as out, open(os.path.join(self.work, "stderr.txt"), "wb") as err:
            proc = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", timefile, self.bin] + args,
                                  cwd=cwd or self.work, stdout=out, stderr=err, stdin=stdin)
        seconds, kb = open(timefile).read().split()[-2:]
        stdout = open(out_path, "rb").read().decode(errors="replace")
        stderr = open(os.path.join(self.work, "stderr.txt"), "rb").read().decode(errors="replace")
        seen = note(stdout, stderr) if note else first_message(stdout, stderr)
        ok = expect is None or proc.returncode == expect
        mb = int(kb) / 1024
        flag = "" if ok and mb <= LIMIT_MB else " !!"
        self.rows.append((cls, name, " ".join(shorten(a) for a in args[:1]), proc.returncode,
                          float(seconds), mb, (seen or "")[:150] + flag))


def shorten(arg):
    return os.path.basename(arg) if os.sep in arg else arg


def first_message(stdout, stderr):
    try:
        doc = json.loads(stdout)
    except ValueError:
        lines = [l for l in (stderr + stdout).splitlines() if l.strip()]
        return lines[0] if lines else ""
    errors = doc.get("errors") or []
    if errors:
        e = errors[0]
        where = ", ".join(str(e[k]) for k in ("sheet", "row", "column", "file", "line", "key") if e.get(k))
        return (where + ": " if where else "") + str(e.get("message", e))
    parts = []
    if "rooms" in doc:
        parts.append(f"{doc['rooms']} rooms")
    if "totals" in doc:
        parts.append(f"grand total {doc['totals'].get('grand_total')}")
    if "cost_delta" in doc:
        parts.append(f"cost delta {doc['cost_delta']}, {len(doc.get('changed', []))} changed")
    for w in (doc.get("warnings") or [])[:1]:
        parts.append("warning: " + w["message"])
    return "; ".join(parts)


def json_note(extra):
    def note(stdout, stderr):
        try:
            doc = json.loads(stdout)
        except ValueError as e:
            return f"stdout is NOT one JSON document ({e})"
        return "one JSON document; " + extra(doc, stdout, stderr)
    return note


# ---- the classes ---------------------------------------------------------------------------

def class2(r, w):
    j = ["--json"]
    lst = room_csv(f"{w}/small.csv", 20)
    r.run(2, "shared-string count 4,000,000,000 (sst element)", ["check", xlsx(f"{w}/sst1.xlsx", sheet_xml(room_rows(2)), sst='<sst uniqueCount="4000000000"/>')] + j, expect=1)
    r.run(2, "shared-string count deep inside its part, other prefix", ["check", xlsx(f"{w}/sst2.xlsx", sheet_xml(room_rows(2)), sst='<?xml version="1.0"?><!-- x --><wrap><x:sst xmlns:x="s" uniqueCount="99999999999999999999"/></wrap>')] + j, expect=1)
    rec = bytes([0x83, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0])
    r.run(2, "xlsb record declaring 256 MB", ["check", zip_parts(f"{w}/rec.xlsb", [("xl/workbook.bin", rec)])] + j, expect=1)
    for f in sorted(os.listdir(os.path.join(FIXTURES, "fuzz"))):
        if f.startswith("cfb-"):
            r.run(2, f"xls container: {f[4:-4]}", ["check", os.path.join(FIXTURES, "fuzz", f)] + j, expect=1)
    tpl = lambda name, files: _templates(w, name, files)
    r.run(2, "template: a partial that includes itself", ["build", lst, "--templates", tpl("self", {"scope-of-work.hbs": "{{> scope-of-work.hbs}}"}), "-o", f"{w}/o-t1"] + j, expect=1)
    r.run(2, "template: two partials that include each other", ["build", lst, "--templates", tpl("mutual", {"scope-of-work.hbs": "{{> bid-package.hbs}}", "bid-package.hbs": "{{> scope-of-work.hbs}}"}), "-o", f"{w}/o-t2"] + j, expect=1)
    r.run(2, "template: 100,000 nested {{#if}}", ["build", lst, "--templates", tpl("deep", {"scope-of-work.hbs": "{{#if file}}" * 100_000}), "-o", f"{w}/o-t3"] + j, expect=1)
    r.run(2, "template: 100,000 nested subexpressions", ["build", lst, "--templates", tpl("paren", {"scope-of-work.hbs": "{{file " + "(lookup " * 100_000 + "}}"}), "-o", f"{w}/o-t4"] + j, expect=1)
    loops = "{{#each @root.clauses.assumptions}}" * 3 + "{{@root.clauses.purpose}}" * 2000 + "{{/each}}" * 3
    r.run(2, "template: 3 nested loops x 2,000 purposes", ["build", lst, "--templates", tpl("loops", {"scope-of-work.hbs": loops}), "-o", f"{w}/o-t5"] + j, expect=1)
    cat = lambda name, *swaps: catalog_with(f"{w}/{name}.toml", *swaps)
    r.run(2, "catalog: unit cost 1e27", ["check", lst, "--catalog", cat("c1", ('unit_cost = "96.00"', 'unit_cost = "1000000000000000000000000000"'))] + j, expect=1)
    r.run(2, "catalog: labor rate 10,001", ["check", lst, "--catalog", cat("c2", ('labor_rate = "125.00"', 'labor_rate = "10001"'))] + j, expect=1)
    r.run(2, "catalog: contingency 1e9 %", ["check", lst, "--catalog", cat("c3", ("contingency_percent = \"10\"", "contingency_percent = \"1000000000\""))] + j, expect=1)
    r.run(2, "catalog: labor hours with 20 decimals", ["check", lst, "--catalog", cat("c4", ('labor_hours = "0.75"', 'labor_hours = "0.12345678901234567890"'))] + j, expect=1)
    open(f"{w}/deep.toml", "w").write("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    open(f"{w}/dotted.toml", "w").write("a." * 100_000 + "b = 1\n")
    open(f"{w}/inline.toml", "w").write("a = " + "{b = " * 100_000 + "1" + "}" * 100_000 + "\n")
    for f in ["deep", "dotted", "inline"]:
        r.run(2, f"catalog: 100,000-deep {f} TOML", ["check", lst, "--catalog", f"{w}/{f}.toml"] + j, expect=1)
        r.run(2, f"project file: 100,000-deep {f} TOML", ["check", lst, "--project", f"{w}/{f}.toml"] + j, expect=1)
    open(f"{w}/p-budget.toml", "w").write('name = "X"\napproved_budget = "1e30"\n')
    r.run(2, "project file: approved budget 1e30", ["check", lst, "--project", f"{w}/p-budget.toml"] + j, expect=1)
    open(f"{w}/big.toml", "w").write("# " + "x" * (5 * 1024 * 1024) + "\n")
    r.run(2, "catalog: 5 MB file", ["check", lst, "--catalog", f"{w}/big.toml"] + j, expect=1)
    open(f"{w}/count.csv", "w").write("Room,Room Type,Data,Phones\n101,Office,10001,1\n102,Office,2,4294967296\n")
    r.run(2, "counts 10,001 and 4,294,967,296 in cells", ["check", f"{w}/count.csv"] + j, expect=1)
    maxed = room_csv(f"{w}/maxcounts.csv", 15_000, counts="10000,10000,10000,10000,10000,10000")
    r.run(2, "15,000 rooms x 10,000 of every device (check)", ["check", maxed] + j, expect=0,
          note=json_note(lambda d, *_: f"data drops {d['devices']['data_drops']:,} (exact)"))
    r.run(2, "15,000 rooms x 10,000 of every device (build)", ["build", maxed, "-o", f"{w}/o-max"] + j, expect=0)


def _templates(w, name, files):
    d = f"{w}/tpl-{name}"
    os.makedirs(d, exist_ok=True)
    for f, text in files.items():
        open(os.path.join(d, f), "w").write(text)
    return d


def class3(r, w):
    j = ["--json"]
    rec = bytes([0x00, 17]) + (0x200000).to_bytes(4, "little") + bytes(13)
    r.run(3, "xlsb row record past the sheet", ["check", zip_parts(f"{w}/rows.xlsb", [("xl/worksheets/sheet1.bin", rec)])] + j, expect=1)
    r.run(3, "xls record cut short", ["check", os.path.join(FIXTURES, "fuzz", "xls-short-record.xls")] + j, expect=1)
    rows = room_rows(10)
    r.run(3, "xlsx sheet cut after row 6", ["check", xlsx(f"{w}/cut.xlsx", sheet_xml(rows[:7], close=False))] + j, expect=1)
    r.run(3, "ods table cut after row 3", ["check", ods(f"{w}/cut.ods", truncate=True)] + j, expect=1)
    f435 = lambda i: f'<c r="C{i}"><f>4.35*100</f></c>'
    r.run(3, "xlsx formula 4.35*100, no saved result", ["check", xlsx(f"{w}/f1.xlsx", sheet_xml(room_rows(1, f435)))] + j, expect=0,
          note=json_note(lambda d, *_: f"data drops {d['devices']['data_drops']}"))
    saved = lambda i: f'<c r="C{i}"><f>A9</f><v>7</v></c>'
    r.run(3, "xlsx formula with saved result 7", ["check", xlsx(f"{w}/f2.xlsx", sheet_xml(room_rows(1, saved)))] + j, expect=0,
          note=json_note(lambda d, *_: f"data drops {d['devices']['data_drops']}"))
    none = lambda i: f'<c r="C{i}"><f>A9*2</f></c>'
    r.run(3, "xlsx formula A9*2, no saved result", ["check", xlsx(f"{w}/f3.xlsx", sheet_xml(room_rows(1, none)))] + j, expect=1)
    dup = [("[Content_Types].xml", CT), ("xl/workbook.xml", "<workbook/>"), ("xl/Workbook.xml", "<workbook/>")]
    r.run(3, "zip parts xl/workbook.xml and xl/Workbook.xml", ["check", zip_parts(f"{w}/dup.xlsx", dup)] + j, expect=1)
    over = room_csv(f"{w}/over.csv", 15_001)
    r.run(3, "15,001 rooms (one past the limit): check", ["check", over] + j, expect=1)
    r.run(3, "15,001 rooms: build", ["build", over, "-o", f"{w}/o-over"] + j, expect=1,
          note=lambda o, e: first_message(o, e) + f"; folder written: {os.path.exists(w + '/o-over')}")
    lst = room_csv(f"{w}/trades.csv", 20, counts="4,1,2,1,0,2")
    cat = catalog_with(f"{w}/trades.toml", ('trade = "Structured Cabling"', 'trade = "A/V"'),
                       ('trade = "Network Equipment"', 'trade = "A-V"'), ('trade = "Audio-Visual"', 'trade = "a v"'))

    def trades(stdout, stderr):
        doc = json.loads(stdout)
        bids = [o for o in doc["outputs"] if "bid-packages" in o]
        files = sorted(os.listdir(f"{w}/o-trades/bid-packages"))
        return f"{len(set(bids))} distinct of {len(bids)} listed; files: {' '.join(files)}"
    r.run(3, "trades 'A/V', 'A-V', 'a v'", ["build", lst, "--catalog", cat, "-o", f"{w}/o-trades"] + j, expect=0, note=trades)


def class4(r, w):
    j = ["--json"]
    lst = room_csv(f"{w}/c4.csv", 20)
    open(f"{w}/p-markup.toml", "w").write(
        'name = "West\\n# Injected Heading\\n- bullet\\n| a | b |\\n{{> scope-of-work.hbs}}"\n'
        'facility = "{{#each rooms}}x{{/each}}\\n## Facility"\n')

    def sow(stdout, stderr):
        doc = json.loads(stdout)
        with zipfile.ZipFile(f"{w}/o-markup/scope-of-work.docx") as z:
            xml = z.read("word/document.xml").decode()
        heads = len(re.findall(r'w:pStyle w:val="Heading', xml))
        plain = json.loads(subprocess.run([r.bin, "build", lst, "-o", f"{w}/o-plain", "--json"], capture_output=True).stdout)
        with zipfile.ZipFile(f"{w}/o-plain/scope-of-work.docx") as z:
            plain_heads = len(re.findall(r'w:pStyle w:val="Heading', z.read("word/document.xml").decode()))
        return f"SOW headings {heads} (plain name: {plain_heads}); outputs {len(doc['outputs'])}"
    r.run(4, "project name/facility with newlines, markup, template code", ["build", lst, "--project", f"{w}/p-markup.toml", "-o", f"{w}/o-markup"] + j, expect=0, note=sow)
    esc = f"{w}/esc.csv"
    open(esc, "w").write("Room,Room Name,Room Type,Data\n101,\"Lobby\x1b[2J\x1b]0;pwned\x07\r\nforged line\",Office,2\n102,=HYPERLINK(\"x\")\x01\x02,Office,1\n103,Exam Rooom\x1b[31m,Exam Rooom\x1b[31m,1\n")
    r.run(4, "room names with escape sequences (terminal)", ["check", esc], expect=0,
          note=lambda o, e: f"ESC or BEL on the terminal: {any(c in o + e for c in chr(27) + chr(7))}; lines {len((o + e).splitlines())}")

    def csv_note(stdout, stderr):
        text = open(f"{w}/o-esc/rooms.csv", encoding="utf-8").read()
        controls = sorted({hex(ord(c)) for c in text if ord(c) < 32 and c not in "\r\n"})
        formula = any(line.split(",")[1].startswith("=") for line in text.splitlines()[1:] if "," in line)
        return f"rooms.csv control characters: {controls or 'none'}; a cell starting '=': {formula}"
    r.run(4, "CSV cells with controls and a formula", ["build", esc, "-o", f"{w}/o-esc"] + j, expect=0, note=csv_note)


def class5(r, w):
    j = ["--json"]
    big = room_csv(f"{w}/rooms-15000.csv", 15_000)
    big_b = room_csv(f"{w}/rooms-15000-b.csv", 15_000, bump=lambda i: "6,2,2,1,1,1" if i % 7 == 0 else None)
    r.run(5, "15,000 rooms (the limit): check", ["check", big] + j, expect=0)
    r.run(5, "15,000 rooms: build", ["build", big, "-o", f"{w}/o-big"] + j, expect=0)
    r.run(5, "15,000 rooms: diff against a revision", ["diff", big, big_b, "-o", f"{w}/o-bigdiff"] + j, expect=0)
    long_ = room_csv(f"{w}/long-15000.csv", 15_000, name_chars=480, notes_chars=490)
    long_b = room_csv(f"{w}/long-15000-b.csv", 15_000, name_chars=480, notes_chars=490,
                      bump=lambda i: "6,2,2,1,1,1" if i % 3 == 0 else None)
    r.run(5, "15,000 rooms x 990 chars of text: check", ["check", long_] + j, expect=0)
    r.run(5, "15,000 rooms x 990 chars of text: build", ["build", long_, "-o", f"{w}/o-long"] + j, expect=0)
    r.run(5, "15,000 rooms x 990 chars of text: diff", ["diff", long_, long_b, "-o", f"{w}/o-longdiff"] + j, expect=0)
    r.run(5, "one room with 1,025 chars of text", ["check", room_csv(f"{w}/long1.csv", 1, name_chars=511, notes_chars=490)] + j, expect=1)
    heavy = line_heavy_catalog(f"{w}/heavy.toml")
    fit = room_csv(f"{w}/heavy-fit.csv", 830, counts="1,1,1,1,1,1")
    r.run(5, "600 parts/room x 830 rooms (498,000 lines): check", ["check", fit, "--catalog", heavy] + j, expect=0)
    r.run(5, "600 parts/room x 830 rooms: build", ["build", fit, "--catalog", heavy, "-o", f"{w}/o-heavy"] + j, expect=0,
          note=lambda o, e: first_message(o, e) + "; " + _line_count(w + "/o-heavy"))
    fit_b = room_csv(f"{w}/heavy-fit-b.csv", 830, counts="1,1,1,1,1,1", bump=lambda i: "2,1,1,1,1,1" if i % 2 else None)
    r.run(5, "600 parts/room x 830 rooms: diff", ["diff", fit, fit_b, "--catalog", heavy, "-o", f"{w}/o-heavydiff"] + j, expect=0)
    r.run(5, "600 parts/room x 840 rooms (past 500,000 lines)", ["check", room_csv(f"{w}/heavy-over.csv", 840, counts="1,1,1,1,1,1"), "--catalog", heavy] + j, expect=1)
    r.run(5, "zip of 1,000,000 empty entries", ["check", many_entries(f"{w}/entries.xlsx", 1_000_000)] + j, expect=1)
    r.run(5, "zip of 10,001 empty entries", ["check", many_entries(f"{w}/entries2.xlsx", 10_001)] + j, expect=1)
    with open(f"{w}/commas.csv", "w") as f:
        f.write("Room,Room Type,Data\n")
        f.write("," * 99_000_000 + "\n")
    r.run(5, "one line of 99 M commas", ["check", f"{w}/commas.csv"] + j, expect=1)
    with open(f"{w}/field.csv", "w") as f:
        f.write('Room,Room Type,Data\n101,Office,"' + "x" * 99_000_000 + '"\n')
    r.run(5, "one quoted field of 99 MB", ["check", f"{w}/field.csv"] + j, expect=1)
    with open(f"{w}/huge.csv", "w") as f:
        f.write("Room,Room Type,Data\n" + "# filler\n" * (101 * 1024 * 1024 // 9))
    r.run(5, "a 101 MB file", ["check", f"{w}/huge.csv"] + j, expect=1)
    open(f"{w}/cell.csv", "w").write("Room,Room Type,Data,Notes\n101,Office,2," + "y" * 32_768 + "\n")
    r.run(5, "a 32,768-character cell: check", ["check", f"{w}/cell.csv"] + j, expect=1)
    r.run(5, "a 32,768-character cell: build", ["build", f"{w}/cell.csv", "-o", f"{w}/o-cell"] + j, expect=1)
    names = "".join(f'<row r="{i}">' + inline(f"A{i}", str(i)) + inline(f"B{i}", "Office") + inline(f"C{i}", "z" * 20_000) + "</row>" for i in range(2, 3_102))
    head = '<row r="1">' + inline("A1", "Room") + inline("B1", "Room Type") + inline("C1", "Room Name") + "</row>"
    r.run(5, "3,100 room names of 20 KB (xlsx)", ["check", xlsx(f"{w}/names.xlsx", sheet_xml([head, names]))] + j, expect=1)


def _line_count(out):
    try:
        doc = json.load(open(os.path.join(out, "estimate.json")))
        return f"{len(doc['lines']):,} line items"
    except (OSError, ValueError, KeyError):
        return "no estimate.json"


def class6(r, w):
    j = ["--json"]
    cr = f"{w}/cr.csv"
    open(cr, "w", newline="").write("Room,Room Type,Data\r101,Office,2\r102,Exam Room,4\r103,Office,1\r")
    r.run(6, "CSV with CR-only line ends", ["check", cr] + j, expect=0)
    for p in [("office", "table", "text"), ("o", "t", "x"), ("ns0", "ns1", "ns2")]:
        r.run(6, f"ODS with prefixes {','.join(p)}", ["check", ods(f"{w}/p-{p[0]}.ods", p)] + j, expect=0)
    r.run(6, "xls with one stray cell at IV65536", ["check", xls_stray(f"{w}/stray.xls")] + j, expect=0)
    far = sheet_xml(room_rows(3) + ['<row r="1048576">' + inline("XFD1048576", "zz") + "</row>"])
    r.run(6, "xlsx with one stray cell at XFD1048576", ["check", xlsx(f"{w}/stray.xlsx", far)] + j, expect=0)
    r.run(6, "xlsx whose one sheet is hidden", ["check", xlsx(f"{w}/hidden.xlsx", sheet_xml(room_rows(3)), state="hidden")] + j, expect=0)
    r.run(6, "xlsx whose one sheet is very hidden", ["check", xlsx(f"{w}/vhidden.xlsx", sheet_xml(room_rows(3)), state="veryHidden")] + j, expect=0)
    open(f"{w}/word.csv", "w").write("Room,Room Type,Data\n101,Office,two\n102,Office,Twelve\n")
    r.run(6, "counts written as words", ["check", f"{w}/word.csv"] + j, expect=0,
          note=json_note(lambda d, *_: f"data drops {d['devices']['data_drops']}; {len(d['warnings'])} warnings, first: {d['warnings'][0]['message'][:60]}"))


def class7(r, w):
    lst = room_csv(f"{w}/c7.csv", 10)
    one = lambda extra=lambda d, *_: str((d.get("errors") or [{}])[0].get("message", ""))[:90]: json_note(extra)
    r.run(7, "check: a missing file", ["check", f"{w}/nope.xlsx", "--json"], expect=1, note=one())
    r.run(7, "build: a missing file", ["build", f"{w}/nope.xlsx", "--json"], expect=1, note=one())
    r.run(7, "diff: a missing file", ["diff", lst, f"{w}/nope.xlsx", "--json"], expect=1, note=one())
    r.run(7, "a bad catalog", ["build", lst, "--catalog", catalog_with(f"{w}/bad.toml", ("\n[project]\n", "\n[project\n")), "--json"], expect=1, note=one())
    r.run(7, "a bad template", ["build", lst, "--templates", _templates(w, "bad", {"scope-of-work.hbs": "{{#if}}"}), "--json"], expect=1, note=one())
    open(f"{w}/bad-project.toml", "w").write('name = 5\n')
    r.run(7, "a bad project file", ["build", lst, "--project", f"{w}/bad-project.toml", "--json"], expect=1, note=one())
    ro = f"{w}/readonly"
    os.makedirs(ro, exist_ok=True)
    os.chmod(ro, 0o555)
    if os.geteuid() == 0:
        # Permissions do not stop root: a folder under /proc cannot be made by anyone.
        r.run(7, "a failed write (a folder under /proc)", ["build", lst, "-o", "/proc/sowgen-pkg", "--json"], expect=1, note=one())
    else:
        r.run(7, "a failed write (read-only parent)", ["build", lst, "-o", f"{ro}/pkg", "--json"], expect=1, note=one())
    r.run(7, "a failed write (-o under a file)", ["build", lst, "-o", f"{lst}/pkg", "--json"], expect=1, note=one())
    r.run(7, "a usage error", ["build", "--json", "--no-such-flag"], expect=2, note=one())
    r.run(7, "a rejected list", ["build", room_csv(f"{w}/bad.csv", 2, counts="x,1,1,1,1,1"), "--json"], expect=1, note=one())


def main():
    args = sys.argv[1:]
    markdown = "--markdown" in args
    only = None
    if "--only" in args:
        only = {int(c) for c in args[args.index("--only") + 1].split(",")}
        del args[args.index("--only"):args.index("--only") + 2]
    args = [a for a in args if a != "--markdown"]
    binary = os.path.abspath(args[0] if args else os.path.join(ROOT, "target", "release", "sowgen"))
    work = tempfile.mkdtemp(prefix="sowgen-hostile-")
    runner = Runner(binary, work)
    try:
        for n, fn in [(2, class2), (3, class3), (4, class4), (5, class5), (6, class6), (7, class7)]:
            if only is None or n in only:
                fn(runner, work)
                print(f"class {n} done", file=sys.stderr)
    finally:
        ro = os.path.join(work, "readonly")
        if os.path.isdir(ro):
            os.chmod(ro, 0o755)
        shutil.rmtree(work, ignore_errors=True)
    if markdown:
        print("| class | input | command | exit | seconds | peak RSS MB | seen |")
        print("|---|---|---|---|---|---|---|")
        for c, name, cmd, rc, s, mb, seen in runner.rows:
            seen = seen.replace("|", "\\|")
            print(f"| {c} | {name} | {cmd} | {rc} | {s:.2f} | {mb:.0f} | {seen} |")
    else:
        for c, name, cmd, rc, s, mb, seen in runner.rows:
            print(f"{c}  {name:<58} {cmd:<6} exit {rc}  {s:6.2f}s {mb:7.1f} MB  {seen}")
    bad = [row for row in runner.rows if row[-1].endswith("!!")]
    print(f"{len(runner.rows)} inputs; {len(bad)} with an unexpected exit code or over {LIMIT_MB} MB (marked !!)",
          file=sys.stderr)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
