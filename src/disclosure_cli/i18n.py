"""Which language messages are shown in, and the few interface strings outside the code registry."""

from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")


def default_lang() -> str:
    """Chinese for a zh_* locale (or a Chinese Windows), English otherwise; DISCLOSURE_LANG wins."""
    forced = os.environ.get("DISCLOSURE_LANG", "").lower()
    if forced in LANGS:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith(("zh", "chinese")) else "en"


UI = {
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "no_findings": ("未发现问题", "no findings"),
    "summary": ("共 {units} 个单位，{bad} 个有错误；错误 {errors} 条，警告 {warnings} 条",
                "{units} unit(s), {bad} with errors; {errors} error(s), {warnings} warning(s)"),
    "year": ("{year}年", "{year}"),
    "no_input": ("找不到输入：{arg}", "no such input: {arg}"),
    "no_files": ("输入中没有可读取的工作簿", "no workbooks found in the inputs"),
    # -- compile --
    "wrote": ("已写入 {path}（汇总 {included} 个单位）", "wrote {path} ({included} unit(s) compiled)"),
    "not_written": ("存在错误，未写入任何文件；可用 --on-error exclude 排除有错误的单位，或 --on-error include 保留它们",
                    "errors found: nothing was written; --on-error exclude leaves the units with errors out, "
                    "--on-error include keeps them"),
    "xlsx_needs_output": ("xlsx 格式需要用 -o 指定输出文件", "the xlsx format needs an output file: -o FILE"),
    "bad_suffix": ("无法从文件名判断输出格式：{path}（请使用 .xlsx .md .csv .json，或 --format）",
                   "cannot tell the output format from the name {path} (use .xlsx .md .csv .json, or --format)"),
    "recorded": ("已记入历史库 {path}：新增 {added}，更新 {replaced}，未变 {unchanged}",
                 "recorded in {path}: {added} added, {replaced} replaced, {unchanged} unchanged"),
    "previous_and_history": ("--previous 与 --history 只能选用一个", "use --previous or --history, not both"),
    "history_empty": ("历史库 {path} 中还没有记录", "the history store {path} holds no records yet"),
    "history_head": ("单位|年度|格式|数字个数|错误|警告|来源|内容哈希|记录时间",
                     "unit|year|format|numbers|errors|warnings|source|content hash|recorded at"),
    "history_total": ("共 {count} 条记录（{units} 个单位，{years}）",
                      "{count} record(s) ({units} unit(s), {years})"),
}


def pick(pair, lang: str, **params):
    """The Chinese or English member of a (zh, en) pair, formatted with params when given.

    Each module keeps the texts it shows beside its code; this is the one place a language is chosen."""
    value = pair[0] if lang == "zh" else pair[1]
    return value.format(**params) if params and isinstance(value, str) else value


def ui(name: str, lang: str, **params) -> str:
    return pick(UI[name], lang, **params)


def severity(is_error: bool, lang: str) -> str:
    """错误 / 警告, error / warning: the one word every output uses for a finding's level."""
    return ui("error" if is_error else "warning", lang)
