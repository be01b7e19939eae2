"""The indicators (公开率, 纠错率 …) declared as data: each a ratio of the format's counts, defined once.

`build(applications, reviews)` makes them from the tables of a format (2019 and 2021 share tables 三 and
四, so they share their indicators); docs/indicators.md lists them with their formulas (`formula()`)."""

from __future__ import annotations

from functools import cache

from .schema import Format, Indicator, Key, Table, Term

_A, _R = "applications", "reviews"
_TOTAL = "total"

# Table 三's rows an indicator reads (a row, or a group summed over its rows: 不予公开, and 其他处理 in 2021).
RECEIVED = Term(_A, "received", _TOTAL, "本年新收", "received")
CARRIED_IN = Term(_A, "carried_in", _TOTAL, "上年结转", "carried in")
RESULTS = Term(_A, "results_total", _TOTAL, "办理结果总计", "results total")
DISCLOSED = Term(_A, "disclosed", _TOTAL, "予以公开", "disclosed")
PARTLY = Term(_A, "partly_disclosed", _TOTAL, "部分公开", "partly disclosed")
WITHHELD = Term(_A, "withheld", _TOTAL, "不予公开", "withheld")
UNAVAILABLE = Term(_A, "unavailable", _TOTAL, "无法提供", "unavailable")
NOT_PROCESSED = Term(_A, "not_processed", _TOTAL, "不予处理", "not processed")
OTHER_HANDLING = Term(_A, "other_handling", _TOTAL, "其他处理", "other handling")
CARRIED_OUT = Term(_A, "carried_out", _TOTAL, "结转下年度", "carried out")

_OUTCOMES_EN = {"corrected": "corrected", "pending": "pending", _TOTAL: "total"}
_ROWS_EN = {"review": "reviews", "litigation": "lawsuits", "litigation_direct": "lawsuits filed directly",
            "litigation_after_review": "lawsuits after review"}
# 其他 stands under 法人或其他组织 in the table: on its own, it is named for what it is.
_APPLICANTS_ZH = {"other_org": "其他组织"}
_APPLICANTS_EN = {"natural_person": "natural persons", "commercial": "commercial enterprises",
                  "research": "research institutions", "public_interest": "public-interest organisations",
                  "legal_service": "legal service providers", "other_org": "other organisations"}


def _corrections(reviews: Table, row: str, ranked: bool, peers: bool) -> Indicator:
    """纠错率 of one row (or group) of table 四: 结果纠正 / (总计 − 尚未审结), over the cases concluded."""
    label = reviews.group(row).label if reviews.has_group(row) else reviews.row(row).label
    cols = {c.id: c.label for c in reviews.columns}

    def term(col: str) -> Term:
        return Term(_R, row, col, f"{label}{cols[col]}", f"{_ROWS_EN[row]} {_OUTCOMES_EN[col]}")

    if row == "review":
        zh, en = "复议纠错率", "review correction rate"
    elif reviews.has_group(row):
        zh, en = "诉讼纠错率", "lawsuit correction rate"
    else:
        zh, en = f"诉讼纠错率（{label}）", f"lawsuit correction rate ({_ROWS_EN[row]})"
    return Indicator(f"{row}_correction_rate", zh, en, (term("corrected"),), (term(_TOTAL),), (term("pending"),),
                     ranked=ranked, peers=peers)


def _applicant_shares(applications: Table) -> tuple[Indicator, ...]:
    """申请 per category of applicant: each column's share of the year's new applications, and the
    share of the organisations' columns together (法人或其他组织)."""
    cols = [c for c in applications.columns if not c.total]
    zh = {c.id: _APPLICANTS_ZH.get(c.id, c.label) for c in cols}
    terms = {c.id: Term(_A, "received", c.id, f"{zh[c.id]}新收", f"received from {_APPLICANTS_EN[c.id]}") for c in cols}
    out = [Indicator(f"applicants_{c.id}", f"{zh[c.id]}申请占比", f"share of {_APPLICANTS_EN[c.id]}", (terms[c.id],),
                     (RECEIVED,)) for c in cols]
    if applications.column_group and applications.column_group_label:
        out.append(Indicator("applicants_organisations", f"{applications.column_group_label}申请占比",
                             "share of organisations", tuple(terms[c] for c in applications.column_group),
                             (RECEIVED,)))
    return tuple(out)


def build(applications: Table, reviews: Table) -> tuple[Indicator, ...]:
    """Every indicator of a format whose table 三 is `applications` and table 四 `reviews`, in the order
    the outputs show them."""
    shown = (DISCLOSED, PARTLY)
    return (
        Indicator("disclosure_rate", "公开率", "disclosure rate", shown, (RESULTS,), ranked=True),
        Indicator("substantive_rate", "实质公开率", "substantive disclosure rate", shown, (RESULTS,),
                  (NOT_PROCESSED, OTHER_HANDLING), ranked=True),
        Indicator("substantive_decided_rate", "实质公开率（不含无法提供）", "substantive disclosure rate (decided)",
                  shown, (RESULTS,), (NOT_PROCESSED, OTHER_HANDLING, UNAVAILABLE), ranked=True),
        Indicator("withheld_rate", "不予公开率", "withholding rate", (WITHHELD,), (RESULTS,), ranked=True),
        Indicator("unavailable_rate", "无法提供率", "unavailable rate", (UNAVAILABLE,), (RESULTS,), ranked=True),
        Indicator("carry_over_rate", "结转率", "carry-over rate", (CARRIED_OUT,), (RECEIVED, CARRIED_IN),
                  ranked=True),
        _corrections(reviews, "review", ranked=True, peers=True),
        *(_corrections(reviews, g.id, ranked=True, peers=True) for g in reviews.groups),
        *(_corrections(reviews, r.id, ranked=False, peers=False) for r in reviews.rows if r.group),
        *_applicant_shares(applications),
    )


def formula(ind: Indicator, lang: str = "zh") -> str:
    """'（予以公开 + 部分公开）÷ 办理结果总计', 'carried out ÷ (received + carried in)'."""
    def name(t: Term) -> str:
        return t.zh if lang == "zh" else t.en

    def wrapped(text: str, parts: int) -> str:
        if parts < 2:
            return text
        return f"（{text}）" if lang == "zh" else f"({text})"

    top = wrapped(" + ".join(map(name, ind.numerator)), len(ind.numerator))
    bottom = " − ".join([" + ".join(map(name, ind.denominator)), *map(name, ind.less)])
    return f"{top} ÷ {wrapped(bottom, len(ind.denominator) + len(ind.less))}"


@cache
def terms(fmt: Format) -> tuple[Term, ...]:
    """Every count the format's indicators read, once each, in the order first read."""
    seen: dict[Key, Term] = {}
    for ind in fmt.indicators:
        for t in (*ind.numerator, *ind.denominator, *ind.less):
            seen.setdefault(t.key, t)
    return tuple(seen.values())
