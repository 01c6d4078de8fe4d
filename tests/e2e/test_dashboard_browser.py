"""The province dashboard in Chromium: a province officer logs in, opens the dashboard (their
province's figures), filters by sector (the figures change to that sector's, counted by hand)
and downloads the export, whose rows are only their province's and that sector's."""

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from assessments.models import Column
from enterprises.models import Province

from ..factories import EnterpriseFactory, ProvinceOfficerFactory, UserFactory
from ..reports.conftest import assessed
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
YEAR = 2026


def figure(page: Page, name: str):
    return page.locator(f'[data-testid="dashboard-totals"] [data-figure="{name}"] strong')


def test_an_officer_filters_the_dashboard_by_sector_and_downloads_the_export(
    page: Page, violations, live_server, sme_framework
):
    vinh_long, hcm = Province.objects.get(code=86), Province.objects.get(code=79)
    user = UserFactory()
    make = EnterpriseFactory
    # Vĩnh Long: two in C (one appraised, one submitted), two in G (one submitted, one not
    # assessed); a G enterprise of Hồ Chí Minh City that the officer must never see.
    c_appraised = make(province=vinh_long, sector_section="C", name_vi="Cơ khí Phú Quới")
    c_submitted = make(province=vinh_long, sector_section="C")
    g_submitted = make(province=vinh_long, sector_section="G", name_vi="Thương mại Mỹ Thuận")
    make(province=vinh_long, sector_section="G")
    g_elsewhere = make(province=hcm, sector_section="G")
    assessed(c_appraised, YEAR, "appraised", {Column.SELF: [3] * 6, Column.MINISTRY: [4] * 6}, user)
    assessed(c_submitted, YEAR, "submitted", {Column.SELF: [2] * 6}, user)
    assessed(g_submitted, YEAR, "submitted", {Column.SELF: [1] * 6}, user)
    assessed(g_elsewhere, YEAR, "appraised", {Column.SELF: [5] * 6, Column.MINISTRY: [5] * 6}, user)
    ProvinceOfficerFactory(province=vinh_long, user__email="so.baocao@example.vn")

    log_in(page, live_server.url, "so.baocao@example.vn")
    page.goto(f"{live_server.url}/reports/")
    expect(page).to_have_url(f"{live_server.url}/reports/provinces/86/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vĩnh Long, năm 2026")
    expect(figure(page, "registered")).to_have_text("4")
    expect(figure(page, "assessed")).to_have_text("3")

    page.locator('[data-testid="dashboard-filters"] select[name="sector"]').select_option("G")
    page.get_by_role("button", name="Xem").click()
    expect(page).to_have_url(re.compile(r"/reports/provinces/86/\?.*sector=G"))
    expect(figure(page, "registered")).to_have_text("2")
    expect(figure(page, "assessed")).to_have_text("1")
    expect(
        page.locator('table[data-table="levels"] tr[data-level="1"] td[data-value]')
    ).to_have_text("1")

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "dbi-2026-86.xlsx"
    content = Path(download.path()).read_bytes()  # a temporary name without the extension
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Mã số thuế", "Tên doanh nghiệp", "Tỉnh/thành phố"]
    assert [(row[0], row[1], row[2], row[4]) for row in rows[1:]] == [
        (
            g_submitted.tax_code,
            "Thương mại Mỹ Thuận",
            "Vĩnh Long",
            "G – Bán buôn và bán lẻ; sửa chữa ô tô, mô tô, xe máy và xe có động cơ khác",
        )
    ]
    assert violations == []
