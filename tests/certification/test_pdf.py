"""The certificate PDF as a reader sees it: its text (pdftotext), page count (pdfinfo), fonts
(pdffonts) and the QR code decoded from a rendered image (zbarimg).

Pure renderers: the facts are built in code, no database."""

import datetime
import shutil
from dataclasses import replace

import pytest

from certification.facts import CertificateFacts, PillarLevel
from certification.pdf import certificate_pdf

from ..pdf_text import page_count, run, text_of

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdffonts", "pdftoppm")),
    reason="poppler-utils is not installed (scripts/system-deps.sh test)",
)

NAME = "Công ty TNHH Thương mại Đồng Tháp Ánh Dương"
LONG_NAME = (
    "Công ty Cổ phần Tập đoàn Đầu tư Phát triển Thương mại Dịch vụ Xuất nhập khẩu Nông sản "
    "Thủy sản Đồng Tháp Ánh Dương Miền Tây Nam Bộ Việt Nam chi nhánh Thành phố Cao Lãnh tỉnh "
    "Đồng Tháp và các tỉnh lân cận"
)[:200]
URL = "https://dbi.example.gov.vn/xac-minh/7K3F9QX2M4TD8WHB"


def certificate_facts(definition: dict, **changes) -> CertificateFacts:
    levels = [4, 5, 4, 3, 4, 4]
    facts = CertificateFacts(
        number="DBI-2026-000123",
        enterprise_name=NAME,
        tax_code="0312345675",
        province_name="Đồng Tháp",
        framework_name_vi=definition["name_vi"],
        framework_name_en=definition["name_en"],
        decision_vi=definition["decision_vi"],
        decision_en=definition["decision_en"],
        period=2026,
        overall_level=4,
        level_name_vi="Nâng cao",
        level_name_en="Advanced",
        total_points=245,
        max_points=320,
        pillars=tuple(
            PillarLevel(p["code"], p["name_vi"], p["name_en"], level)
            for p, level in zip(definition["pillars"], levels, strict=True)
        ),
        issued_on=datetime.date(2026, 11, 24),
        valid_until=datetime.date(2027, 11, 23),
        authority_name_vi="Bộ Khoa học và Công nghệ",
        authority_name_en="Ministry of Science and Technology",
        signer_name="Nguyễn Thị Ánh Tuyết",
        signer_title="KT. Bộ trưởng\nThứ trưởng",
        verification_code="7K3F-9QX2-M4TD-8WHB",
        verification_url=URL,
    )
    return replace(facts, **changes)


@pytest.fixture(scope="module")
def vietnamese_certificate(sme_definition) -> bytes:
    return certificate_pdf(certificate_facts(sme_definition))


def test_certificate_states_the_name_with_its_diacritics_level_pillars_and_number(
    vietnamese_certificate, sme_definition
):
    text = text_of(vietnamese_certificate)
    assert NAME in text
    assert "GIẤY CHỨNG NHẬN" in text
    assert "MỨC 4 – NÂNG CAO" in text  # the level and its name, set in capitals
    for pillar in sme_definition["pillars"]:
        assert pillar["name_vi"] in text
    assert "DBI-2026-000123" in text
    assert "0312345675" in text
    assert "Đồng Tháp" in text
    assert "Tổng điểm: 245/320" in text
    assert "Quyết định số 1970/QĐ-BTTTT" in text
    assert "24/11/2026" in text
    assert "23/11/2027" in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "THỨ TRƯỞNG" in text
    assert "7K3F-9QX2-M4TD-8WHB" in text
    assert URL in "".join(text.split())  # the printed URL may wrap


def test_certificate_is_one_a4_landscape_page_with_only_the_bundled_fonts(
    vietnamese_certificate,
):
    assert page_count(vietnamese_certificate) == 1
    assert "841.89 x 595.276 pts (A4)" in run("pdfinfo", "-", data=vietnamese_certificate)
    fonts = run("pdffonts", "-", data=vietnamese_certificate).splitlines()[2:]
    assert fonts
    # Every glyph comes from the whole Be Vietnam Pro files, embedded; no system fallback.
    assert all("Be-Vietnam-Pro" in line and " yes yes yes " in line for line in fonts), fonts


@pytest.mark.skipif(not shutil.which("zbarimg"), reason="zbar-tools is not installed")
def test_certificate_qr_code_opens_the_verification_url(vietnamese_certificate, tmp_path):
    (tmp_path / "certificate.pdf").write_bytes(vietnamese_certificate)
    run("pdftoppm", "-r", "150", "-png", "-singlefile", str(tmp_path / "certificate.pdf"),
        str(tmp_path / "page"))  # fmt: skip
    decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / "page.png"))
    assert decoded.strip() == URL


def test_a_200_character_name_still_fits_on_one_page(sme_definition):
    assert len(LONG_NAME) == 200
    pdf = certificate_pdf(
        certificate_facts(
            sme_definition,
            enterprise_name=LONG_NAME,
            signer_title="KT. Bộ trưởng\nThứ trưởng Bộ Khoa học và Công nghệ",
        )
    )
    assert page_count(pdf) == 1
    text = text_of(pdf)
    assert LONG_NAME in text
    assert "7K3F-9QX2-M4TD-8WHB" in text


def test_markup_in_a_name_is_printed_as_text(sme_definition):
    name = 'Công ty <b>A</b> & "B" <img src="http://example.com/x.png">'
    text = text_of(certificate_pdf(certificate_facts(sme_definition, enterprise_name=name)))
    assert name in text


def test_english_certificate_has_english_labels_and_facts(sme_definition):
    facts = certificate_facts(sme_definition, signer_title_en="Deputy Minister")
    pdf = certificate_pdf(facts, language="en")
    text = text_of(pdf)
    assert page_count(pdf) == 1
    assert NAME in text  # the enterprise's own name is never translated
    assert "LEVEL 4 – ADVANCED" in text
    assert "Total points: 245/320" in text
    assert "Tax code: 0312345675" in text
    assert "MINISTRY OF SCIENCE AND TECHNOLOGY" in text
    assert sme_definition["name_en"] in text
    for pillar in sme_definition["pillars"]:
        assert pillar["name_en"] in text
    assert "24 November 2026" in text
    assert "DEPUTY MINISTER" in text
    assert "Tổng điểm" not in text
    assert "Nâng cao" not in text


def test_an_unknown_language_is_refused(sme_definition):
    with pytest.raises(ValueError, match="unsupported language"):
        certificate_pdf(certificate_facts(sme_definition), language="fr")
