"""`--help` in Chinese: each command's text and each option's, shown under a zh locale or with --lang zh.

The English help stays with the commands (their docstrings and option help); a test requires a Chinese
text here for every command and option, so a new option cannot be English-only."""

from __future__ import annotations

_EXIT = """\
\b
退出状态：
  0  完成，没有错误（compile：汇总已写入，所有单位均已计入）
  1  发现错误（加 --strict 时警告也算）；compile 未写入任何文件
  2  命令有误：选项错误、找不到输入、输出路径/名单/历史库不可用
  3  仅 compile/report：已写入但不完整——有单位被排除（--on-error exclude），
     或带着错误计入（--on-error include）"""

COMMANDS: dict[str, str] = {
    "disclosure": f"""检查并汇总政府信息公开工作年度报告的统计表。

\b
示例：
  disclosure check 2021.xlsx              检查一个部门的工作簿
  disclosure check submissions/           检查文件夹中的每个工作簿
  disclosure check in/ --roster 名单.xlsx  谁还没有报送
  disclosure check a.xlsx --format json   给脚本用的检查结果
  disclosure compile submissions/ -o 汇总.xlsx   汇总表，官方格式
  disclosure compile a.xlsx -o 统计表.docx     三张表的 Word 版，可直接粘贴进年报
  disclosure report a.xlsx -o 2024年报.docx     年度报告（Word），表格和标准表述已填好
  disclosure audit reports/ -o audit.xlsx      审核发布的报告：表格、完整性、正文与表格
  disclosure template -o 2024.xlsx        部门填写用的模板
  disclosure history 历史.db               历史库中有哪些记录
  disclosure history 历史.db --trend       历年情况：主要数字、公开率、纠错率等
  disclosure codes                        所有问题代码
  disclosure codes E204                   一个代码的含义、示例和处理办法

{_EXIT}
""",
    "check": """读取并检查工作簿，列出每个问题，不写任何文件。

INPUT 是一份报告：工作簿（.xlsx .xlsm .xls .ods .et）、Word 文档（.docx）、网页（.html）、文本表格
（.txt .csv）；或文件夹（含子文件夹；其中其他文件各有一条提示）、通配符。文件按其实际内容读取，不看扩展名。
每个问题都写明代码、工作表和单元格（年报附表!J25）、所在的行和列，以及应为多少、实为多少。文件夹中与各单位报表放在一起的、本工具
写出的汇总表和标注副本不会被读取（各有一条提示）；同一单位同一年度出现两次是错误（E302）。

\b
示例：
  disclosure check 2021.xlsx
  disclosure check 2021.xlsx --lang en
  disclosure check submissions/ --quiet --strict
  disclosure check submissions/ --roster 名单.xlsx    谁还没有报送
  disclosure check "in/*.xlsx" --format json > findings.json
  disclosure check 2021.xlsx --previous 2020.xlsx
  disclosure check submissions/ --history history.db
  disclosure check old-2020.xlsx --schema 2019
  disclosure check 2021.xlsx --annotate 2021-标注.xlsx
  disclosure check submissions/ --annotate annotated/

\b
退出状态：0 没有错误（可以有警告）；1 发现错误（加 --strict 时警告也算）；
2 命令有误（选项错误、找不到输入、--annotate/--roster/--history 不可用）。
""",
    "compile": f"""汇总统计表：一个单位的三张表，或多个单位的合计。

INPUT 是一份报告（工作簿、Word 文档、网页、文本表格）、文件夹（含子文件夹）、通配符，或 compile 以前写出的汇总
（.xlsx .json .csv）：各县的汇总可以再汇总成市的汇总，合计的合计等于各单位的合计。多个单位时写出合计、
分单位的主要数字和问题清单；汇总总是列出它包括哪些单位。各单位和合计都算出主要指标（公开率、纠错率等，
合计的比率由合计的件数计算），.xlsx 另有“指标”工作表和图表；异常情况（A001–A003）给出警告。单位按名称（全角半角、括号、空格不计）和年度
识别：同一单位同一年度出现两次是错误（E302）。文件夹中与各单位报表放在一起的、本工具写出的汇总表和
标注副本不计入，本次运行的输出文件也从不作为输入。

\b
示例：
  disclosure compile 2021.xlsx                       显示三张表
  disclosure compile 2021.xlsx -o 汇总.xlsx          官方格式，可直接打印
  disclosure compile 2021.xlsx -o 统计表.docx        三张表的 Word 版，可直接粘贴
  disclosure compile submissions/ -o county.xlsx     合计 + 单位 + 问题清单
  disclosure compile in/ --roster 名单.xlsx -o a.xlsx 谁还没有报送（未报送）
  disclosure compile in/ --on-error exclude -o a.csv 排除有错误的工作簿
  disclosure compile county-*.json -o city.json      汇总的再汇总
  disclosure compile in/ --format json > result.json 给脚本用
  disclosure compile in/ -o - --format xlsx > a.xlsx 汇总输出到标准输出
  disclosure compile in/ --history 历史.db -o 2022.xlsx 与上年比较，并记录本年
  disclosure compile in/ --threshold factor=10 -o a.xlsx  变化超过 10 倍才提示异常

{_EXIT}
""",
    "report": """写出一个单位（或多个单位汇总）的政府信息公开工作年度报告（Word 文档）。

结构按国办公开办函〔2021〕30号：标题、开头段落、六个部分；二至四部分是统计表；一和三部分是根据数字生成的
标准表述（本年度共新收政府信息公开申请N件，上年结转N件；……），有 --previous/--history 时写出与上年的变化。
需要人工撰写的内容留作高亮的【请填写：……】。字体和页面按 GB/T 9704。除非 --lang en，文档为中文。

\b
示例：
  disclosure report 2024.xlsx -o 2024年报.docx
  disclosure report submissions/ -o 全县2024年报.docx --name 某县
  disclosure report 2024.xlsx --previous 2023.xlsx -o 2024年报.docx --charts
  disclosure report submissions/ --history 历史.db -o 2024年报.docx

\b
退出状态：0 已写入，没有错误；1 发现错误，未写入；2 命令有误或输出路径不可用；
3 已写入但不完整（--on-error exclude 排除了单位，或 --on-error include 带着错误计入）。
""",
    "audit": """审核发布的政府信息公开工作年度报告：统计表、各部分是否齐全、正文与表格是否一致。

REPORT 是发布的报告——网页（.html）、Word 文件（.docx）、带文字的 PDF（.pdf）或文本（.txt）——或存放它们的文件夹
（含子文件夹）、通配符。对每份报告：按 check 的规则查找并检查统计表；标题应写明机关和年度，六个部分齐全且顺序正确，
写明统计期限，第五部分有内容；正文中写到的、表格里也有的每个数字（制发和现行有效的文件件数，收到和上年结转的申请，
各项办理结果，复议和诉讼件数，收费金额）都与表格核对，不一致的列为错误并引用原句。说的是别的事的数字（备案、信息
处理费、同比变化、下属单位）不核对。加 --previous（上年的报告）时，再做跨年度核对，并给出各部分文字与上年的相似度。

\b
示例：
  disclosure audit 2021年报.html
  disclosure audit reports/ -o audit.xlsx
  disclosure audit 2021年报.pdf --previous 2020年报.pdf
  disclosure audit reports/ --format json > audit.json

\b
退出状态：0 没有错误（可以有警告）；1 发现错误（加 --strict 时警告也算）；
2 命令有误（选项错误、找不到报告、-o、--previous 或 --history 不可用）。
""",
    "template": """写出一个空白的填报模板（官方格式），供填报人员填写。

黄色单元格由填报人员填写（单位名称、年度和各项数字）；灰色单元格是公式计算的合计。整数校验（万元金额
最多 4 位小数），标签单元格受保护（无密码），另有填写说明工作表（说明）。每个数字单元格都有名称
<表>.<行>.<列>（如 applications.received.natural_person），单位名称和年度单元格的名称为 unit、year，
程序可以按名称填写。

\b
示例：
  disclosure template                      年报统计表-<上一年>.xlsx
  disclosure template -o 2024.xlsx --year 2024 --unit 某市交通运输局
  disclosure template -o t.xlsx --force    覆盖已有的 t.xlsx

\b
填报流程：
  disclosure template -o 2024.xlsx --year 2024
  （在 Excel 或 WPS 中填写 2024.xlsx 并保存）
  disclosure check 2024.xlsx --annotate 2024-标注.xlsx
""",
    "history": """列出历史库中记录的各单位各年度（只读）；加 --trend 时列出历年情况。

compile --history FILE.db 把汇总的每个单位年度记入历史库（重新汇总同一单位年度时替换原记录）；
check --history FILE.db 把每个单位与其上年比较。不是 disclosure 历史库的文件会被拒绝（退出状态 2），
且不作任何修改。--trend UNIT 而历史库中没有 UNIT 的记录时，退出状态为 1。

\b
示例：
  disclosure history history.db
  disclosure history history.db --format json --lang en
  disclosure history history.db --trend                   全部单位，逐年
  disclosure history history.db --trend 某市交通运输局 -o trend.xlsx
  disclosure history history.db --trend -o trend.csv
""",
    "codes": """列出所有问题代码及其级别和含义；给出 CODE 时，说明它的含义、示例和处理办法。

\b
示例：
  disclosure codes
  disclosure codes E204
  disclosure codes w501 --lang en
  disclosure codes --format json
""",
}

# Option help by parameter name; "command.name" where one command says it differently.
OPTIONS: dict[str, str] = {
    "version": "显示版本并退出。",
    "help": "显示本帮助并退出。",
    "lang": "消息的语言：zh 或 en（默认按系统区域设置；zh_* 为中文）；写出的文档默认总是中文。",
    "strict": "警告也算作错误（影响退出状态）。",
    "compile.strict": "警告也算作错误（与错误一样阻止写入）。",
    "quiet": "只显示使运行失败的问题（错误；加 --strict 时也显示警告）；一切正常时什么也不显示。",
    "compile.quiet": "不显示进度条；只显示使运行失败的问题（错误；加 --strict 时也显示警告）。",
    "template.quiet": "成功时不显示任何内容。",
    "year": "工作簿未写明年度时使用的报告年度（没有“年度”单元格，文件名中也没有年份）。",
    "template.year": "报告年度，决定使用哪种格式。默认：上一年。",
    "jobs": "读取工作簿的工作进程数（默认：CPU 数；文件很少时为 1）。",
    "roster": "应报送单位名单：.txt（每行一个单位）、.csv 或含“单位名称”列的工作簿。列出每个未报送的单位"
              "（W501）和每个不在名单中的单位（W502）。",
    "annotate_to": "另外为每个输入写一份标注副本：有问题的单元格标色并加批注，另加问题清单工作表。一个输入时 OUT 为"
                   " .xlsx 文件，多个输入时为目录（每个输入一个 <输入>-annotated.xlsx）。输入文件从不修改。",
    "schema": "按此格式读取所有报告，不论年度（默认：2019–2020 年的报告用 2019 年格式，2021 年起用 2021 年格式）。",
    "previous": "上年的报告：工作簿、文件夹或通配符（可重复）。按单位名称对应；启用跨年度检查 W301–W303。",
    "history_db": "与历史库中记录的上年数据比较（只读；compile --history 会记录本年）。",
    "check.fmt": "text 给人看；json 在标准输出上只输出结果对象。",
    "compile.fmt": "输出格式；默认按 -o 的后缀，否则为 text。没有 -o 时 json 在标准输出上只输出结果对象。"
                   "与 -o 后缀矛盾的格式会被拒绝。",
    "history.fmt": "text 给人看；json 在标准输出上输出 {store, records: [...]}（加 --trend 时为 {store, unit, trend: [...]}）。",
    "trend_unit": "不列记录，而列出历年情况：每年的主要数字和指标，为历史库中全部单位之和，或只是 UNIT 一个单位的。",
    "history.output": "与 --trend 一起用：把历年情况写入此 .xlsx（表格和折线图）或 .csv（逐条记录）。",
    "template.fmt": "json 在标准输出上输出 {output, year, format, unit, names}。",
    "codes.fmt": "text 给人看，json 给脚本，md 用于文档页面。",
    "report.output": "要写出的年度报告（.docx）。",
    "audit.output": "另外把每份报告一行（机关、年度、找到的表格、错误、警告、正文数字及不符数、缺少的部分、与上年的相似度）"
                    "和全部问题写入文件：.xlsx、.csv 或 .json。",
    "audit.fmt": "text 给人看；json 在标准输出上只输出结果对象（每份报告一个 reports 条目）。",
    "similar": "使用 --previous 时：某一部分的文字与上年相同的比例达到此值即为警告（W606）。",
    "charts": "加入图表：申请的办理结果；有 --previous/--history 时加本年与上年的对比。",
    "report.quiet": "只显示使运行失败的问题（错误；加 --strict 时也显示警告）。",
    "output": "把汇总写入此文件（格式按后缀：.xlsx .docx .md .csv .json）；- 表示标准输出。没有 -o 时在终端显示各表。",
    "on_error": "fail：有任何错误就不写入。exclude：有错误的单位不计入合计（列为已排除）。include：保留这些单位；"
                "无法读取的数值使对应合计留空（E401），决不按 0 计。",
    "name": "汇总或报告的名称（如 某某县）：再次汇总到更大范围时作为它的单位名称。默认：一个单位时为该单位名称，"
            "否则为输出文件名。",
    "out": "要写出的工作簿（.xlsx）。默认：当前目录下的 年报统计表-<年度>.xlsx。",
    "unit": "要填入的单位名称。",
    "force": "输出文件已存在时覆盖（默认从不覆盖已有文件）。",
    "no_anomalies": "不给出异常提示（A001–A003：与上年相比变化过大、同级单位都忙而本单位为 0、纠错率远高于同级）。",
    "thresholds": "修改阈值（可重复），名称和默认值： min-denominator=5 （分母少于此数的比率为“不适用”）、 factor=5 和 "
                  "min-cases=30 （A001）、 peer-median=30 和 min-peers=5 （A002、A003）、 gap=30 （A003，百分点）。"
                  "见 docs/indicators.md 。",
}


def option_help(command: str, name: str) -> str | None:
    """The Chinese help of an option of `command` (None when there is none: a test forbids that)."""
    return OPTIONS.get(f"{command}.{name}") or OPTIONS.get(name)
