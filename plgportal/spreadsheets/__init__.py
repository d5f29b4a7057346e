"""Tables of a call's data for staff, written as XLSX or CSV (see tables.py and registry.py)."""
