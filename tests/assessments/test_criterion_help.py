"""Every criterion has a "Gợi ý" (hint) under it: the question's own help where the catalog has
one (the national form explains 39 of its 60 criteria), else one made from the question's data —
its lowest and highest answers, or its figures and thresholds."""

import html
import re

import pytest

from .frameworks_2023 import READINESS, load_quietly

pytestmark = pytest.mark.django_db


def hints(page: str) -> dict[str, str]:
    found = re.findall(
        r'<summary id="help-([\d.]+)">[^<]*</summary><p>(.*?)</p></details>', page, re.S
    )
    return {code: " ".join(html.unescape(text).split()) for code, text in found}


def test_every_criterion_of_the_national_form_has_a_hint(client, sme_framework):
    page = client.get("/").content.decode()

    shown = hints(page)
    assert len(re.findall(r'<fieldset class="criterion', page)) == 60
    assert len(shown) == 60
    # The form's own explanation where it gives one.
    assert shown["1.1.2"].startswith("Doanh nghiệp có trang hoặc tài khoản chính thức")
    # Made from the answers: the lowest and the highest level, in the form's words.
    assert shown["1.1.1"] == (
        "Chọn câu trả lời đúng với việc doanh nghiệp đang làm hiện nay, không phải kế hoạch. "
        "Câu trả lời thấp nhất được tính mức 1 (“Không được cập nhật trong vòng 6 tháng gần "
        "nhất”), cao nhất mức 5 (“Ít nhất 1 lần trong tuần”)."
    )


def test_a_figures_criterion_without_its_own_help_explains_its_figures_and_thresholds(
    client, sme_framework
):
    shown = hints(client.get("/").content.decode())

    assert shown["3.2.2"].startswith("Nhập số liệu theo sổ sách của doanh nghiệp: “")
    assert "Ngưỡng: mức 1 khi lớn hơn 0 %; mức 2 từ " in shown["3.2.2"]


def test_the_hints_read_in_english(client, sme_framework):
    client.cookies["django_language"] = "en"  # chosen with the language selector

    shown = hints(client.get("/").content.decode())

    assert shown["1.1.1"] == (
        "Choose the answer that matches what the enterprise does today, not what it plans. "
        "The lowest answer counts as level 1 (“Not updated in the last 6 months”), the highest "
        "as level 5 (“At least once a week”)."
    )
    assert "Thresholds: level 1 when above 0 %; level 2 from " in shown["3.2.2"]


def test_every_criterion_of_the_readiness_index_has_a_hint(client, sme_framework):
    load_quietly(READINESS)

    page = client.get(f"/calculator/{READINESS}/").content.decode()

    assert len(hints(page)) == len(re.findall(r'<fieldset class="criterion', page)) == 32
