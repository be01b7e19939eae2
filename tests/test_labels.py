"""Label spellings seen in real files fold to one key."""

import pytest

from disclosure_cli.base.labels import key


@pytest.mark.parametrize("a, b", [
    ("（一）予以公开", "(一)予以公开"),
    ("（一）予以公开", " （一） 予以\n公开 "),
    ("1.属于国家秘密", "1．属于国家秘密"),
    ("1.属于国家秘密", "１、属于国家秘密"),
    ("3.危及“三安全一稳定”", '3.危及"三安全一稳定"'),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
     "1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请"),
    ("总计", "总 计"),
    ("结果维持", "结果\n维持"),
    ("本年收费金额（单位：万元）", "本年收费金额(单位:万元)"),
])
def test_same_key(a, b):
    assert key(a) == key(b)


def test_numbering_is_stripped_but_words_kept():
    assert key("（七）总计") == "总计"
    assert key("四、结转下年度继续办理") == "结转下年度继续办理"
    assert key("3.其他") == "其他"
    assert key("（三）1.属于国家秘密") == "属于国家秘密"
