"""The library is the product: the CLI's JSON is the library's result, the README's example runs,
and every message a person can see renders from the one registry in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from builders import build, consistent_values
from click.testing import CliRunner

import disclosure_cli
from disclosure_cli.cli import cli
from disclosure_cli.messages import CODES, MESSAGES, REASONS, fields, render, say
from disclosure_cli.model.findings import Finding

ROOT = Path(__file__).resolve().parents[1]


def _mistaken(tmp_path) -> Path:
    values = consistent_values(3)
    values[("applications", "received", "total")] += 2
    path = tmp_path / "2021.xlsx"
    build(path, values)
    return path


@pytest.mark.parametrize("command", ["check", "compile"])
def test_cli_json_is_the_library_result(tmp_path, command):
    path = _mistaken(tmp_path)
    out = CliRunner().invoke(cli, [command, str(path), "--format", "json", "--lang", "en"])
    assert out.exit_code == 1
    if command == "check":
        expected = disclosure_cli.check([path]).to_dict("en")
    else:
        done = disclosure_cli.compile_inputs([path], settings=disclosure_cli.CompileSettings(lang="en"))
        expected = done.result.to_dict("en")
    assert json.loads(out.stdout) == json.loads(json.dumps(expected, ensure_ascii=False))
    assert [f["code"] for f in expected["findings"]] == ["E201", "E204"]


def test_public_api_lists_only_what_it_has():
    assert sorted(disclosure_cli.__all__) == sorted(set(disclosure_cli.__all__))
    for name in disclosure_cli.__all__:
        assert getattr(disclosure_cli, name) is not None, name


def test_readme_library_example_runs(tmp_path, monkeypatch):
    """The README's Python example, run as it stands (on a workbook named as it names it)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", readme, re.S)
    assert block, "README has a Python example"
    build(tmp_path / "2021.xlsx", consistent_values(4))
    monkeypatch.chdir(tmp_path)
    printed: list[str] = []
    namespace = {"print": lambda *a: printed.append(" ".join(map(str, a)))}
    exec(compile(block.group(1), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["result"].units[0].values[("applications", "received", "total")] == \
        consistent_values(4)[("applications", "received", "total")]


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_reads_the_same_params_in_both_languages(code):
    c = CODES[code]
    assert fields(c.message["zh"]) == fields(c.message["en"])
    assert c.title["zh"] and c.title["en"]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_each_catalog_message_reads_the_same_params_in_both_languages(key):
    zh, en = MESSAGES[key]
    assert fields(zh) == fields(en), key
    params = {name: "x" for name in fields(zh)}
    assert say(key, "zh", **params) is not None and say(key, "en", **params) is not None


@pytest.mark.parametrize("name", sorted(REASONS))
def test_each_reason_reads_the_same_params_in_both_languages(name):
    zh, en = REASONS[name]
    assert fields(zh) == fields(en), name


def test_a_finding_that_does_not_fit_its_template_is_refused_where_it_is_made():
    with pytest.raises(ValueError, match="E201 needs params"):
        Finding("E201", "x.xlsx", params={"stated": "1"})
    f = Finding("E201", "x.xlsx", params={"stated": "1", "expected": "2", "diff": "-1"})
    assert render("E201", "en", f.params).startswith("total 1 is not the sum")


@pytest.mark.parametrize("code", sorted(CODES))
def test_each_code_says_when_it_is_given(code):
    from disclosure_cli.messages import RULES

    assert RULES.get(code), f"{code} has no 'given when' text for docs/codes.md"
