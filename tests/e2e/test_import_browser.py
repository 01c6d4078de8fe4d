"""In Chromium: a province officer uploads a 1,000-row list with bad rows, watches the check,
sees every bad row, confirms, and finds the enterprises in the list (5,000 rows: bench/)."""

import pytest
from playwright.sync_api import Page, expect

from enterprises.models import Enterprise, Province
from enterprises.tax_codes import check_digit

from ..factories import ProvinceOfficerFactory

pytestmark = pytest.mark.e2e

ROWS = 1000
BAD_ROWS = {17: "0100109107", 420: "0100109108", 999: "0100109109"}  # wrong check digits


def csv_text() -> str:
    lines = ["tax_code,name_vi,kind,province,sector_section,employees"]
    prefix = 410_000_000
    for n in range(ROWS):
        while check_digit(f"{prefix:09d}") is None:
            prefix += 1
        code = BAD_ROWS.get(n, f"{prefix:09d}{check_digit(f'{prefix:09d}')}")
        prefix += 1
        lines.append(f"{code},Công ty Nhập {n},enterprise,Bến Tre,G,{n % 90 + 1}")
    return "\n".join(lines) + "\n"


def is_post(path_end: str):
    """Match the POST to a URL ending in ``path_end``, answered (a redirect counts)."""
    return lambda response: response.request.method == "POST" and response.url.endswith(path_end)


def test_officer_imports_a_list_and_sees_every_bad_row(
    page: Page, violations, live_server, tmp_path, sme_framework
):
    officer = ProvinceOfficerFactory(
        province=Province.objects.get(code=86), user__email="so.e2e@example.vn"
    ).user
    path = tmp_path / "danh-sach.csv"
    path.write_text(csv_text(), encoding="utf-8")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(officer.email)
    page.locator("#id_password").fill("correct horse battery staple")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Doanh nghiệp", exact=True).click()
    page.get_by_role("link", name="Nhập danh sách").click()

    page.get_by_label("Tệp danh sách").set_input_files(str(path))
    # The upload's answer comes once the list is checked (the task runs in the request in
    # tests): wait for that response, however long a loaded machine takes.
    with page.expect_response(is_post("/enterprises/import/")):
        page.get_by_role("button", name="Tải lên và kiểm tra").click()

    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("invalid-count")).to_have_text("3 dòng lỗi")
    rows = page.locator("table.row-errors tbody tr")
    expect(rows).to_have_count(3)
    for number, code in BAD_ROWS.items():
        # File line = data row index + 2 (the header is line 1).
        expect(rows.filter(has_text=code)).to_contain_text(str(number + 2))
    assert not Enterprise.objects.filter(name_vi__startswith="Công ty Nhập").exists()

    with page.expect_response(is_post("/confirm/")):
        page.get_by_role("button", name="Nhập các dòng hợp lệ, bỏ qua dòng lỗi").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "done")
    expect(page.get_by_text(f"{ROWS - 3} doanh nghiệp mới")).to_be_visible()

    page.get_by_role("link", name="Xem danh sách doanh nghiệp").click()
    page.get_by_label("Tìm tên hoặc mã số thuế").fill("Công ty Nhập 42")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_role("link", name="Công ty Nhập 42", exact=True)).to_be_visible()
    # Bến Tre's rows landed in Vĩnh Long, the province it became part of in 2025.
    assert (
        Enterprise.objects.filter(name_vi__startswith="Công ty Nhập", province__code=86).count()
        == ROWS - 3
    )
    assert violations == []
