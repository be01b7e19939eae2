"""The 2019 trial format (国办公开办函〔2019〕60号, reports for 2019 and 2020) declared as data."""

from __future__ import annotations

from dataclasses import replace

from .f2021 import APPLICANTS, APPLICATION_GROUPS, ART20_1, ART20_5, ART20_6, ART20_8, KEY_FIGURES, REVIEWS
from .f2021 import APPLICATIONS as APPLICATIONS_2021
from .indicators import build
from .schema import BLOCKS, MONEY, SIGNED, Column, Figure, Format, Row, Table

# Tables 三 and 四 share their labels with 2021 (imported above); only what differs is spelled here.

ART20_9 = "第二十条第（九）项"

_DOCS = (
    Column("new_made", "本年新制作数量"),
    Column("new_published", "本年新公开数量"),
    Column("total_published", "对外公开总数量"),
)
# 本年增/减 is the one signed column: a decrease is written as a negative number (-8).
_PREVIOUS = Column("previous_items", "上一年项目数量")
_CHANGE = Column("change", "本年增/减", kind=SIGNED, aliases=("本年增减",))
_ITEMS = (_PREVIOUS, _CHANGE, Column("decisions", "处理决定数量", aliases=("本年处理决定数量",)))

ACTIVE = Table(
    id="active",
    title="二、主动公开政府信息情况",
    shape=BLOCKS,
    label_heading="信息内容",
    anchor="规章",
    rows=(
        Row("regulations", "规章", _DOCS, block=ART20_1),
        # The 2021 label is read without a warning: it names the same documents.
        Row("normative_documents", "规范性文件", _DOCS, block=ART20_1, aliases=("行政规范性文件",)),
        Row("licensing", "行政许可", _ITEMS, block=ART20_5),
        Row("other_services", "其他对外管理服务事项", _ITEMS, block=ART20_5),
        Row("penalty", "行政处罚", _ITEMS, block=ART20_6),
        Row("coercion", "行政强制", _ITEMS, block=ART20_6),
        Row("fees", "行政事业性收费", (_PREVIOUS, _CHANGE), block=ART20_8),
        Row("procurement", "政府集中采购",
            (Column("projects", "采购项目数量"), Column("amount", "采购总金额", kind=MONEY)), block=ART20_9),
    ),
)

# Table 三: as in 2021, except that （六）其他处理 is one number row (no sub-rows), so it is a
# leaf row here (id `other_handling`) where in 2021 the same label heads a group.
_OTHER = "other_handling"
_OTHER_LABEL = next(g.label for g in APPLICATION_GROUPS if g.id == _OTHER)
_RESULTS_END = [r.id for r in APPLICATIONS_2021.rows].index("results_total")

APPLICATIONS = replace(
    APPLICATIONS_2021,
    groups=tuple(g for g in APPLICATION_GROUPS if g.id != _OTHER),
    rows=(
        *(r for r in APPLICATIONS_2021.rows[:_RESULTS_END] if r.group != _OTHER),
        Row(_OTHER, _OTHER_LABEL, APPLICANTS),
        *APPLICATIONS_2021.rows[_RESULTS_END:],  # （七）总计, 四、结转下年度继续办理
    ),
)

FORMAT_2019 = Format(
    id="2019",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号）",
    years=(2019, 2020),
    tables=(ACTIVE, APPLICATIONS, REVIEWS),
    # E206 needs an in-force count, which this format has not; W302 likewise.
    rules=("E201", "E202", "E203", "E204", "E205", "W301", "W303"),
    key_figures=KEY_FIGURES + (
        Figure("active", "normative_documents", "total_published", "规范性文件对外公开总数"),
        Figure("active", "licensing", "decisions", "行政许可"),
        Figure("active", "penalty", "decisions", "行政处罚"),
        Figure("active", "procurement", "amount", "采购总金额"),
    ),
    headline=("applications", "received", "total"),
    prose="2019",
    indicators=build(APPLICATIONS, REVIEWS),
)
