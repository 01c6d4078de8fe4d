"""The dashboard export per framework: ?framework= picks one, its file has only that framework's
assessments, each column's score as a number in the framework's unit (R 2.85, headed so), and
the framework's code and version; the 2021 index's file keeps its columns (test_exports)."""

import pytest

from assessments.models import Column

from ..readiness_appraised import CODE
from . import test_dashboard_frameworks as world
from .test_exports import EXPORT, HEADERS, body, csv_rows, xlsx_rows

pytestmark = pytest.mark.django_db

# The dashboards' world: a 2021 result and a readiness result in one province.
province = world.province
reviewer = world.reviewer

# The ministry's total: after the three other columns' total, level and seven pillar levels.
READINESS_MINISTRY = HEADERS + Column.values.index(Column.MINISTRY) * (2 + 7)
SME_MINISTRY = HEADERS + Column.values.index(Column.MINISTRY) * (2 + 6)


def test_the_readiness_export_has_r_as_a_number_and_the_framework(client, province, reviewer):
    response = client.get(EXPORT, {"framework": CODE, "format": "csv", "province": province.code})
    header, *rows = csv_rows(body(response))

    assert CODE in response["Content-Disposition"]
    assert len(rows) == 1
    assert header[READINESS_MINISTRY] == "Bộ đánh giá: điểm sẵn sàng R (1–5)"
    assert rows[0][READINESS_MINISTRY : READINESS_MINISTRY + 2] == ["2.85", "3"]
    assert header[-2:] == ["Mã bộ chỉ số", "Phiên bản bộ chỉ số"]
    assert rows[0][-2:] == [CODE, "1"]


def test_the_xlsx_cell_is_a_number(client, province, reviewer):
    response = client.get(EXPORT, {"framework": CODE, "province": province.code})
    _header, *rows = xlsx_rows(body(response))

    assert float(rows[0][READINESS_MINISTRY]) == 2.85


def test_the_default_export_is_the_2021_index_alone(client, province, reviewer):
    response = client.get(EXPORT, {"format": "csv", "province": province.code})
    header, *rows = csv_rows(body(response))

    assert len(rows) == 1
    assert header[SME_MINISTRY] == "Bộ đánh giá: tổng điểm"
    assert header[-1] == "Phiên bản bộ câu hỏi"
    assert CODE not in rows[0]
