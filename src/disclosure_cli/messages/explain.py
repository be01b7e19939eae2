"""What each finding code means, an example of its message, and what to do about it (`disclosure codes CODE`).

`when` in English is codes.RULES; here is its Chinese, what a person does about the finding (zh, en), and
the params of a realistic example (rendered by the code's own templates, so it cannot drift from them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.i18n import Text
from . import part, reason


@dataclass(frozen=True)
class Explained:
    when_zh: str
    action: Text  # what to do
    example: dict[str, object] = field(default_factory=dict)  # the params of an example message
    where: str = "年报附表!J25"  # where the example stands


_T3 = "三、收到和处理政府信息公开申请情况"


def _e(when_zh: str, action_zh: str, action_en: str, where: str = "年报附表!J25", **example) -> Explained:
    return Explained(when_zh, Text(action_zh, action_en), example, where)


EXPLAIN: dict[str, Explained] = {
    "E001": _e("按正式标签在输入中找不到某张表格", "确认该表在工作簿中、标签与正式格式一致；可用 disclosure template 生成的模板重新填写",
               "make sure the table is in the workbook with its official labels; or fill in the template that "
               "disclosure template writes", where="", table_title=_T3, anchor="自然人"),
    "E002": _e("表格中缺少某一行或某一列", "补上缺少的行或列，标签照正式格式填写；不要删除没有数字的行",
               "add the missing row or column with its official label; do not delete rows that hold no numbers",
               where="", table_title=_T3, kind=Text("行", "row"), label="（四）无法提供"),
    "E003": _e("文件不能作为工作簿读取（损坏、加密、不是表格、超出安全限制）", "按说明处理后重新提交（如取消密码、在 Excel/WPS 中另存为 .xlsx）",
               "do what the reason says and submit it again (remove the password, save as .xlsx in Excel/WPS)",
               where="", reason=reason("encrypted")),
    "E004": _e("无法确定报告年度，或该年度没有适用的格式", "在“年度”单元格填写年份，或在文件名中写明年份，或运行时加 --year",
               "fill in the 年度 cell, put the year in the file name, or pass --year", where="",
               detail=part("part.no_year")),
    "E005": _e("表格符合另一年度的格式（如 2020 年的报告填在 2021 年的表上）", "核对报告年度；确是该年度的报告时改用正确年度的表格，或用 --schema 指定格式",
               "check the report year; refill the tables of the year's format, or read it with --schema",
               where="", other="2019", year=2021, format="2021"),
    # E006, E007, W107–W109 come with issue 12 (documents as inputs); explained here so the merge finds them.
    "E006": _e("两处单元格都可能是同一个正式标签（某行或某列写了两遍）：两处都不读取", "删去或改正多余的一处",
               "remove or correct the extra one", where="年报附表!A30", label="（一）予以公开",
               cells=Text("年报附表!A30、年报附表!A31", "年报附表!A30, 年报附表!A31")),
    "E007": _e("报告的各表中一个数字也没有填写（未填写的模板），或“单位名称”为空", "填写报告（没有的事项填 0）和单位名称后重新提交",
               "fill in the report (0 where there is none) and its unit name, then submit it again", where="",
               detail=Text("表中 200 个单元格都没有填写数字（没有的事项请填 0）",
                           "none of its 200 cells holds a number (write 0 where there is none)")),
    "W107": _e("标签与正式标签相差一两个字（如“部份公开”），且与它最接近", "核对并改正标签", "check the label and correct it",
               where="年报附表!A27", written="（二）部份公开", label="（二）部分公开"),
    "W108": _e("收费金额以元填写（表头或单元格注明）：按万元精确换算", "无需处理；今后请按万元填写", "nothing to do; write 万元 next time",
               value="251000元", number="25.1"),
    "W109": _e("表中的数字没有对齐各自的列标题（合并单元格丢失）：按标签后的顺序读取", "核对这些行的数字是否在正确的列中",
               "check that these rows' numbers stand in the right columns", where="", count=2,
               rows=Text("（一）予以公开、（二）部分公开", "（一）予以公开, （二）部分公开")),
    "E101": _e("数值不是数字（文字、日期、TRUE/FALSE、#DIV/0! 等错误值）", "改填数字（没有的填 0）",
               "write a number (0 where there is none)", value="十二", hint=""),
    "E102": _e("数值为负数", "改填大于等于 0 的数", "write a number ≥ 0", value="-3"),
    "E103": _e("件数不是整数（或金额超过 4 位小数）", "件数填整数；金额以万元为单位，最多 4 位小数",
               "counts are whole numbers; the amount is in 万元 with at most 4 decimals", value="2.5",
               detail=part("part.not_whole")),
    "E104": _e("非合计单元格是没有计算结果的公式：决不当作空白或 0", "用 Excel/WPS 打开并保存一次，再提交",
               "open and save the file in Excel/WPS once, then submit it again"),
    "W101": _e("非合计单元格为空白或占位符（- — / 无 空），按 0 计", "没有发生的事项填 0", "write 0 where there is none",
               shown=part("part.holds", value="/")),
    "W102": _e("数字以文本、全角数字或带空格/千位分隔符的形式填写", "改为数值格式的数字（本次已按所示数字读取）",
               "make it a number cell (it was read as the number shown)", value="１２", number="12"),
    "W103": _e("合计单元格为空或是没有计算结果的公式：按各项之和计，决不按 0", "填上合计（或用 Excel/WPS 保存一次使公式得出结果）",
               "fill in the total (or save the file in Excel/WPS once so its formula is computed)",
               shown=part("part.is_blank"), number="22"),
    "W104": _e("2021 年格式的表中使用了 2019 年格式的标签（如“规范性文件”），按对应的 2021 年标签读取", "把标签改为 2021 年格式的写法",
               "write the 2021 label instead", where="年报附表!A8", legacy="规范性文件", label="行政规范性文件"),
    "W105": _e("2019 年格式的采购总金额没有注明单位（元或万元），按万元计", "在单元格或表头注明单位，如“251000元”",
               "state the unit in the cell or its header, e.g. 251000元", value="25.1"),
    "W106": _e("工作簿中名为汇总/合计/总表的工作表与各单位表之和不符（它从不作为一个单位计入）", "核对汇总表，或删除它（汇总时只用各单位表）",
               "check the summary sheet, or delete it (compiling adds up the unit sheets only)",
               stated="120", expected="118", diff="2", count=12),
    "E201": _e("三：某一行的总计列不等于六类申请人之和", "核对该行各列与总计", "check the row's columns against its total",
               stated=48, expected=49, diff=-1),
    "E202": _e("三：分组小计行（表中有该行时）不等于其各分项之和", "核对小计与各分项", "check the subtotal against its rows",
               stated=5, expected=4, diff=1, group_label="（三）不予公开"),
    "E203": _e("三：（七）总计不等于（一）至（六）各项之和", "核对各项办理结果与总计", "check the results against their total",
               stated=50, expected=49, diff=1),
    "E204": _e("三：新收 + 上年结转 ≠ 办理结果总计 + 结转下年度（指向结转下年度）", "核对新收、上年结转、办理结果和结转下年度四项",
               "check received, carried in, the results and carried out", where="年报附表!D48", received=40,
               carried_in=3, inflow=43, results_total=41, stated=3, outflow=44, diff=1, expected=2),
    "E205": _e("四：某组总计不等于维持、纠正、其他、尚未审结之和", "核对该组各项与总计", "check the group's outcomes against its total",
               where="年报附表!E54", stated=4, expected=3, diff=1),
    "E206": _e("二：现行有效件数小于本年制发减本年废止（年初现行有效件数会是负数）", "核对现行有效、本年制发和本年废止件数",
               "check the counts in force, issued and repealed", where="年报附表!D8", stated=3, issued=7, repealed=2,
               expected=5),
    "W301": _e("本年的上年结转与上年报告的结转下年度不符", "核对本年上年结转与上年报告", "check carried in against last year's report",
               where="年报附表!D25", stated=3, previous_year=2020, expected=2, previous="2020.xlsx 年报附表!D48"),
    "W302": _e("现行有效件数与上年现行有效 + 本年制发 − 本年废止不符", "核对现行有效件数与上年报告",
               "check the count in force against last year's report", where="年报附表!D8", stated=12,
               previous_year=2020, previous_in_force=10, issued=3, repealed=2, expected=11,
               previous="2020.xlsx 年报附表!D8"),
    "W303": _e("每个数字都与上年相同（照抄上年报告：内容雷同）", "确认本年报告不是照抄上年", "make sure the report was not copied over",
               where="", count=200, previous_year=2020, previous="2020.xlsx"),
    "W304": _e("使用 --previous 或 --history 时，该单位没有上年的报告：未做跨年度核对", "提供该单位的上年报告，或确认它是新设单位",
               "give the unit's report of last year, or make sure it is a new unit", where="",
               previous_year=2020, detail=part("part.history_none", db="历史.db")),
    "E301": _e("一次汇总中有不同年度或不同格式的报告", "按年度分别汇总", "compile each year separately", where="",
               detail=Text("2020 年（2019 年格式）1 个单位：某局；2021 年（2021 年格式）12 个单位：甲局、乙局…",
                           "2020 (2019 format) 1 unit(s): 某局; 2021 (2021 format) 12 unit(s): 甲局, 乙局…")),
    "E302": _e("一次运行中同一单位（名称按匹配规则）同一年度、同一格式的报告出现不止一次：副本，或两个文件写的是同一单位",
               "只保留一份；两份内容不同时，问清哪一份是正式报表；重名的两个单位请把单位名称写完整",
               "keep one; when the copies differ, ask which one is the report; two units of one name need their "
               "full names", where="", count=2, files="交通运输局-2021.xlsx、交通运输局-2021(1).xlsx",
               identical=part("part.identical_all")),
    "E303": _e("--on-error exclude 时每个单位都有错误、都被排除，汇总将是一张空表", "先按问题清单改正各单位的报表；"
               "或用 --on-error include 带着错误汇总（无法读取的合计留空）",
               "correct the units' reports from the findings first; or compile them with their errors with "
               "--on-error include (totals that cannot be read are left empty)", where="", count=3),
    "E401": _e("compile --on-error include：纳入汇总的单位在某一合计需要的单元格上没有可读取的数值", "修正该单位的数值，或用 --on-error exclude 排除该单位",
               "fix the unit's value, or leave the unit out with --on-error exclude", where="", count=1, units="某局"),
    "N001": _e("输入目录中未读取的文件：不是报表、锁定文件、隐藏文件，或本次运行的输出文件", "无需处理；确是报表时改为 .xlsx 等可读取的格式",
               "nothing to do; if it is a report, save it as .xlsx or another kind this tool reads", where="",
               detail=part("part.lock_file")),
    "N002": _e("输入目录中与各单位报表放在一起的、由 compile 写出的汇总表（或 report 写出的年度报告）：未计入", "无需处理；要汇总它时直接写出文件名（如 compile 甲县.xlsx 乙县.xlsx）",
               "nothing to do; to roll it up, name the file (compile 甲县.xlsx 乙县.xlsx)", where="",
               folder="submissions"),
    "N003": _e("输入目录中与各单位报表放在一起的、由 check --annotate 写出的标注副本：未读取", "无需处理；改好的报表请另存为新文件，不要在标注副本上修改后提交",
               "nothing to do; save a corrected report as a new file rather than submitting the annotated copy",
               where="", folder="submissions"),
    "N004": _e("报表没有写明单位名称（没有“单位名称”单元格，也没有标题），按文件名或工作表名命名", "在表中填写单位名称",
               "write the unit's name in the report", where="", what=part("part.named_file"), name="2021"),
    "N005": _e("名单（--roster）中同一名称出现不止一次", "删除名单中重复的行", "delete the repeated line of the roster",
               where="名单!A7", name="某某局", count=2, places=Text("名单!A3、名单!A7", "名单!A3, 名单!A7")),
    "W501": _e("使用 --roster 时，名单中的单位没有报送（未报送）", "催报；已报送的，核对报表中的单位名称是否与名单一致",
               "chase the report; if it was sent, check that its unit name is written as on the roster",
               where="名单!A5", name="某某局", place=part("part.roster_cell", sheet="名单", cell="A5")),
    "W502": _e("使用 --roster 时，报送了报表但名单中没有该单位", "核对单位名称（多半是写法与名单不同），或把该单位加入名单",
               "check the unit's name (most often it is written differently), or add the unit to the roster",
               where="", name="某某局办公室", roster="名单.xlsx"),
    "N006": _e("报告正文的句子数超过上限（真实的报告只有几百句），其余部分未与表格核对", "检查文件是否正常；正常的报告请分成几个文件审核",
               "check the file; a real report this long can be audited in parts", where="一、总体情况 第2段",
               limit=20000, section="一、总体情况"),
    # -- audit -------------------------------------------------------------------------
    "E601": _e("发布的报告正文写的某个数字（如制发、现行有效的规范性文件件数，收到的申请件数，各项办理结果，复议诉讼件数，"
               "收费金额）与报告自己的统计表不一致", "核对正文和表格哪一个是对的，改正另一个后重新发布",
               "find out whether the text or the table is right, correct the other and publish again",
               where="一、总体情况 第14段", what="行政规范性文件 现行有效件数", stated="14", table=Text("9", "9"),
               quote="2021年度，市工信局累计制发规范性文件9件，废止规范性文件0件，现行有效行政规范性文件14件。"),
    "E602": _e("报告缺少国办公开办函〔2021〕30号规定的六个部分之一（有统计表的部分，表格在即算在）",
               "按格式补上该部分（没有内容的，写明“无”或说明情况）",
               "add the section as the format has it (where there is nothing to report, say so)", where="",
               number="五", title="存在的主要问题及改进情况"),
    "W601": _e("报告标题没有写明机关名称或年度", "标题写成“某某机关××××年政府信息公开工作年度报告”",
               "title it 某某机关××××年政府信息公开工作年度报告", where="第1段",
               missing=part("part.title_year"), title="某市交通运输局政府信息公开工作年度报告"),
    "W603": _e("某一部分的标题排在后面部分之后", "按一至六的顺序排列各部分", "put the sections in order, 一 to 六",
               where="五、存在的主要问题及改进情况 第40段", number="五", title="存在的主要问题及改进情况", before="六"),
    "W604": _e("报告没有写明所列数据的统计期限，或写的是另一个年度", "在开头写明“本报告所列数据的统计期限自××××年1月1日起至"
               "××××年12月31日止”", "state the period in the opening paragraph (本报告所列数据的统计期限自…起至…止)",
               where="", detail=part("part.period_missing", year=2021)),
    "W605": _e("第五部分“存在的主要问题及改进情况”只有标题或只写了“无”", "写明存在的主要问题和改进措施",
               "state the main problems and what is being done about them", where="五、存在的主要问题及改进情况 第40段",
               number="五", title="存在的主要问题及改进情况"),
    "W606": _e("使用 --previous 时，某一部分的文字（数字不计）与上年报告大部分相同（默认 80% 以上）",
               "按本年度的实际工作重新撰写该部分", "write the section anew from this year's work",
               where="一、总体情况", number="一", title="总体情况", percent=93, previous="2020年报.docx"),
    "A001": _e("compile 使用 --previous 或 --history 时，某单位的一项主要数字是上年的 5 倍以上或不到五分之一，"
               "且两年均不少于 30 件（阈值可用 --threshold factor=…、min-cases=… 调整）",
               "核对本年和上年的数字；确属实际变化（如机构调整、集中申请）可不处理",
               "check this year's and last year's numbers; a real change (a reorganisation, a wave of "
               "applications) needs nothing more", where="", label="新收申请", previous_year=2021, before=40,
               direction=Text("增至", "up to"), now=260, times="6.5", factor=5, min_cases=30),
    "A002": _e("compile 汇总多个单位时，某单位本年新收申请为 0，而其他单位新收申请的中位数不少于 30 件"
               "（至少 5 个单位；阈值可用 --threshold peer-median=…、min-peers=… 调整）",
               "向该单位核实是否确实没有收到申请，或是否漏填了表三",
               "ask the unit whether it really received no application, or left table 三 unfilled", where="",
               peers=12, names="甲局、乙局、丙局…", median=45, peer_median=30, min_peers=5),
    "A003": _e("compile 汇总多个单位时，某单位的复议纠错率或诉讼纠错率比其他单位合计的纠错率高出 30 个百分点以上"
               "（阈值可用 --threshold gap=…、min-denominator=… 调整）",
               "核对表四的数字（结果纠正与结果维持是否填反）；属实的，说明该单位的情况",
               "check table 四 (corrected and upheld swapped?); if it is true, explain the unit's case", where="",
               indicator=Text("复议纠错率", "review correction rate"), rate="60.0%", counts="3/5", peers=12,
               peers_rate="10.0%", peers_counts="4/40", names="甲局、乙局、丙局…", points="50.0", gap=30,
               min_denominator=5),
}
