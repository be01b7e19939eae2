"""The 2021 format (国办公开办函〔2021〕30号) declared as data: the only place its labels are spelled."""

from __future__ import annotations

from .indicators import build
from .schema import AMOUNT, BLOCKS, GRID, GROUPS, Balance, Column, Figure, Format, Group, InForce, Row, Table

# -- 二、主动公开政府信息情况 ------------------------------------------------------------

ART20_1 = "第二十条第（一）项"
ART20_5 = "第二十条第（五）项"
ART20_6 = "第二十条第（六）项"
ART20_8 = "第二十条第（八）项"

_DOCS = (
    Column("issued", "本年制发件数"),
    Column("repealed", "本年废止件数"),
    Column("in_force", "现行有效件数"),
)
_DECISIONS = (Column("decisions", "本年处理决定数量"),)

ACTIVE = Table(
    id="active",
    title="二、主动公开政府信息情况",
    shape=BLOCKS,
    label_heading="信息内容",
    anchor="规章",
    in_force=InForce(("regulations", "normative_documents"), "issued", "repealed", "in_force"),
    rows=(
        Row("regulations", "规章", _DOCS, block=ART20_1),
        Row("normative_documents", "行政规范性文件", _DOCS, block=ART20_1, legacy=("规范性文件",)),
        Row("licensing", "行政许可", _DECISIONS, block=ART20_5),
        Row("penalty", "行政处罚", _DECISIONS, block=ART20_6),
        Row("coercion", "行政强制", _DECISIONS, block=ART20_6),
        Row(
            "fees",
            "行政事业性收费",
            (Column("amount", "本年收费金额（单位：万元）", kind=AMOUNT, aliases=("本年收费金额",)),),
            block=ART20_8,
        ),
    ),
)

# -- 三、收到和处理政府信息公开申请情况 ----------------------------------------------------

APPLICANTS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业"),
    Column("research", "科研机构"),
    Column("public_interest", "社会公益组织"),
    Column("legal_service", "法律服务机构"),
    Column("other_org", "其他"),
    Column("total", "总计", total=True, aliases=("合计",)),
)
APPLICANT_GROUP = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _rows(group: str, labels: list[tuple[str, str]]) -> tuple[Row, ...]:
    return tuple(Row(f"{group}.{rid}", label, APPLICANTS, group=group) for rid, label in labels)


APPLICATION_GROUPS = (
    Group("withheld", "（三）不予公开"),
    Group("unavailable", "（四）无法提供"),
    Group("not_processed", "（五）不予处理"),
    Group("other_handling", "（六）其他处理"),
)

APPLICATIONS = Table(
    id="applications",
    title="三、收到和处理政府信息公开申请情况",
    shape=GRID,
    anchor="自然人",
    section="三、本年度办理结果",
    note=BALANCE_NOTE,
    header=APPLICANT_HEADER,
    column_group=tuple(c.id for c in APPLICANTS[1:-1]),
    column_group_label=APPLICANT_GROUP,
    groups=APPLICATION_GROUPS,
    results=("disclosed", "results_total"),
    balance=Balance(inflow=("received", "carried_in"), outflow=("results_total", "carried_out")),
    rows=(
        Row("received", "一、本年新收政府信息公开申请数量", APPLICANTS, aliases=("本年新收",)),
        Row("carried_in", "二、上年结转政府信息公开申请数量", APPLICANTS, aliases=("上年结转",)),
        Row("disclosed", "（一）予以公开", APPLICANTS),
        Row("partly_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", APPLICANTS,
            aliases=("部分公开",)),
        *_rows("withheld", [
            ("state_secret", "1.属于国家秘密"),
            ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
            ("security_stability", "3.危及“三安全一稳定”"),
            ("third_party", "4.保护第三方合法权益"),
            ("internal_affairs", "5.属于三类内部事务信息"),
            ("process_info", "6.属于四类过程性信息"),
            ("enforcement_file", "7.属于行政执法案卷"),
            ("query_matter", "8.属于行政查询事项"),
        ]),
        *_rows("unavailable", [
            ("not_held", "1.本机关不掌握相关政府信息"),
            ("needs_creation", "2.没有现成信息需要另行制作"),
            ("still_unclear", "3.补正后申请内容仍不明确"),
        ]),
        *_rows("not_processed", [
            ("petition", "1.信访举报投诉类申请"),
            ("repeated", "2.重复申请"),
            ("publication", "3.要求提供公开出版物"),
            ("excessive", "4.无正当理由大量反复申请"),
            ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
        ]),
        *_rows("other_handling", [
            ("no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            ("fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
            ("other", "3.其他"),
        ]),
        Row("results_total", "（七）总计", APPLICANTS, total=True, aliases=("合计", "办理结果总计")),
        Row("carried_out", "四、结转下年度继续办理", APPLICANTS, aliases=("结转下年度",)),
    ),
)

# -- 四、政府信息公开行政复议、行政诉讼情况 ------------------------------------------------

OUTCOMES = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计", total=True, aliases=("合计",)),
)
LITIGATION = "行政诉讼"

REVIEWS = Table(
    id="reviews",
    title="四、政府信息公开行政复议、行政诉讼情况",
    shape=GROUPS,
    anchor="行政复议",
    groups=(Group("litigation", LITIGATION),),
    rows=(
        Row("review", "行政复议", OUTCOMES),
        Row("litigation_direct", "未经复议直接起诉", OUTCOMES, group="litigation"),
        Row("litigation_after_review", "复议后起诉", OUTCOMES, group="litigation"),
    ),
)

# The rows the per-unit breakdown shows, with their short labels.
KEY_FIGURES = (
    Figure("applications", "received", "total", "新收申请"),
    Figure("applications", "carried_in", "total", "上年结转"),
    Figure("applications", "results_total", "total", "办理总计"),
    Figure("applications", "disclosed", "total", "予以公开"),
    Figure("applications", "partly_disclosed", "total", "部分公开"),
    Figure("applications", "withheld", "total", "不予公开"),
    Figure("applications", "carried_out", "total", "结转下年度"),
    Figure("reviews", "review", "total", "行政复议总计"),
    Figure("reviews", "litigation", "total", "行政诉讼总计"),
)

FORMAT_2021 = Format(
    id="2021",
    title="中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）",
    years=(2021, 9999),
    tables=(ACTIVE, APPLICATIONS, REVIEWS),
    rules=("E201", "E202", "E203", "E204", "E205", "E206", "W301", "W302", "W303"),
    key_figures=KEY_FIGURES + (
        Figure("active", "normative_documents", "in_force", "行政规范性文件现行有效"),
        Figure("active", "licensing", "decisions", "行政许可"),
        Figure("active", "penalty", "decisions", "行政处罚"),
        Figure("active", "fees", "amount", "收费金额"),
    ),
    headline=("applications", "received", "total"),
    prose="2021",
    indicators=build(APPLICATIONS, REVIEWS),
)
