"""Refusing to parse untrusted XML with openpyxl unless defusedxml protects it (entity expansion)."""

from __future__ import annotations


class UnsafeXML(RuntimeError):
    """openpyxl would expand XML entities (billion laughs): defusedxml is missing or switched off."""

    MESSAGE = ("openpyxl 未启用 defusedxml 保护（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False），"
               "拒绝读取不受信任的文件 / openpyxl is not protected by defusedxml (install defusedxml and do not "
               "set OPENPYXL_DEFUSEDXML=False): refusing to read untrusted files")


def require_defusedxml() -> None:
    """Call before openpyxl reads any file we did not write ourselves (annotate, xlsx roll-ups).

    openpyxl decides at import whether to parse through defusedxml (`openpyxl.xml.DEFUSEDXML`); the
    environment variable OPENPYXL_DEFUSEDXML=False, or a missing defusedxml, silently turns it off."""
    import openpyxl.xml

    if not getattr(openpyxl.xml, "DEFUSEDXML", False):
        raise UnsafeXML(UnsafeXML.MESSAGE)
