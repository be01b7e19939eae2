"""The catalog's messages of the indicators, anomalies' thresholds and trends (issue 16), merged into
catalog.MESSAGES: the same dotted keys and rules, kept apart so the main catalog stays small."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # -- the 指标 sheet and the 单位 sheet's indicator columns ----------------------------------
    "insight.title": ("{name} · 主要指标", "{name} · indicators"),
    "insight.indicator": ("指标", "Indicator"),
    "insight.formula": ("计算方法", "Formula"),
    "insight.numerator": ("分子", "Numerator"),
    "insight.denominator": ("分母", "Denominator"),
    "insight.this_year": ("本年", "This year"),
    "insight.last_year": ("上年", "Last year"),
    "insight.change": ("增减", "Change"),
    "insight.note": ("说明", "Note"),
    "insight.figure": ("项目", "Figure"),
    "insight.heading": ("主要指标", "Indicators"),
    "insight.counts": ("分子/分母", "Counts"),
    "insight.figures": ("主要数字", "Key figures"),
    "insight.na": ("不适用", "n/a"),
    "insight.na_why": ("不适用：{why}", "n/a: {why}"),
    "insight.reason_unknown": ("有数字无法读取，不计算", "a count it needs could not be read"),
    "insight.reason_zero": ("分母为 0", "the denominator is 0"),
    "insight.reason_few": ("分母 {denominator} 少于 {minimum} 件", "the denominator {denominator} is below {minimum}"),
    "insight.reason_negative": ("分母为负（数字互相矛盾）", "the denominator is negative (the counts contradict)"),
    "insight.points": ("个百分点", "points"),
    "insight.last_partial": ("上年：{included} 个单位中只有 {covered} 个有上年报告，合计不与上年比较",
                             "last year: only {covered} of {included} unit(s) have last year's report, so the "
                             "totals are not compared"),
    "insight.how": ("比率由汇总后的件数计算（不是各单位比率的平均）；分母为 0、少于 {minimum} 件或有数字无法读取时为“不适用”；"
                    "计算方法见 docs/indicators.md",
                    "ratios are computed from the summed counts (never an average of the units' ratios); n/a where "
                    "the denominator is 0, below {minimum}, or a count could not be read; docs/indicators.md"),
    "insight.chart_outcomes": ("申请办理结果", "How applications were handled"),
    "insight.chart_top": ("新收申请最多的 {n} 个单位", "The {n} units with the most applications"),
    "insight.chart_trend": ("历年新收申请", "Applications received by year"),
    "insight.year": ("年度", "Year"),
    "insight.units": ("单位数", "Units"),
    "insight.cases": ("件数", "Cases"),
    "insight.unit": ("单位", "Unit"),
    # -- --threshold NAME=VALUE --------------------------------------------------------------
    "threshold.unknown": ("--threshold {setting}：应写作 名称=数值，名称为 {names} 之一",
                          "--threshold {setting}: write NAME=VALUE, NAME one of {names}"),
    "threshold.whole": ("--threshold {setting}：{name} 应为不小于 1 的整数",
                        "--threshold {setting}: {name} must be a whole number of at least 1"),
    "threshold.factor": ("--threshold {setting}：factor 应为大于 1 的数", "--threshold {setting}: factor must be more than 1"),
    "threshold.gap": ("--threshold {setting}：gap 应为 0 到 100 之间的数（百分点）",
                      "--threshold {setting}: gap must be between 0 and 100 (percentage points)"),
    # -- disclosure history --trend ------------------------------------------------------------
    "trend.empty": ("历史库 {path} 中没有{who}的记录", "the history store {path} holds no records of {who}"),
    "trend.everyone": ("任何单位", "any unit"),
    "trend.title": ("{who} 历年情况（{path}）", "{who} over the years ({path})"),
    "trend.all_units": ("全部单位", "All units"),
    "trend.item": ("项目", "Item"),
    "trend.units_row": ("单位数", "Units"),
    "trend.wrote": ("已写入 {path}（{years} 个年度）", "wrote {path} ({years} year(s))"),
    "trend.suffix": ("--trend 的 -o 应为 .xlsx 或 .csv 文件：{path}", "-o with --trend takes an .xlsx or .csv file: {path}"),
    "trend.needs_trend": ("-o 只用于 --trend（历年情况）", "-o is for --trend (the series over the years) only"),
}
