"""What a report says in words: its six sections, and the sentences that state a figure its tables hold.

`audit` reads a published report's text with these. A Claim names the figure by the words a report uses for
it (the subject: what is counted, the row; the verb: which count, the column) and lists the readings that
make the sentence true (each a sum of table cells). The words are patterns, kept here once for both formats:
a new way reports phrase a figure is a line here, not code."""

from __future__ import annotations

from dataclasses import dataclass

Cell = tuple[str, str, str]  # (table, row or row group, column): a group sums its rows
Reading = tuple[Cell, ...]  # a sum of cells


@dataclass(frozen=True)
class Section:
    """One of the report's six sections: its number, its official heading, the words that mark a heading as
    it, and the table it holds (None for prose)."""

    number: str
    title: str
    marks: str  # a regex a heading must contain (besides its number) to be this section
    table: str | None = None
    prose: bool = True  # compared with last year's text


SECTIONS = (
    Section("一", "总体情况", r"总体|概述|基本情况"),
    Section("二", "主动公开政府信息情况", r"主动公开", "active"),
    Section("三", "收到和处理政府信息公开申请情况", r"申请", "applications"),
    Section("四", "政府信息公开行政复议、行政诉讼情况", r"复议|诉讼", "reviews"),
    Section("五", "存在的主要问题及改进情况", r"问题|改进|不足"),
    Section("六", "其他需要报告的事项", r"其他"),
)
BRIEF_SECTION = "五"  # a section that must say something (W605 when empty)


@dataclass(frozen=True)
class Claim:
    """A figure a sentence states, by its words. `topic`: claims of one topic share a sentence's subject and
    verb (制发规章0件、规范性文件9件: the verb carries over; 规范性文件制发9件、废止0件: the subject does).
    `context`: a regex the sentence must contain unless it stands in section `section`. `unless`: words
    that make the figure something else (备案 documents, 信息处理费, an applicant category)."""

    id: str
    topic: str
    subject: str  # a regex naming what is counted; "" when the verb says it all (予以公开)
    verb: str  # a regex of the words saying which count; "" when the subject says it all (行政复议 N 件)
    readings: tuple[Reading, ...]
    context: str = ""
    section: str = ""
    unless: str = ""
    units: str = r"件|项|个|条|份|部"
    amount: bool = False  # 万元 (a figure in 元 is converted)
    negatable: bool = False  # 未制发规章 states 0
    need_subject: bool = False  # the verb alone is too common (收到 … 件): the subject must be said or carried


def _one(table: str, row: str, col: str = "total") -> tuple[Reading, ...]:
    return (((table, row, col),),)


_DOCS_UNLESS = r"备案|审核|审查|清理|评估|解读|征求|合法性|起草|报送|修订|修改"
_DOCS = {"regulations": r"规章(?!制度)", "normative_documents": r"(?:行政)?规范性文件"}
_DOC_VERBS_2021 = {"issued": r"制发|制定|出台|印发|新制定|新出台", "repealed": r"废止|废除|宣布失效",
                   "in_force": r"现行有效"}

_APPLICANTS = r"自然人|法人|其他组织|商业企业|科研机构|社会公益组织|法律服务机构"
_APPS_UNLESS = _APPLICANTS + r"|行政复议|行政诉讼|建议|提案|信访|咨询|申请表"
_APPS = "申请"
_A = "applications"


def _applications() -> tuple[Claim, ...]:
    def c(id_: str, verb: str, readings, subject: str = "", **kw) -> Claim:
        return Claim(f"applications.{id_}", "applications", subject, verb, readings, context=_APPS,
                     section="三", unless=_APPS_UNLESS, units=r"件|个|条|宗", **kw)

    subject = r"政府信息公开申请|信息公开申请|公开申请|申请(?![人表])"
    received, carried_in = (_A, "received", "total"), (_A, "carried_in", "total")
    return (
        c("new", r"新收|新收到|新增", ((received,),), subject, need_subject=True),
        # 共收到 … 件 may count last year's carried over too: either reading makes the sentence true.
        c("received", r"收到|接到|受理|收办|接收", ((received,), (received, carried_in)), subject,
          negatable=True, need_subject=True),
        c("carried_in", r"上年结转|结转上年|上年度结转|从上年结转", ((carried_in,),)),
        c("disclosed", r"予以公开|同意公开", _one(_A, "disclosed")),
        c("partly_disclosed", r"部分公开", _one(_A, "partly_disclosed")),
        c("withheld", r"不予公开", _one(_A, "withheld")),
        c("unavailable", r"无法提供", _one(_A, "unavailable")),
        c("not_processed", r"不予处理", _one(_A, "not_processed")),
        c("other_handling", r"其他处理", _one(_A, "other_handling")),
        c("carried_out", r"结转下年度|结转至下年度|结转到下年度|结转下一年度|转入下年度", _one(_A, "carried_out")),
        c("results_total", r"办结|办理完毕", _one(_A, "results_total"), subject),
    )


def _reviews() -> tuple[Claim, ...]:
    unless = r"维持|纠正|撤销|败诉|胜诉|确认违法|驳回|尚未审结|审结|结案|应诉|出庭|调解|和解"
    direct, after = ("reviews", "litigation_direct", "total"), ("reviews", "litigation_after_review", "total")

    def c(id_: str, subject: str, readings: tuple[Reading, ...]) -> Claim:
        return Claim(f"reviews.{id_}", "reviews", subject, "", readings, context=r"信息公开", section="四",
                     unless=unless, units=r"件|起|宗|个|次", negatable=True)

    return (c("review", r"行政复议", ((("reviews", "review", "total"),),)),
            c("litigation", r"行政诉讼", ((direct, after), (direct,), (after,))))


def _decisions() -> tuple[Claim, ...]:
    rows = {"licensing": r"行政许可", "penalty": r"行政处罚", "coercion": r"行政强制"}
    return tuple(Claim(f"active.{row}.decisions", "decisions", subject, r"决定", _one("active", row, "decisions"),
                       unless=r"事项|清单|目录|公示|权力|备案|听证") for row, subject in rows.items())


def _documents(verbs: dict[str, str]) -> tuple[Claim, ...]:
    return tuple(Claim(f"active.{row}.{col}", "documents", subject, verb, _one("active", row, col),
                       unless=_DOCS_UNLESS, negatable=col != "in_force")
                 for row, subject in _DOCS.items() for col, verb in verbs.items())


FEES = Claim("active.fees.amount", "fees", r"行政事业性收费", "", _one("active", "fees", "amount"),
             unless=r"信息处理费|项目|标准|目录|减免|免征|免收|清单", units=r"万元|元", amount=True)

CLAIMS_2021 = _documents(_DOC_VERBS_2021) + _decisions() + (FEES,) + _applications() + _reviews()
# The 2019 format counts documents as 新制作/新公开/对外公开总数, which reports phrase too many ways to
# read safely, and states no fee amount: its text is compared on decisions, applications and reviews.
CLAIMS_2019 = _decisions() + _applications() + _reviews()

# A format's claims by its `prose` (formats.schema.Format.claims).
CLAIMS = {"2021": CLAIMS_2021, "2019": CLAIMS_2019}

# Words that make a clause about something else than this report's own figures for its year: another
# year, a change, a share, a part of the body or a wider area. Such a clause is never compared.
NOT_THIS = (r"同比|环比|较上年|比上年|上年同期|去年|增长|下降|减少|增加|持平|百分|%|％|占比|比例|比重|平均|以来|历年|近\d+年"
            r"|近[两三四五]年|全市|全县|全区|全省|全系统|县区|区县|各县|各区|乡镇|街道|下属|所属|直属|二级单位|局机关|机关本级")
