"""Regenerate the README's page images from the real output: the documents are written from the
bundled examples, converted by LibreOffice to PDF, and one page of each to PNG (poppler's pdftoppm).

Needs (on the development machine only, never for tests or CI):
    apt-get install -y libreoffice-calc libreoffice-writer fonts-noto-cjk poppler-utils
The official fonts (宋体, 仿宋_GB2312, 黑体, 楷体_GB2312, 方正小标宋简体) are mapped to Noto CJK for the
conversion by a fontconfig file of this run, so the pictures show the layout, not a missing font.

    python scripts/render_pages.py          # writes docs/pages/*.png
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "pages"
SERIF = ("宋体", "SimSun", "仿宋_GB2312", "仿宋", "楷体_GB2312", "楷体", "方正小标宋简体")
SANS = ("黑体", "SimHei")
# (picture, command after `disclosure`, document written, page shown)
DOCUMENTS = [
    ("summary-xlsx", ["compile", "examples/departments", "-o", "{dir}/汇总.xlsx", "--name", "某县"], "汇总.xlsx", 2),
    ("template-xlsx", ["template", "-o", "{dir}/模板.xlsx", "--year", "2024", "--unit", "某市交通运输局"],
     "模板.xlsx", 2),
    ("annotated-xlsx", ["check", "examples/2021-mistakes.xlsx", "--annotate", "{dir}/标注.xlsx"], "标注.xlsx", -1),
    ("tables-docx", ["compile", "examples/2021.xlsx", "-o", "{dir}/统计表.docx"], "统计表.docx", 2),
    ("report-docx", ["report", "examples/departments", "-o", "{dir}/年报.docx", "--name", "某县", "--charts"],
     "年报.docx", 1),
]


def fontconfig(folder: Path) -> Path:
    aliases = "".join(f"<alias binding='same'><family>{name}</family><prefer><family>{target}</family></prefer></alias>"
                      for names, target in ((SERIF, "Noto Serif CJK SC"), (SANS, "Noto Sans CJK SC"))
                      for name in names)
    path = folder / "fonts.conf"
    path.write_text("<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
                    f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
                    encoding="utf-8")
    return path


def main() -> int:
    for tool in ("soffice", "pdftoppm", "pdfinfo"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: see this script's docstring", file=sys.stderr)
            return 2
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(folder)), "SOURCE_DATE_EPOCH": "0"}
        for picture, args, written, page in DOCUMENTS:
            argv = [sys.executable, "-m", "disclosure_cli", *(a.format(dir=folder) for a in args), "--lang", "zh"]
            subprocess.run(argv, cwd=ROOT, env=env, capture_output=True)
            doc = folder / written
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(doc)],
                           env=env, check=True, capture_output=True)
            pdf = doc.with_suffix(".pdf")
            pages = int(next(line.split()[-1] for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
                if line.startswith("Pages:")))
            shown = pages if page < 0 else min(page, pages)
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(shown), "-l", str(shown), "-singlefile",
                            str(pdf), str(OUT / picture)], check=True)
            print(f"docs/pages/{picture}.png  ({written}, page {shown} of {pages})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
