"""Institutions that signed at one event: a list is split at its joints, never inside a name."""

from __future__ import annotations

from pipeline.entities.names import mentions
from tests.extraction.texts import ILRS_ZH, statuses


def test_a_chinese_list_of_institutions_is_split_at_its_joints_and_their_states_only_place_them() -> None:
    text = ("签约机构包括塞尔维亚贝尔格莱德大学、印度尼西亚万隆理工学院和阿根廷拉普拉塔国立大学，"
            f"三方签署{ILRS_ZH}合作备忘录。")
    assert statuses(text) == {
        "institution:university-of-belgrade": "joined",
        "institution:bandung-institute-of-technology": "joined",
        "institution:national-university-of-la-plata": "joined",
    }


def test_a_chinese_run_of_institutions_is_cut_at_list_joints_never_inside_a_name() -> None:
    text = "签约机构包括清华大学与某国立技术研究所以及哈尔滨工业大学。"
    keys = [m.key for m in mentions(text)]
    assert keys == ["institution:清华大学", "institution:哈尔滨工业大学"]  # 某… names no one
