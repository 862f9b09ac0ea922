"""The results workbook: measurements sent as XLSX or CSV, and the template a ministry fills in."""
