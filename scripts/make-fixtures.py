#!/usr/bin/env python3
"""Makes the reader's cross-format fixtures in tests/fixtures (run once; the files are committed).

ward.xlsx is written by openpyxl, which saves formulas without their results, so it also
exercises constant-formula evaluation. LibreOffice converts it to xls, ods and csv, computing
the formula results on the way: all four must read to the same rooms. ward-bad.* carries one of
each kind of row error, so the four formats must also agree on every problem's location.

Needs python3-openpyxl and LibreOffice (soffice).
"""
import os
import shutil
import subprocess
import tempfile

from openpyxl import Workbook

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures")
HEADER = ["RM #", "ROOM NAME", "SPACE TYPE", "DEPT", "TR", "SF",
          "DATA", "WAP", "PC", "PHONE", "PRINTER", "TV", "REMARKS"]

GOOD = [
    [401, "Patient Room 401", "Pt Room", "Med/Surg", "IDF-4A", 240, 6, 1, 1, 1, None, 1, None],
    ["402", "Patient Room 402", "PATIENT ROOM", "Med/Surg", "IDF-4A", "240", "6", None, "1", 1, 0, 1, ""],
    ["4-103", "Exam 103", "EXAM RM", "Clinic", "IDF-4A", 120, "=2+2", 0, 1, 1, 0, 0, "counts as formula"],
    ["4-104", "Nurse Station", "nurse station", "Med/Surg", "IDF-4A", 300, 12, 1, 4, 4, 1, 1, None],
    None,  # a blank row
    ["4-105", "Clean Utility", "Clean Util", "Med/Surg", "IDF-4B", 90, None, None, None, None, None, None, "all blank: standards apply"],
    ["4-106", "Soiled Utility", "Soiled Utility", "Med/Surg", "IDF-4B", 80, 1, 0, 0, 0, 0, 0, None],
    [None, "SUBTOTAL LEVEL 4", None, None, None, None, "=6+6+4+12+1", None, None, None, None, None, None],
    ["4-107", "Conf 107", "Conference Room", "Admin", "IDF-4B", 200, 4, 1, 1, 1, 0, "2", None],
    [4108, "Office", "Ofc", "Admin", "IDF-4B", 110, 3, 0, 1, 1, 0, 0, None],
    [None, "TOTAL", None, None, None, None, 36, 4, 8, 8, 1, 4, None],
]

BAD = [
    ["5-101", "Exam 101", "Exam Rooom", "Clinic", "IDF-5A", 120, 4, 0, 1, 1, 0, 0, None],
    ["5-102", "Exam 102", None, "Clinic", "IDF-5A", 120, 4, 0, 1, 1, 0, 0, None],
    ["5-103", "Exam 103", "Exam Room", "Clinic", "IDF-5A", 120, 1.5, "lots", 1, -2, 0, 0, None],
    ["5-104", "Exam 104", "Exam Room", "Clinic", "IDF-5A", 120, 4, 0, 1, 1, 0, 0, None],
    ["5-104", "Exam 104 again", "Exam Room", "Clinic", "IDF-5A", 120, 4, 0, 1, 1, 0, 0, None],
]


def sheet(rows, path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Rooms"
    ws.append(["WARD 4 RENOVATION - ROOM DATA"])
    ws.append([None, None, None, None, None, None, "DEVICE COUNTS"])
    ws.append(HEADER)
    for row in rows:
        ws.append(row if row is not None else [])
    wb.save(path)


def convert(src, fmt, outdir):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", outdir, src],
                   check=True, stdout=subprocess.DEVNULL)


def main():
    os.makedirs(HERE, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, rows in [("ward", GOOD), ("ward-bad", BAD)]:
            src = os.path.join(HERE, name + ".xlsx")
            sheet(rows, src)
            for fmt in ["xls", "ods", "csv:Text - txt - csv (StarCalc):44,34,76"]:
                convert(src, fmt, tmp)
            for ext in ["xls", "ods", "csv"]:
                shutil.copy(os.path.join(tmp, name + "." + ext), os.path.join(HERE, name + "." + ext))


if __name__ == "__main__":
    main()
