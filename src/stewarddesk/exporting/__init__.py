"""Exports: the formatted workbook, French Excel's CSV, and partners' review workbooks."""

from stewarddesk.exporting.api import ExportFormat, ExportResult, export_entries, export_format
from stewarddesk.exporting.filters import default_sort, describe_query, partner_query, resolve_partner

__all__ = [
    "ExportFormat",
    "ExportResult",
    "default_sort",
    "describe_query",
    "export_entries",
    "export_format",
    "partner_query",
    "resolve_partner",
]
