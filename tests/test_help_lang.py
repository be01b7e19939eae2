"""--help, usage errors and click's own messages in Chinese under a zh locale or --lang zh (English with
--lang en); `disclosure codes CODE` explains a code with an example and what to do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from disclosure_cli.cli import cli
from disclosure_cli.messages import CODES, click_zh
from disclosure_cli.messages.explain import EXPLAIN
from disclosure_cli.messages.help import COMMANDS, option_help
from disclosure_cli.render.codes_doc import example

NAMES = ["check", "compile", "report", "template", "history", "codes"]


def invoke(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize("command", [[], *([n] for n in NAMES)])
def test_help_in_both_languages(command):
    zh = invoke(*command, "--help", "--lang", "zh")
    en = invoke(*command, "--help", "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert zh.output.startswith("用法:") and "选项:" in zh.output and "显示本帮助并退出。" in zh.output
    assert en.output.startswith("Usage:") and "Options:" in en.output and "Show this message and exit." in en.output
    assert "显示本帮助" not in en.output and "选项" not in en.output
    assert ("示例：" in zh.output) == ("Examples:" in en.output)


def test_the_locale_chooses_and_lang_wins():
    assert invoke("--help", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "", "DISCLOSURE_LANG": ""}).output.startswith("用法:")
    assert invoke("--help", env={"LANG": "en_US.UTF-8", "LC_ALL": "", "DISCLOSURE_LANG": ""}).output.startswith("Usage:")
    assert invoke("check", "--help", "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).output.startswith("Usage:")
    assert invoke("--lang", "zh", "compile", "--help").output.startswith("用法:")  # the group's --lang too


def test_help_is_english_again_after_a_chinese_run():
    invoke("compile", "--help", "--lang", "zh")
    en = invoke("compile", "--help", "--lang", "en")
    assert "Show this message and exit." in en.output and "把汇总写入此文件" not in en.output


def test_usage_errors_in_chinese():
    r = invoke("check", "x.xlsx", "--format", "yaml", "--lang", "zh")
    assert r.exit_code == 2 and "错误：'--format' 的值无效：'yaml' 不是可选的值（'text', 'json'）。" in r.output
    assert re.search(r"运行 '\S+ check --help' 查看帮助。", r.output)
    r = invoke("check", "--lang", "zh")
    assert r.exit_code == 2 and "缺少参数" in r.output
    r = invoke("compile", "x.xlsx", "--jobs", "0", "--lang", "zh")
    assert r.exit_code == 2 and "不在范围" in r.output
    r = invoke("check", "x.xlsx", "--no-such-option", "--lang", "zh")
    assert r.exit_code == 2 and "没有选项 '--no-such-option'" in r.output
    r = invoke("check", "nope.xlsx", "--lang", "zh")  # the tool's own failure, in the same words
    assert r.exit_code == 2 and r.output.startswith("错误：找不到输入：nope.xlsx")
    assert invoke("check", "x.xlsx", "--format", "yaml", "--lang", "en").output.count("Invalid value") == 1


def test_every_command_and_option_has_chinese_help():
    ctx = click.Context(cli)
    for name, command in [("disclosure", cli), *((n, cli.get_command(ctx, n)) for n in cli.list_commands(ctx))]:
        assert command is not None, name
        assert name in COMMANDS, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert option_help(name, param.name or ""), f"{name} {param.name}"


def test_every_click_message_translated_is_one_click_uses():
    source = "".join(p.read_text("utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    for msgid in [*click_zh.MESSAGES, *(s for pair in click_zh.PLURALS for s in pair)]:
        assert repr(msgid)[1:-1] in source or msgid in source, msgid


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_is_explained_with_an_example_in_both_languages(code):
    assert code in EXPLAIN
    for lang in ("zh", "en"):
        assert example(code, lang)


def test_codes_code_shows_meaning_example_and_what_to_do():
    zh = invoke("codes", "e204", "--lang", "zh")
    assert zh.exit_code == 0
    assert zh.output.startswith("E204  错误  收结不平衡")
    for part in ("含义：", "示例：", "处理：", "结转下年度应为 2", "核对新收、上年结转"):
        assert part in zh.output
    en = invoke("codes", "W501", "--lang", "en")
    assert "When:" in en.output and "“某某局” is on the roster (roster 名单!A5)" in en.output
    assert "What to do:" in en.output and "chase the report" in en.output
    doc = json.loads(invoke("codes", "E302", "--format", "json", "--lang", "en").output)
    assert set(doc) == {"code", "severity", "title", "when", "example", "action", "message"}
    listing = invoke("codes", "--lang", "en").output
    assert "E302  error  the same unit twice: one unit-year" in listing
    r = invoke("codes", "E999", "--lang", "zh")
    assert r.exit_code == 2 and "没有代码 E999" in r.output


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("command", NAMES)
def test_help_fits_a_narrow_terminal_and_never_cuts_a_word(command, lang):
    """Wrapped by display width (a Chinese character is two columns), breaking between Chinese characters
    or at spaces: every wrapped line fits 60 columns and every word of an option's help stays whole."""
    from disclosure_cli.cli.helpwrap import width

    out = CliRunner().invoke(cli, [command, "--help", "--lang", lang], terminal_width=60).output
    options = out.split("选项:" if lang == "zh" else "Options:")[1]
    assert all(width(line) <= 60 for line in options.splitlines()), options  # the terminal is 60 wide
    joined = " ".join(line.strip() for line in options.splitlines())
    loaded = cli.get_command(click.Context(cli), command)
    assert loaded is not None
    for param in loaded.params:
        text = option_help(command, param.name or "") if lang == "zh" else getattr(param, "help", None)
        for word in re.findall(r"[A-Za-z][A-Za-z_-]{3,}", text or ""):
            assert re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", joined), (param.name, word)
