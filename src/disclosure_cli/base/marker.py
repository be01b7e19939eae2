"""The mark the tool's own workbooks carry (a custom document property), so that a later run knows them.

Summaries, templates and annotated copies are written with the custom property `disclosure-cli` set to
what they are. Excel and WPS keep custom properties when a file is opened and saved again, so a filled-in
template is still known as one, and a summary copied into a folder of submissions is not counted again."""

from __future__ import annotations

import re

from .lazy import compiled

PROPERTY = "disclosure-cli"
SUMMARY, TEMPLATE, ANNOTATED = "summary", "template", "annotated"
KINDS = (SUMMARY, TEMPLATE, ANNOTATED)

# <property fmtid="…" pid="2" name="disclosure-cli"><vt:lpwstr>summary</vt:lpwstr></property>, attributes
# in any order (openpyxl, XlsxWriter and Excel each write their own).
_PROPERTY = compiled(
    rb'<(?:\w+:)?property\b[^>]*\bname="' + re.escape(PROPERTY.encode()) + rb'"[^>]*>\s*'
    rb"<(?:\w+:)?lpwstr\b[^>]*>([^<]{0,40})</(?:\w+:)?lpwstr>")


def marked(custom_xml: bytes) -> str | None:
    """What docProps/custom.xml says the workbook is (one of KINDS), or None when it is not ours."""
    m = _PROPERTY().search(custom_xml)
    if m is None:
        return None
    kind = m.group(1).decode("utf-8", "replace")
    if "&" in kind:  # an entity: html and its table of 2,000 names are loaded only then (start-up)
        import html

        kind = html.unescape(kind)
    kind = kind.strip()
    return kind if kind in KINDS else None


def mark_openpyxl(wb, kind: str) -> None:
    """Set the mark on an openpyxl workbook, replacing one it carries already (an annotated copy of a
    summary is an annotated copy)."""
    from openpyxl.packaging.custom import StringProperty

    assert kind in KINDS
    props = wb.custom_doc_props
    props.props = [p for p in props.props if p.name != PROPERTY]
    props.append(StringProperty(name=PROPERTY, value=kind))


def custom_xml(kind: str) -> bytes:
    """docProps/custom.xml carrying the mark alone (for writers with no custom-property API: python-docx)."""
    assert kind in KINDS
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="' + PROPERTY + '">'
            f'<vt:lpwstr>{kind}</vt:lpwstr></property></Properties>').encode()
