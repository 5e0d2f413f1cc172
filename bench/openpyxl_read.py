"""openpyxl's read-only load of a workbook, every row of every sheet (the benchmark's comparison
for `sowgen check`): python bench/openpyxl_read.py LIST.xlsx"""
import sys
from openpyxl import load_workbook

workbook = load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = sum(1 for sheet in workbook.worksheets for _ in sheet.iter_rows(values_only=True))
print(rows, "rows")
