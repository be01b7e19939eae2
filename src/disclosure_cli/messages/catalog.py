"""Every message a person sees outside the finding codes, in Chinese and English, by a dotted key.

Keys are namespaced by what shows them (ui, output, history, template, annotate, table, part); the
values are str.format templates. A test formats every entry with the parameters its callers pass."""

from __future__ import annotations

from .catalog_indicators import MESSAGES as _INDICATORS

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the run as a whole -------------------------------------------------------------------
    "ui.error": ("错误", "error"),
    "ui.warning": ("警告", "warning"),
    "ui.notice": ("提示", "notice"),
    "ui.no_findings": ("未发现问题", "no findings"),
    "ui.summary": ("共 {units} 个单位，{bad} 个有错误；错误 {errors} 条，警告 {warnings} 条",
                   "{units} unit(s), {bad} with errors; {errors} error(s), {warnings} warning(s)"),
    "ui.year": ("{year}年", "{year}"),
    "ui.place_table": ("表格{table} 第{row}行第{col}列", "table {table}, row {row}, column {col}"),
    "ui.place_line": ("行{line} 列{col}", "line {line}, column {col}"),
    "ui.no_input": ("找不到输入：{arg}", "no such input: {arg}"),
    "ui.no_files": ("输入中没有可读取的工作簿", "no workbooks found in the inputs"),
    "ui.wrote": ("已写入 {path}（汇总 {included} 个单位）", "wrote {path} ({included} unit(s) compiled)"),
    "ui.not_written": ("存在错误，未写入任何文件；可用 --on-error exclude 排除有错误的单位，或 --on-error include 保留它们",
                       "errors found: nothing was written; --on-error exclude leaves the units with errors out, "
                       "--on-error include keeps them"),
    "ui.xlsx_needs_output": ("xlsx 和 docx 格式需要用 -o 指定输出文件",
                             "the xlsx and docx formats need an output file: -o FILE"),
    "ui.bad_suffix": ("无法从文件名判断输出格式：{path}（请使用 .xlsx .docx .md .csv .json，或 --format）",
                      "cannot tell the output format from the name {path} (use .xlsx .docx .md .csv .json, "
                      "or --format)"),
    "ui.format_suffix": ("--format {format} 与输出文件名 {path} 不符（该后缀是 {suffix_format} 格式）：请改用相应的后缀，或去掉 --format",
                         "--format {format} contradicts the output name {path} (that suffix is {suffix_format}): "
                         "change the suffix, or drop --format"),
    "ui.binary_to_terminal": ("{format} 是二进制文件，不能输出到终端：请用 -o 文件名.{format}，或把 -o - 重定向到文件",
                              "{format} is binary and cannot go to a terminal: use -o FILE.{format}, or redirect -o - "
                              "into a file"),
    "ui.wrote_partial": ("汇总已写入，但并不完整（退出状态 3）：{problems} 个问题使运行失败，{excluded} 个单位未计入，"
                         "{kept} 个有错误的单位已计入；见上方的问题",
                         "the summary was written, but it is not clean (exit status 3): {problems} finding(s) fail "
                         "the run, {excluded} unit(s) left out, {kept} unit(s) with errors kept; see the findings above"),
    "ui.not_written_strict": ("存在错误（--strict 时警告也算作错误），未写入任何文件；可用 --on-error exclude 排除有问题的单位",
                              "errors found (with --strict, warnings count as errors): nothing was written; "
                              "--on-error exclude leaves the units at fault out"),
    "ui.recorded": ("已记入历史库 {path}：新增 {added}，更新 {replaced}，未变 {unchanged}",
                    "recorded in {path}: {added} added, {replaced} replaced, {unchanged} unchanged"),
    "ui.previous_and_history": ("--previous 与 --history 只能选用一个", "use --previous or --history, not both"),
    "ui.history_empty": ("历史库 {path} 中还没有记录", "the history store {path} holds no records yet"),
    "ui.history_head": ("单位|年度|格式|数字个数|错误|警告|来源|内容哈希|记录时间",
                        "unit|year|format|numbers|errors|warnings|source|content hash|recorded at"),
    "ui.history_total": ("共 {count} 条记录（{units} 个单位，{years}）",
                         "{count} record(s) ({units} unit(s), {years})"),
    "ui.defusedxml": ("openpyxl 未启用 defusedxml 保护（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False），"
                      "拒绝读取不受信任的文件 / openpyxl is not protected by defusedxml (install defusedxml and do "
                      "not set OPENPYXL_DEFUSEDXML=False): refusing to read untrusted files",
                      "openpyxl 未启用 defusedxml 保护（请安装 defusedxml，且不要设置 OPENPYXL_DEFUSEDXML=False），"
                      "拒绝读取不受信任的文件 / openpyxl is not protected by defusedxml (install defusedxml and do "
                      "not set OPENPYXL_DEFUSEDXML=False): refusing to read untrusted files"),
    # -- disclosure codes CODE ----------------------------------------------------------------
    "codes.when": ("含义：", "When:"),
    "codes.example": ("示例：", "Example:"),
    "codes.action": ("处理：", "What to do:"),
    "codes.level_error": ("错误：有错误的报表不能汇总（退出状态 1；compile --on-error exclude/include 可排除或保留该单位）。",
                          "An error makes the report unfit for compiling (exit status 1; compile --on-error "
                          "exclude/include leaves the unit out or keeps it)."),
    "codes.level_warning": ("警告：请逐条核实；只有加 --strict 时才会使运行失败。",
                            "A warning is to be checked; it fails the run only with --strict."),
    "codes.level_notice": ("提示：告知情况，不会使运行失败（--strict 也不会）。",
                           "A notice says what happened; it never fails a run, not even with --strict."),
    "codes.unknown": ("没有代码 {code}；可用的代码：{codes}", "no code {code}; the codes are: {codes}"),
    # -- output files -------------------------------------------------------------------------
    "input.changed": ("输入文件在运行期间被修改：{path}，请重新运行", "an input changed while the run read it: {path}; "
                      "run again"),
    "output.is_input": ("输出文件不能是输入文件：{path}", "the output cannot be one of the inputs: {path}"),
    "output.not_ours": ("输出文件 {path} 已存在于输入中，且不是 disclosure 写出的文件：为免覆盖，请换一个输出文件名",
                        "the output {path} is among the inputs and was not written by disclosure: choose another "
                        "output name rather than overwrite it"),
    "output.no_folder": ("输出目录不存在：{path}", "the output folder does not exist: {path}"),
    "output.is_folder": ("输出路径是一个目录：{path}", "the output path is a folder: {path}"),
    "output.locked": ("目标文件被占用（可能正在 Excel/WPS 中打开），请关闭后重试：{path}",
                      "the target file is in use (open in Excel/WPS?): close it and try again: {path}"),
    "output.outside": ("输出文件名超出了输出目录：{path}", "the output name leads outside the output folder: {path}"),
    "output.unwritable": ("无法写入：{path}", "cannot write: {path}"),
    "output.exists": ("文件已存在，未覆盖（确需覆盖请加 --force）：{path}",
                      "the file exists and was not overwritten (add --force to replace it): {path}"),
    # -- the roster (--roster) ----------------------------------------------------------------
    "roster.suffix": ("名单须为 .txt（每行一个单位）、.csv 或工作簿（.xlsx 等，含“单位名称”列）：{path}",
                      "a roster is a .txt file (one name a line), a .csv or a workbook (.xlsx …) with a 单位名称 "
                      "column: {path}"),
    "roster.unreadable": ("无法读取名单：{path}", "cannot read the roster: {path}"),
    "roster.empty": ("名单中没有单位名称：{path}", "the roster lists no units: {path}"),
    "roster.no_column": ("名单有多列，请在单位名称所在列的第一行写上“单位名称”：{path}",
                         "the roster has several columns: head the column of names with 单位名称 (or name): {path}"),
    "ui.roster": ("名单 {path}：应报 {expected} 个单位，已报 {reported} 个，未报送 {missing} 个，名单外 {unexpected} 个",
                  "roster {path}: {expected} unit(s) expected, {reported} reported, {missing} missing, "
                  "{unexpected} not on the roster"),
    "ui.roster_missing": ("未报送：{names}", "not reported: {names}"),
    "ui.roster_unexpected": ("不在名单中：{names}", "not on the roster: {names}"),
    # -- the history store --------------------------------------------------------------------
    "history.missing": ("历史库 {path} 不存在（先用 compile --history 建立）",
                        "the history store {path} does not exist (compile --history creates it)"),
    "history.is_dir": ("{path} 是文件夹，不是历史库文件", "{path} is a folder, not a history store file"),
    "history.not_sqlite": ("{path} 不是历史库：该文件不是 SQLite 数据库（可能已损坏或选错了文件）",
                           "{path} is not a history store: the file is not an SQLite database (corrupt, or the "
                           "wrong file?)"),
    "history.foreign": ("{path} 是其他程序的 SQLite 数据库，不是 disclosure 的历史库；未作任何修改，请换一个文件名",
                        "{path} is another program's SQLite database, not a disclosure history store; it was left "
                        "untouched: use another file name"),
    "history.newer": ("历史库 {path} 由更新版本的 disclosure 建立（结构版本 {detail}），请升级本程序",
                      "the history store {path} was made by a newer disclosure (layout version {detail}): upgrade "
                      "this program"),
    "history.corrupt": ("历史库 {path} 已损坏：{detail}", "the history store {path} is corrupt: {detail}"),
    "history.unwritable": ("无法写入历史库 {path}：{detail}", "cannot write the history store {path}: {detail}"),
    # -- the template ---------------------------------------------------------------------------
    "template.written": ("已写入模板：{path}（{year} 年度，{format} 年格式）",
                         "template written: {path} (year {year}, format {format})"),
    "template.no_format": ("{year} 年没有适用的年报格式（支持：{supported}）",
                           "no report format exists for {year} (supported: {supported})"),
    "template.suffix": ("模板只能保存为 .xlsx 文件：{path}", "the template can only be written as an .xlsx file: {path}"),
    # -- annotated copies -----------------------------------------------------------------------
    "annotate.sheet": ("错误清单", "Findings"),
    "annotate.header": ("序号|代码|级别|单位|文件|工作表|单元格|位置|说明|相关单元格",
                        "No.|Code|Severity|Unit|File|Sheet|Cell|Where|Message|Related cells"),
    "annotate.related": ("参与核对：{items}", "read by the check: {items}"),
    "annotate.item": ("{code}（{cell}）", "{code} ({cell})"),
    "annotate.line": ("{code} {severity}：{message}", "{code} {severity}: {message}"),
    "annotate.joiner": ("、", ", "),
    "annotate.copy_note": ("注意：原文件为 {kind} 格式，本副本只保留了单元格的值和合并单元格（没有公式和格式）。",
                           "Note: the input is a {kind} file; this copy keeps cell values and merges only "
                           "(no formulas or formatting)."),
    "annotate.unreadable_note": ("原文件无法作为工作簿读取，本副本只有问题清单。",
                                 "The input cannot be read as a workbook; this copy holds the list of findings only."),
    "annotate.written": ("已写入标注副本：{path}", "annotated copy written: {path}"),
    "annotate.clean": ("{path} 未发现问题，未写入标注副本", "no findings in {path}: no annotated copy written"),
    "annotate.count": ("错误 {errors} 条，警告 {warnings} 条（错误在前）",
                       "{errors} error(s), {warnings} warning(s) (errors first)"),
    "annotate.legend": ("颜色说明：", "Colours:"),
    "annotate.legend_error": ("错误所在单元格", "cell with an error"),
    "annotate.legend_warning": ("警告所在单元格", "cell with a warning"),
    "annotate.legend_related": ("参与核对的相关单元格", "cell a check read"),
    "annotate.suffix": ("标注副本是 .xlsx 文件：--annotate 请写 .xlsx 文件名（一个输入时）或一个目录（以 / 结尾）：{path}",
                        "annotated copies are .xlsx files: give --annotate an .xlsx name (one input) or a folder "
                        "(ending with /): {path}"),
    "annotate.needs_folder": ("有多个输入时，--annotate 须指定一个目录（而不是 .xlsx 文件）：{path}",
                              "with several inputs, --annotate needs a folder (not an .xlsx file): {path}"),
    # -- headings and column names of the compiled tables outside the official labels -------------
    "table.title_one": ("{name} · {year}年", "{name} · {year}"),
    "table.title_many": ("汇总 · {year}年 · {n} 个单位", "Summary · {year} · {n} unit(s)"),
    "table.title_named": ("{name} · {year}年 · 汇总 {n} 个单位", "{name} · {year} · {n} unit(s) compiled"),
    "table.breakdown": ("分单位情况", "By unit"),
    "table.units": ("汇总范围", "Units covered"),
    "table.findings": ("问题清单", "Findings"),
    "table.unit": ("单位", "Unit"),
    "table.source": ("来源", "Source"),
    "table.sheet": ("工作表", "Sheet"),
    "table.status": ("状态", "Status"),
    "table.errors": ("错误", "Errors"),
    "table.warnings": ("警告", "Warnings"),
    "table.code": ("代码", "Code"),
    "table.severity": ("级别", "Severity"),
    "table.where": ("位置", "Cell"),
    "table.place": ("表内位置", "Row / column"),
    "table.message": ("说明", "Message"),
    "table.total_row": ("合计", "Total"),
    "table.covered": ("本汇总纳入 {included} 个单位（共 {n} 个）", "{included} of {n} unit(s) compiled"),
    "table.ok": ("纳入", "included"),
    "table.excluded": ("已排除", "excluded"),
    "table.repeat_excluded": ("重复报送（已排除）", "reported twice (excluded)"),
    "table.repeat_kept": ("重复报送（已计入）", "reported twice (kept)"),
    "table.not_reported": ("未报送", "not reported"),
    "table.not_listed": ("不在名单中", "not on the roster"),
    "table.roster": ("名单 {path}：应报 {expected} 个，已报 {reported} 个，未报送 {missing} 个，名单外 {unexpected} 个",
                     "Roster {path}: {expected} expected, {reported} reported, {missing} missing, {unexpected} not "
                     "on the roster"),
    "table.summary_sheet": ("汇总表（不计入）", "summary sheet (not added)"),
    "table.error_status": ("有错误（已纳入）", "has errors (included)"),
    "table.error_blocking": ("有错误", "has errors"),
    # A printed page's footer (xlsx header/footer codes: &P the page, &N the pages).
    "table.page_footer": ("第 &P 页，共 &N 页", "page &P of &N"),
    # -- the annual report (disclosure report) -------------------------------------------------------
    "report.title": ("{name}{year}年政府信息公开工作年度报告", "{name}: report on government information disclosure, {year}"),
    "report.opening": ("本报告由{name}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和{format}要求编制。"
                       "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和"
                       "行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自{year}年1月1日起至"
                       "{year}年12月31日止。",
                       "This report was prepared by {name} under the Regulations on the Disclosure of Government "
                       "Information and {format}. It covers the overall situation, information disclosed on the "
                       "body's own initiative, applications received and handled, administrative reconsideration "
                       "and litigation, the main problems and improvements, and other matters. Its figures cover "
                       "1 January to 31 December {year}."),
    "report.opening_where": ("本报告电子版可在【请填写：网站名称及网址】查阅或下载。如对本报告有疑问，请与【请填写：联系单位、地址、"
                             "联系电话】联系。",
                             "The report can be read or downloaded at [to fill in: website and address]. Questions: "
                             "[to fill in: office, address, telephone]."),
    "report.rollup": ("本报告数据由{n}个单位的统计表汇总而成（各单位主要数据见附表）。",
                      "The figures are the totals of {n} units' tables (each unit's key figures: see the annex)."),
    "report.section1": ("一、总体情况", "1. Overview"),
    "report.section5": ("五、存在的主要问题及改进情况", "5. Main problems and improvements"),
    "report.section6": ("六、其他需要报告的事项", "6. Other matters to report"),
    "report.sub_active": ("（一）主动公开", "(1) Disclosure on the body's own initiative"),
    "report.sub_applications": ("（二）依申请公开", "(2) Disclosure on application"),
    "report.sub_management": ("（三）政府信息管理", "(3) Management of government information"),
    "report.sub_platforms": ("（四）平台建设", "(4) Disclosure platforms"),
    "report.sub_supervision": ("（五）监督保障", "(5) Supervision and safeguards"),
    "report.fill": ("【请填写：{what}】", "[to fill in: {what}]"),
    "report.fill_overview": ("本年度政府信息公开工作总体情况", "the year's disclosure work as a whole"),
    "report.fill_active": ("主动公开工作的做法和成效", "how information was disclosed on the body's own initiative"),
    "report.fill_applications": ("依申请公开工作的做法", "how applications were handled"),
    "report.fill_management": ("政府信息管理情况", "how government information is managed"),
    "report.fill_platforms": ("政府信息公开平台建设情况", "the disclosure platforms"),
    "report.fill_supervision": ("监督保障情况", "supervision and safeguards"),
    "report.fill_problems": ("存在的主要问题及改进情况", "the main problems and how they are being addressed"),
    "report.fill_other": ("依据《政府信息公开信息处理费管理办法》收取信息处理费的情况；落实上级年度政务公开工作要点情况；"
                          "人大代表建议和政协提案办理结果公开情况；年度工作创新情况；数据统计需要说明的事项；其他需要报告的事项",
                          "fees charged under the information-processing fee rules; how the year's disclosure "
                          "priorities were carried out; disclosure of the handling of deputies' and committee "
                          "members' proposals; innovations; notes on the statistics; anything else"),
    "report.annex": ("附表：各单位主要数据", "Annex: key figures by unit"),
    "report.chart_results": ("申请办理结果", "How applications were handled"),
    "report.chart_yoy": ("与上年比较", "Compared with last year"),
    "report.this_year": ("{year}年", "{year}"),
    "report.applications": ("本年度共新收政府信息公开申请{received}件，上年结转{carried_in}件",
                            "This year {received} new application(s) were received and {carried_in} carried over "
                            "from last year"),
    "report.results": ("其中{results}", "of those handled: {results}"),
    "report.carried_out": ("结转下年度继续办理{carried_out}件", "{carried_out} carried over to next year"),
    "report.item": ("{label}{value}件", "{label} {value}"),
    "report.joiner": ("，", ", "),
    "report.clause": ("；", "; "),
    "report.stop": ("。", "."),
    "report.count_unit": ("件", ""),
    "report.amount_unit": ("万元", " (10,000 yuan)"),
    "report.active": ("本年度{rows}。", "This year: {rows}."),
    "report.review": ("{label}{total}件，其中{inner}", "{label}: {total}, of which {inner}"),
    "report.change_up": ("新收申请比上年增加{diff}件（上年{before}件）。",
                         " New applications rose by {diff} on last year ({before})."),
    "report.change_down": ("新收申请比上年减少{diff}件（上年{before}件）。",
                           " New applications fell by {diff} on last year ({before})."),
    "report.change_same": ("新收申请与上年持平（上年{before}件）。", " New applications were level with last year ({before})."),
    "report.change_unknown": ("（上年数据不全，未作比较。）", " (Last year's figures are incomplete: no comparison.)"),
    "report.written": ("已写入年度报告：{path}", "annual report written: {path}"),
    "report.suffix": ("年度报告须用 -o 指定 .docx 文件：{path}", "the report needs an output file ending in .docx (-o): {path}"),
    # -- pieces of finding messages (a finding's params hold them as Text) -------------------------
    "part.empty": ("", ""),
    "part.row": ("行", "row"),
    "part.column": ("列", "column"),
    "part.header": ("表头", "header"),
    "part.no_numbers": ("表中 {count} 个单元格都没有填写数字（没有的事项请填 0）",
                        "none of its {count} cells holds a number (write 0 where there is none)"),
    "part.no_unit_name": ("“单位名称”未填写，请填写本单位的全称", "its 单位名称 (unit name) is blank: write the unit's full name"),
    "part.many_rows": ("{first}等 {count} 行", "{first} and the other rows, {count} in all"),
    "part.money_places": ("的小数位超过 {places} 位（金额精确到分）",
                          "has more than {places} decimal places (amounts are exact to the fen)"),
    "part.amount_places": ("的小数位超过 {places} 位（万元保留到 4 位小数即 1 元）",
                           "has more than {places} decimal places (4 places of 万元 is one yuan)"),
    "part.not_whole": ("不是整数：件数只能是整数", "is not a whole number: counts are whole numbers"),
    "part.date_cell": ("（单元格被设置为日期/时间格式，请改为常规或数值格式）",
                       " (the cell is formatted as a date/time: format it as a number)"),
    "part.formula_error": ("（公式计算出错）", " (the formula evaluates to an error)"),
    "part.uncomputed": ("含未计算的公式", "holds a formula with no computed value"),
    "part.is_blank": ("为空", "is blank"),
    "part.holds": ("填写为“{value}”", "holds “{value}”"),
    "part.written": ("填写为“{value}”", "“{value}” written"),
    "part.blank": ("空白", "blank"),
    "part.no_format": ("{year} 年没有适用的年报格式（支持：{supported}）",
                       "no report format exists for {year} (supported: {supported})"),
    "part.no_year": ("无法确定报告年度：请在“年度”单元格填写年份，或在文件名中写明年份（如 2021.xlsx），或使用 --year",
                     "the report year cannot be determined: fill in the 年度 cell, put the year in the file name "
                     "(e.g. 2021.xlsx), or pass --year"),
    "part.summary_no_year": ("汇总文件未写明年度：请使用 --year", "the summary does not state its year: pass --year"),
    "part.summary_hole": ("（汇总文件中此项缺失）", " (the summary has no value here)"),
    "part.previous_years": ("（{where} 中该单位的报告为 {years} 年）", " ({where} holds this unit's report for {years})"),
    "part.previous_none": ("（{where} 中没有名为“{name}”的单位）", " (no unit named “{name}” in {where})"),
    "part.history_none": ("（历史库 {db} 中没有）", " (not in the history store {db})"),
    "part.mixed_group": ("{year} 年（{format} 年格式）{n} 个单位：{names}", "{year} ({format} format) {n} unit(s): {names}"),
    "part.list_sep": ("；", "; "),
    # why a .json/.csv is not a summary compile wrote (inside E003 not_summary)
    "summary.too_large": ("文件过大", "too large"),
    "summary.json": ("JSON 无法解析（{error}）", "the JSON cannot be parsed ({error})"),
    "summary.no_tables": ("没有 tables 或 units 项", "no tables or units"),
    "summary.empty": ("tables 为空", "empty tables"),
    "summary.record": ("{where} 不完整", "{where} is incomplete"),
    "summary.not_utf8": ("不是 UTF-8 编码", "not UTF-8"),
    "summary.header": ("表头不是 {header}", "the header is not {header}"),
    "summary.line": ("第 {line} 行的列数不对", "line {line} has the wrong number of fields"),
    "summary.csv": ("CSV 无法解析：{error}", "the CSV cannot be parsed: {error}"),
    "summary.no_format": ("缺少 summary,format 记录", "no summary,format record"),
    "summary.format": ("格式 {format} 未知", "unknown format {format}"),
    "summary.unknown": ("有未知的记录 {record}", "unknown record {record}"),
    "summary.duplicate": ("记录 {record} 重复", "duplicate record {record}"),
    "summary.missing": ("缺少记录 {record}", "missing record {record}"),
    "part.not_report": ("不是本工具读取的报表文件（{suffix}）", "not a kind of report this tool reads ({suffix})"),
    "part.lock_file": ("Excel/WPS 打开工作簿时留下的锁定文件", "the lock file Excel/WPS leave beside an open workbook"),
    "part.hidden": ("隐藏文件", "a hidden file"),
    "part.roster": ("--roster 指定的应报送单位名单，不是报表", "the roster given by --roster, not a report"),
    "part.this_output": ("本次运行的输出文件，不作为输入", "this run's own output, never one of its inputs"),
    "part.and_more": ("等（另有 {n} 个）", " and {n} more"),
    "part.identical_all": ("（这些文件的内容完全相同）", " (the files are byte for byte identical)"),
    "part.identical_some": ("（其中内容完全相同的：{files}）", " (byte for byte identical: {files})"),
    "part.roster_cell": ("名单 {sheet}!{cell}", "roster {sheet}!{cell}"),
    "part.roster_line": ("{file} 第 {line} 行", "{file} line {line}"),
    "part.named_file": ("文件名", "file name"),
    "part.named_sheet": ("工作表名", "sheet name"),
}

# The indicators', thresholds' and trends' messages (issue 16) live beside this catalog, under the same rules.
MESSAGES.update(_INDICATORS)
