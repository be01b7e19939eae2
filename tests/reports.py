"""Published reports built in code, worded as real ones are: the text states the tables' figures (or, with
`text`, other figures), in the six sections of 国办公开办函〔2021〕30号, as Word, web page, PDF or text."""

from __future__ import annotations

from decimal import Decimal

from documents import docx_report, html_report, official_tables, pdf_report, text_report

from disclosure_cli.model.values import show

A = "applications"
KINDS = ("docx", "html", "pdf", "txt")
WRITERS = {"docx": docx_report, "html": html_report, "pdf": pdf_report, "txt": text_report}


def _sum(v: dict, row: str) -> int:
    return sum(x for (t, r, c), x in v.items() if t == A and c == "total" and (r == row or r.startswith(row + ".")))


def figures(v: dict) -> dict[str, object]:
    """What the text states, by name: the tables' own figures unless changed."""
    return {
        "regulations": (v[("active", "regulations", "issued")], v[("active", "regulations", "repealed")],
                        v[("active", "regulations", "in_force")]),
        "normative": (v[("active", "normative_documents", "issued")], v[("active", "normative_documents", "repealed")],
                      v[("active", "normative_documents", "in_force")]),
        "licensing": v[("active", "licensing", "decisions")], "penalty": v[("active", "penalty", "decisions")],
        "fees": v[("active", "fees", "amount")],
        "received": v[(A, "received", "total")], "carried_in": v[(A, "carried_in", "total")],
        "results": v[(A, "results_total", "total")], "disclosed": v[(A, "disclosed", "total")],
        "partly": v[(A, "partly_disclosed", "total")], "withheld": _sum(v, "withheld"),
        "unavailable": _sum(v, "unavailable"), "not_processed": _sum(v, "not_processed"),
        "other": _sum(v, "other_handling"), "carried_out": v[(A, "carried_out", "total")],
        "natural": v[(A, "received", "natural_person")],
        "review": v[("reviews", "review", "total")],
        "litigation": v[("reviews", "litigation_direct", "total")] + v[("reviews", "litigation_after_review", "total")],
    }


def before_tables(f: dict, name: str, year: int) -> tuple[str, ...]:
    """The title's paragraph aside: the opening and section 一, worded as published reports word it (the
    sentences of 二 主动公开 and 三 依申请公开 summarised in 一, with the traps a careless reader falls in)."""
    r, n = f["regulations"], f["normative"]
    return (
        f"本报告由{name}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度"
        "报告格式》（国办公开办函〔2021〕30号）要求编制。",
        "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
        "情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。",
        f"本报告所列数据的统计期限自 {year} 年 1 月 1 日起至 {year} 年 12 月 31 日止。",
        "一、总体情况",
        f"{year}年，我局认真贯彻落实《条例》，不断加强政府信息公开工作。",
        "（一）主动公开情况",
        f"{year}年度，我局累计制发规章{r[0]}件，废止规章{r[1]}件，现行有效规章{r[2]}件；制发行政规范性文件{n[0]}件、"
        f"废止{n[1]}件，现行有效{n[2]}件。全年报送备案规范性文件{n[0] + 3}件，合法性审核规范性文件{n[0] + 5}件。",
        f"全年作出行政许可决定{f['licensing']}件，作出行政处罚决定{f['penalty']}件；行政事业性收费金额"
        f"{show(Decimal(f['fees']))}万元。通过门户网站发布信息346条，政务新媒体发布信息416篇。",
        "（二）依申请公开情况",
        f"本年度共收到政府信息公开申请{f['received'] + f['carried_in']}件，其中新收{f['received']}件、上年结转"
        f"{f['carried_in']}件。其中自然人申请{f['natural']}件。申请数量同比增长12件，增幅20%。",
        f"已办结{f['results']}件，其中予以公开{f['disclosed']}件，部分公开{f['partly']}件，不予公开{f['withheld']}件，"
        f"无法提供{f['unavailable']}件，不予处理{f['not_processed']}件，其他处理{f['other']}件；结转下年度继续办理"
        f"{f['carried_out']}件。未收取信息处理费。",
        f"{year - 1}年共收到政府信息公开申请99件。",
        "（三）政府信息公开行政复议、行政诉讼情况",
        f"本年度发生政府信息公开行政复议{f['review']}件、行政诉讼{f['litigation']}件，其中维持原行政行为1件。",
        "（四）监督保障情况",
        "我局成立政务公开工作领导小组，由主要负责人担任组长，将政务公开经费纳入预算。",
    )


def after_tables(year: int) -> tuple[str, ...]:
    return (
        "五、存在的主要问题及改进情况",
        "我局政府信息公开工作还存在公开力度不足、政策解读形式单一等问题。下一步，一是拓宽公开渠道，进一步发挥政务新媒体"
        "作用；二是提高政策解读水平，更多使用图解、动画等形式开展解读，助推政策落地见效。",
        "六、其他需要报告的事项",
        f"（一）{year}年度本机关未收取信息处理费。（二）本机关无其他需要报告的事项。",
    )


def report_bytes(kind: str, values: dict, name: str = "某市交通运输局", year: int = 2021, text: dict | None = None,
                 before: tuple[str, ...] | None = None, after: tuple[str, ...] | None = None,
                 title: str | None = None) -> bytes:
    """A published report of `kind`: the title, section 一 (stating `text`, by default the tables' own
    figures), the tables of 二–四 under their headings, then 五 and 六."""
    f = {**figures(values), **(text or {})}
    paragraphs = before if before is not None else before_tables(f, name, year)
    heading = title if title is not None else f"{name}{year}年政府信息公开工作年度报告"
    return WRITERS[kind](official_tables(values), heading, paragraphs,
                         after=after if after is not None else after_tables(year))
