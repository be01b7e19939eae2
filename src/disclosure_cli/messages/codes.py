"""The registry of finding codes: severity, title, when each is given, and message templates (zh, en)."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
NOTICE = "notice"  # information a person should see; never fails a run, not even under --strict
LEVELS = (ERROR, WARNING, NOTICE)


@dataclass(frozen=True)
class Code:
    code: str
    severity: str
    title: dict[str, str]
    message: dict[str, str]  # str.format templates over the finding's params

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


def _c(code: str, severity: str, title_zh: str, title_en: str, msg_zh: str, msg_en: str) -> Code:
    return Code(code, severity, {"zh": title_zh, "en": title_en}, {"zh": msg_zh, "en": msg_en})


CODES: dict[str, Code] = {
    c.code: c
    for c in (
        # -- reading ----------------------------------------------------------------------
        _c("E001", ERROR, "缺少表格", "table not found",
           "未找到表格“{table_title}”：请确认该表及其标签（如“{anchor}”）在工作簿中",
           "table “{table_title}” not found: make sure the table and its labels (e.g. “{anchor}”) are in the workbook"),
        _c("E002", ERROR, "缺少行或列", "row or column not found",
           "表格“{table_title}”中未找到{kind}“{label}”",
           "{kind} “{label}” not found in table “{table_title}”"),
        _c("E003", ERROR, "无法读取文件", "file cannot be read",
           "无法作为工作簿读取：{reason}",
           "cannot be read as a workbook: {reason}"),
        _c("E004", ERROR, "无法确定年度", "report year unknown",
           "{detail}", "{detail}"),
        _c("E005", ERROR, "表格格式与年度不符", "tables in the other format",
           "表格是 {other} 年格式，但 {year} 年的报告应使用 {format} 年格式：请核对报告年度，"
           "或用 --schema {other} 按 {other} 年格式读取",
           "the tables are in the {other} format, but a {year} report uses the {format} format: check the "
           "report year, or read it with --schema {other}"),
        _c("E007", ERROR, "报告未填写", "report not filled in",
           "报告未填写：{detail}", "the report is not filled in: {detail}"),
        _c("E006", ERROR, "标签有歧义", "label ambiguous",
           "有两处单元格都可能是“{label}”（{cells}），无法判断哪一处是，均未读取：请删去或改正多余的一处",
           "two cells could be “{label}” ({cells}): which one is meant cannot be told, so neither was read; "
           "remove or correct the extra one"),
        # -- cell values ------------------------------------------------------------------
        _c("E101", ERROR, "不是数字", "not a number",
           "“{value}”不是数字{hint}，请填写数字", "“{value}” is not a number{hint}: enter a number"),
        _c("E102", ERROR, "负数", "negative value",
           "{value} 是负数，此处只能填写大于等于 0 的数", "{value} is negative: only numbers ≥ 0 belong here"),
        _c("E103", ERROR, "不是整数", "not a whole number",
           "{value} {detail}", "{value} {detail}"),
        _c("E104", ERROR, "公式未计算", "formula not computed",
           "该单元格是公式但没有计算结果（文件由程序生成、未在 Excel/WPS 中打开保存）：请用 Excel/WPS 打开并保存后重新提交",
           "the cell holds a formula with no computed value (the file was written by a program and never "
           "opened and saved in Excel/WPS): open and save it in Excel/WPS, then submit it again"),
        _c("W101", WARNING, "空白按 0 计", "blank read as 0",
           "{shown}，按 0 计；没有的请填 0", "{shown}, read as 0; write 0 where there is none"),
        _c("W102", WARNING, "文本数字", "number written as text",
           "“{value}”是以文本形式填写的数字，按 {number} 计", "“{value}” is a number written as text, read as {number}"),
        _c("W103", WARNING, "合计未填写", "total not stated",
           "合计单元格{shown}，按各项之和 {number} 计", "the total cell {shown}; derived from its parts as {number}"),
        _c("W104", WARNING, "旧格式标签", "earlier-format label",
           "“{legacy}”是 2019 年格式的标签，按 2021 年格式的“{label}”读取",
           "“{legacy}” is a 2019-format label, read as the 2021 label “{label}”"),
        _c("W105", WARNING, "金额未注明单位", "amount without a unit",
           "采购总金额 {value} 未注明单位（元或万元），按万元计；请在单元格或表头注明单位（如“251000元”）",
           "the procurement amount {value} states no unit (元 or 万元) and is read as 万元; write the unit in the "
           "cell or its header (e.g. “251000元”)"),
        _c("W107", WARNING, "标签近似", "label read approximately",
           "“{written}”与正式标签“{label}”相差一两个字，按“{label}”读取：请核对并改正",
           "“{written}” is one or two characters off the official label “{label}”: read as “{label}”; check "
           "it and correct it"),
        _c("W109", WARNING, "数字未对齐表头", "numbers not under their headers",
           "本表有 {count} 行的数字没有对齐各自的列标题（表格的合并单元格可能已丢失），已按标签后的顺序读取：{rows}",
           "{count} row(s) of this table do not stand under their column headers (its merged cells were "
           "lost?): read in order after their labels: {rows}"),
        _c("W108", WARNING, "金额按元换算", "amount converted from 元",
           "收费金额“{value}”以元为单位（表头或单元格注明），已按万元计为 {number}",
           "the fee “{value}” is in 元 (its header or the cell says so): read as {number} 万元"),
        _c("W106", WARNING, "汇总表与各单位之和不符", "summary sheet ≠ sum of the unit sheets",
           "本工作簿的汇总表此项为 {stated}，而 {count} 个单位表之和为 {expected}（相差 {diff}）；汇总时按各单位表计算，不使用汇总表",
           "the workbook's summary sheet says {stated} here, but its {count} unit sheets add up to {expected} "
           "(difference {diff}); compiling adds up the unit sheets, not the summary sheet"),
        # -- arithmetic -------------------------------------------------------------------
        _c("E201", ERROR, "总计列不等于各列之和", "total column ≠ sum of applicants",
           "总计 {stated} 不等于六类申请人之和 {expected}（相差 {diff}）",
           "total {stated} is not the sum of the six applicant columns, {expected} (difference {diff})"),
        _c("E202", ERROR, "小计不等于分项之和", "subtotal ≠ sum of its sub-rows",
           "小计 {stated} 不等于{group_label}各分项之和 {expected}（相差 {diff}）",
           "subtotal {stated} is not the sum of the sub-rows of {group_label}, {expected} (difference {diff})"),
        _c("E203", ERROR, "办理结果总计不等于各项之和", "results total ≠ sum of results",
           "（七）总计 {stated} 不等于（一）至（六）各项之和 {expected}（相差 {diff}）",
           "（七）总计 {stated} is not the sum of results （一）–（六）, {expected} (difference {diff})"),
        _c("E204", ERROR, "收结不平衡", "applications do not balance",
           "新收 {received} + 上年结转 {carried_in} = {inflow}，但办理结果总计 {results_total} + 结转下年度 {stated} = {outflow}"
           "（相差 {diff}）；按勾稽关系，结转下年度应为 {expected}",
           "received {received} + carried in {carried_in} = {inflow}, but results total {results_total} + carried out "
           "{stated} = {outflow} (difference {diff}); to balance, carried out would be {expected}"),
        _c("E205", ERROR, "复议诉讼总计不等于各项之和", "review/lawsuit total ≠ sum of outcomes",
           "总计 {stated} 不等于结果维持、结果纠正、其他结果、尚未审结之和 {expected}（相差 {diff}）",
           "total {stated} is not the sum of upheld, corrected, other and pending, {expected} (difference {diff})"),
        _c("E206", ERROR, "现行有效件数过少", "in-force count impossible",
           "现行有效 {stated} 小于本年制发 {issued} 减本年废止 {repealed}（= {expected}），即年初现行有效件数为负数",
           "in force {stated} is less than issued {issued} minus repealed {repealed} (= {expected}): the count in "
           "force at the start of the year would be negative"),
        # -- across years -----------------------------------------------------------------
        _c("W301", WARNING, "上年结转与上年报告不符", "carried in ≠ last year's carried out",
           "上年结转 {stated} 不等于上年（{previous_year}年）报告的结转下年度 {expected}（{previous}）",
           "carried in {stated} differs from last year's ({previous_year}) carried out, {expected} ({previous})"),
        _c("W302", WARNING, "现行有效件数与上年不衔接", "in-force count does not follow last year",
           "现行有效 {stated} 不等于上年（{previous_year}年）现行有效 {previous_in_force} + 本年制发 {issued} − "
           "本年废止 {repealed} = {expected}（{previous}）",
           "in force {stated} differs from last year's ({previous_year}) {previous_in_force} + issued {issued} − "
           "repealed {repealed} = {expected} ({previous})"),
        _c("W303", WARNING, "与上年数据完全相同", "same numbers as last year",
           "本年 {count} 个数据与上年（{previous_year}年）报告完全相同（内容雷同，{previous}）：请确认不是照抄上年",
           "all {count} numbers equal last year's ({previous_year}) report ({previous}): make sure the report "
           "was not copied over"),
        _c("W304", WARNING, "没有上年报告", "no previous-year report",
           "未找到该单位上年（{previous_year}年）的报告{detail}，未做跨年度核对（W301–W303）",
           "no report of this unit for the previous year ({previous_year}){detail}: the cross-year checks "
           "(W301–W303) were not made"),
        _c("E301", ERROR, "年度或格式不一致", "different years or formats",
           "不能把不同年度或不同格式的报告汇总在一起：{detail}；请按年度分别汇总",
           "reports of different years or formats cannot be compiled together: {detail}; compile each year "
           "separately"),
        _c("E302", ERROR, "重复报送", "the same unit twice",
           "同一单位同一年度的报告出现了 {count} 次：{files}{identical}；请只保留一份，其余删除或移出输入目录",
           "this unit's report for this year appears {count} times: {files}{identical}; keep one and remove the "
           "others from the inputs"),
        _c("E303", ERROR, "没有可汇总的单位", "nothing left to compile",
           "全部 {count} 个单位都因错误被排除（--on-error exclude），没有可汇总的内容：未写入任何文件",
           "all {count} unit(s) were left out for their errors (--on-error exclude): nothing is left to "
           "compile, so nothing was written"),
        # -- compiling --------------------------------------------------------------------
        _c("E401", ERROR, "汇总值缺失", "total unknown",
           "该项无法汇总：{count} 个纳入汇总的单位此处没有可读取的数值（{units}），汇总表中此格留空",
           "this total cannot be computed: {count} included unit(s) have no readable value here ({units}); "
           "the cell is left empty in the summary"),
        # -- notices: what was not read, and why ----------------------------------------------
        _c("N001", NOTICE, "未读取的文件", "file not read",
           "未读取：{detail}", "not read: {detail}"),
        _c("N002", NOTICE, "汇总表未计入", "summary not added",
           "这是 disclosure 写出的汇总表（或年度报告），与各单位的报表同在 {folder} 中：未计入（否则其中的单位会被重复计算）；"
           "需要汇总它时请在命令中直接写出该文件",
           "a summary (or annual report) written by disclosure, found in {folder} beside unit reports: not added (its units would "
           "count twice); name the file itself to roll it up"),
        _c("N003", NOTICE, "标注副本未计入", "annotated copy not read",
           "这是 check --annotate 写出的标注副本，与各单位的报表同在 {folder} 中：未读取（否则该单位会被重复计算）；"
           "需要检查它时请在命令中直接写出该文件",
           "an annotated copy written by check --annotate, found in {folder} beside unit reports: not read (the "
           "unit would count twice); name the file itself to check it"),
        _c("N004", NOTICE, "单位名称取自文件名或工作表名", "unit named after its file or sheet",
           "表中没有写明单位名称（“单位名称”“填报单位”单元格或标题），按{what}称为“{name}”：{what}改了，单位也就变了；"
           "请在表中填写单位名称",
           "the report does not state its unit (no 单位名称/填报单位 cell, no title): it is called “{name}”, its "
           "{what}, and another {what} would make it another unit; write the unit's name in the report"),
        _c("N005", NOTICE, "名单中重复的单位", "listed twice on the roster",
           "“{name}”在名单中出现了 {count} 次（{places}），按一个单位计",
           "“{name}” is listed {count} times on the roster ({places}); counted as one unit"),
        _c("N006", NOTICE, "正文过长，只核对了前一部分", "text too long: only its beginning compared",
           "报告正文超过 {limit} 句，只核对了到此为止的部分（{section}）", "the report's text runs over {limit} "
           "sentences: only the part up to here ({section}) was compared with the tables"),
        # -- the roster of units expected (--roster) -------------------------------------------
        _c("W501", WARNING, "未报送", "not reported",
           "名单中的单位“{name}”（{place}）没有报送报表", "“{name}” is on the roster ({place}) but sent no report"),
        _c("W502", WARNING, "不在名单中", "not on the roster",
           "单位“{name}”不在名单 {roster} 中：请核对单位名称是否与名单一致（或名单是否漏列）",
           "“{name}” is not on the roster {roster}: check that the unit's name is written as on the roster (or "
           "that the roster lists it)"),
        # -- audit: a published report's text and completeness ----------------------------------
        _c("E601", ERROR, "正文与表格不符", "text contradicts the tables",
           "正文说{what}为 {stated}，表格中为 {table}：“{quote}”",
           "the text says {what} is {stated}, the tables say {table}: “{quote}”"),
        _c("E602", ERROR, "缺少部分", "section missing",
           "报告缺少第{number}部分“{title}”", "the report has no section {number} “{title}”"),
        _c("W601", WARNING, "标题不完整", "title incomplete",
           "报告标题没有写明{missing}：“{title}”", "the report's title does not state {missing}: “{title}”"),
        _c("W603", WARNING, "各部分顺序不对", "sections out of order",
           "第{number}部分“{title}”排在第{before}部分之后：各部分应按一至六的顺序排列",
           "section {number} “{title}” comes after section {before}: the sections go in order, 一 to 六"),
        _c("W604", WARNING, "统计期限", "statistics period", "{detail}", "{detail}"),
        _c("W605", WARNING, "部分内容为空", "section empty",
           "第{number}部分“{title}”没有内容：应写明存在的主要问题和改进措施",
           "section {number} “{title}” says nothing: it should state the main problems and what is done about them"),
        _c("W606", WARNING, "与上年文字雷同", "text repeats last year's",
           "第{number}部分“{title}”的文字与上年报告（{previous}）{percent}% 相同",
           "section {number} “{title}” is {percent}% the same text as last year's report ({previous})"),
        # -- anomalies: unusual, not wrong (compile and report; off with --no-anomalies) ------------
        _c("A001", WARNING, "与上年相比变化过大", "far from last year",
           "{label}从上年（{previous_year}年）的 {before} {direction} {now}（{times} 倍）；阈值：变化超过 {factor} 倍、"
           "两年均不少于 {min_cases} 件：请核实",
           "{label} went from {before} last year ({previous_year}) {direction} {now} (×{times}); threshold: more "
           "than ×{factor}, both years at least {min_cases}: please verify"),
        _c("A002", WARNING, "申请数为 0", "no applications",
           "本年新收申请为 0，而本汇总其他 {peers} 个单位（{names}）新收申请的中位数为 {median} 件；阈值：中位数不少于 "
           "{peer_median} 件、至少 {min_peers} 个单位：请核实是否漏填",
           "no applications received, while the other {peers} unit(s) of this summary ({names}) received a median "
           "of {median}; threshold: a median of at least {peer_median}, at least {min_peers} units: check that "
           "nothing was left out"),
        _c("A003", WARNING, "纠错率远高于同级", "correction rate far above the peers'",
           "{indicator} {rate}（{counts}），高出本汇总其他 {peers} 个单位合计的 {peers_rate}（{peers_counts}，{names}）"
           "{points} 个百分点；阈值：超过 {gap} 个百分点、分母均不少于 {min_denominator} 件",
           "{indicator} {rate} ({counts}) is {points} percentage points above the {peers_rate} of the other "
           "{peers} unit(s) of this summary together ({peers_counts}, {names}); threshold: more than {gap} "
           "points, denominators at least {min_denominator}"),
    )
}

# When each code is given (the rule of spec/format-2021.md), for the documentation.
RULES: dict[str, str] = {
    "E001": "a required table cannot be found in the input",
    "E002": "a required row or column of a table cannot be found",
    "E003": "the file cannot be read as a workbook (corrupt, encrypted, not a spreadsheet, over the size limits)",
    "E004": "the report year cannot be determined, or no format exists for it",
    "E101": "a value is not a number (text, a date, TRUE/FALSE, an error such as #DIV/0!)",
    "E102": "a value is negative",
    "E103": "a count is not a whole number (or an amount has more than 4 decimal places)",
    "E104": "a formula with no computed value in a cell that is not a total: never read as blank or 0",
    "W101": "a blank or a placeholder (- — / 无 空) in a cell that is not a total, read as 0",
    "W102": "a number written as text, with full-width digits, or with spaces/thousands separators",
    "W103": "a total left blank or holding a formula with no computed value: derived from its parts, never 0",
    "W104": "a 2019-format label used in a 2021-format table (e.g. 规范性文件), read as its 2021 counterpart",
    "W106": "a sheet named 汇总/合计/总表 beside unit sheets differs from their sum (it is never counted as a unit)",
    "E201": "applications: the total column differs from the sum of the six applicant columns (each row)",
    "E202": "applications: a group subtotal row (where the layout has one) differs from its sub-rows (each column)",
    "E203": "applications: （七）总计 differs from （一）+（二）+ all numbered sub-rows of （三）–（六） (each column)",
    "E204": "applications: received + carried in ≠ results total + carried out (each column; points at carried out)",
    "E205": "reviews: a group's total differs from upheld + corrected + other + pending",
    "E206": "active: in_force < issued − repealed (the count in force at the start of the year would be negative)",
    "W301": "this year's carried in differs from last year's carried out (each column)",
    "W302": "active: in_force differs from last year's in_force + issued − repealed",
    "W303": "every number equals last year's (a report copied over: 内容雷同)",
    "E005": "the tables fit the other format than the report year's (a 2020 report on the 2021 form)",
    "W105": "a 2019-format 采购总金额 states no unit (元 or 万元), in the cell or its header: read as 万元",
    "W304": "with --previous or --history, the unit has no report for the previous year: W301–W303 not made",
    "E301": "reports of different years or formats given to one compile",
    "E303": "with --on-error exclude, every unit was left out: nothing is written (never a summary of zeros)",
    "E401": "compile --on-error include: an included unit has no readable value where a total needs one",
    "E007": "a report with no number stated in any of its tables (an unfilled template), or its 单位名称 blank",
    "E006": "two cells could be the same official label (a row or column written twice): neither is read",
    "W107": "a label one or two characters off an official one (部份公开), and closer to it than to any other",
    "W109": "a table's numbers do not stand under their column headers (merged cells lost): read in order",
    "W108": "the fee amount is written in 元 (its header or the cell says so): converted to 万元 exactly",
    "N001": "a file under an input folder that is not read: not a kind of report, a lock file, a hidden file, "
            "this run's own output",
    "E302": "one unit-year (its name as matched, year and format) read twice in one run: copies, or two files "
            "that name the same unit",
    "N002": "a summary written by compile (or a report by report), found in an input folder that also holds unit reports: not added",
    "N003": "an annotated copy written by check --annotate, found in an input folder beside unit reports: not read",
    "N004": "a unit whose report states no name (no 单位名称 cell, no title): named after its file or sheet",
    "N005": "a name the roster (--roster) lists more than once",
    "N006": "audit: a report's text of more than 20,000 sentences (a real one has a few hundred): the rest is "
            "not compared",
    "W501": "with --roster: a unit on the roster sent no report (未报送)",
    "W502": "with --roster: a unit reported that the roster does not list",
    "E601": "audit: a figure the report's text states for a quantity its tables hold (documents issued, "
            "applications received, outcomes, reviews, the fee amount) that no reading of the tables gives",
    "E602": "audit: one of the format's six sections has no heading (a table section whose table stands counts)",
    "W601": "audit: the report's title names no body or no year",
    "W603": "audit: a section's heading stands after a later section's",
    "W604": "audit: the report states no statistics period, or one of another year",
    "W605": "audit: section 五 (problems and improvements) holds no text",
    "W606": "audit --previous: a section's text is at least --similar (default 80%) the same as last year's",
    "A001": "compile with --previous or --history: a unit's key figure is more than `factor` (5) times last "
            "year's, or less than 1/5 of it, both years at least `min-cases` (30)",
    "A002": "compile: a unit received no applications while the median of the other units of the summary is "
            "at least `peer-median` (30), over at least `min-peers` (5) units",
    "A003": "compile: a unit's 复议纠错率 or 诉讼纠错率 is more than `gap` (30) percentage points above the rate "
            "of the other units together (at least `min-peers` units; denominators at least `min-denominator`)",
}
