"""Refusing to parse untrusted XML with openpyxl unless defusedxml protects it (entity expansion)."""

from __future__ import annotations

from ..messages.errors import ToolError


def require_defusedxml() -> None:
    """Call before openpyxl reads any file we did not write ourselves (annotate).

    openpyxl decides at import whether to parse through defusedxml (`openpyxl.xml.DEFUSEDXML`); the
    environment variable OPENPYXL_DEFUSEDXML=False, or a missing defusedxml, silently turns it off."""
    import openpyxl.xml

    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise ToolError("ui.defusedxml")
