"""The national form (official-2021) on the assessment page, in Chromium at a desktop's width and
a phone's: every question of the version is asked, as the seed of the form has it; figures typed
give their computation and level after the autosave, and a numerator above its denominator is
refused next to its criterion with nothing saved; of two answers at the same level the one
picked is kept; the English page asks the English texts. The browser reports no violation of the
Content-Security-Policy on any of it."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from assessments.models import Assessment, AuditEntry, Column, Figure, QuestionKind, Rating
from assessments.selectors import Questionnaire, questionnaire_of
from assessments.services import assessment_create

from ..factories import MembershipFactory
from .national_form import criterion, pick, type_figure, type_shared
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# What the national form asks, counted in its seed (/work/shared/seeds/official-questionnaire-
# sme-2021.json, as scripts/check_questionnaire_file.py --seed counts it): 33 yes/no gate
# questions, 34 prompts (the 33 gates' "Nếu có, …" and 5.2.4's question), 166 descriptors
# (160 after the gates, and 5.2.4's 6 answers) and 39 figure labels. The portal asks one of
# those labels otherwise: 4.1.6's denominator "Tổng đầu tư của doanh nghiệp" is the shared
# spending_last_year (its mapping note says so), so the page shows 38.
SEED_GATES, SEED_PROMPTS, SEED_DESCRIPTORS, SEED_FIGURE_LABELS = 33, 34, 166, 39
FIGURE_LABELS_ASKED_OTHERWISE = 1


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@pytest.fixture
def opened(page: Page, live_server, sme_framework, width) -> tuple[Assessment, Questionnaire]:
    """A draft on the current version (the national form), started by its owner, who has the
    page open."""
    owner = MembershipFactory(user__email="chu.phieu@example.vn")
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    assert assessment.catalog_version.label == "official-2021"
    log_in(page, live_server.url, "chu.phieu@example.vn")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "draft")
    return assessment, questionnaire_of(assessment)


def no_sideways_scroll(page: Page) -> None:
    """Nothing on the page is wider than the window (a phone would scroll sideways)."""
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"the page is {overflow[0]} px wide in {overflow[1]} px"


def test_every_question_of_the_version_is_on_the_page(page: Page, violations, opened, width):
    _, asked = opened
    gates = prompts = descriptors = no_answers = 0
    labels: set[str] = set()

    shared = page.locator("#shared-figures label.figure")
    expect(shared).to_have_count(len(asked.shared_figures))
    for i, field in enumerate(asked.shared_figures):
        expect(shared.nth(i)).to_contain_text(field.label)
        labels.add(field.label)

    for code, question in asked.questions.items():
        fieldset = criterion(page, code)
        if question.kind == QuestionKind.FIGURES:
            assert question.numerator is not None
            assert question.denominator is not None
            own = [question.numerator]
            if question.denominator.shared:
                expect(fieldset.locator("p.shared-denominator")).to_contain_text(
                    question.denominator.label
                )
            else:
                own.append(question.denominator)
            inputs = fieldset.locator("label.figure")
            expect(inputs).to_have_count(len(own))
            for i, field in enumerate(own):
                expect(inputs.nth(i)).to_contain_text(field.label)
                expect(inputs.nth(i).locator("input")).to_have_attribute("name", f"f-{field.key}")
                labels.add(field.label)
            expect(fieldset.locator("label.option")).to_have_count(0)
            continue
        options = list(question.options.all())
        # The gate, then (after its "Không") the prompt that leads to the descriptors.
        asks = [text for text in (question.gate, question.prompt) if text]
        expect(fieldset.locator("p.question")).to_have_text(asks)
        # Each answer with the level it gives, the radio's value being its position.
        shown = fieldset.locator("label.option")
        expect(shown).to_have_text([f"Mức {o.level} {o.label}" for o in options])
        values = shown.locator("input").evaluate_all("radios => radios.map(r => r.value)")
        assert values == [str(o.position) for o in options], code
        gates += bool(question.gate)
        prompts += bool(question.prompt)
        if question.gate:  # its first answer is the gate's "Không", level 0
            assert (options[0].label, options[0].level) == ("Không", 0), code
            no_answers += 1
            options = options[1:]
        descriptors += len(options)

    assert (gates, prompts, descriptors) == (SEED_GATES, SEED_PROMPTS, SEED_DESCRIPTORS)
    assert len(labels) == SEED_FIGURE_LABELS - FIGURE_LABELS_ASKED_OTHERWISE
    # … and the page renders nothing else of the kind.
    expect(page.locator("fieldset.criterion p.question")).to_have_count(SEED_GATES + SEED_PROMPTS)
    expect(page.locator("fieldset.criterion label.option")).to_have_count(
        SEED_DESCRIPTORS + no_answers
    )
    expect(page.locator("label.figure")).to_have_count(len(labels))
    expect(page.locator("fieldset.criterion")).to_have_count(60)
    no_sideways_scroll(page)
    assert violations == []


def stored(assessment: Assessment, key: str) -> int | None:
    return (
        Figure.objects.filter(assessment=assessment, column=Column.SELF, field__key=key)
        .values_list("value", flat=True)
        .first()
    )


def level_of(assessment: Assessment, code: str) -> int | None:
    rating = Rating.objects.filter(
        assessment=assessment, column=Column.SELF, criterion__code=code
    ).first()
    return rating.level if rating else None


def test_typed_figures_give_the_computation_and_a_numerator_above_its_denominator_is_refused(
    page: Page, violations, opened, width
):
    assessment, _ = opened
    computation = page.get_by_test_id("computation-5.1.1")
    staff = criterion(page, "5.1.1").locator('[data-shared="staff_total"]')
    pillar = page.locator('tr[data-pillar="5"]')
    expect(computation).to_have_text("Nhập đủ số liệu để tính mức.")
    expect(staff).to_have_text("chưa nhập")

    # The shared denominator, typed once in "Số liệu chung", shows in the criterion.
    type_shared(page, "staff_total", "40")
    expect(staff).to_have_text("40")
    expect(computation).to_have_text("Nhập đủ số liệu để tính mức.")
    assert stored(assessment, "staff_total") == 40

    # The numerator: the computation and the level, and the results panel follows.
    type_figure(page, "5.1.1", "c5_1_1_num", "12")
    expect(computation).to_have_text("12 / 40 = 30 % → mức 2")
    expect(page.locator("#total-points")).to_have_text("2")
    expect(pillar.locator("td").first).to_have_text("2/50")
    expect(page.locator(".progress-text")).to_contain_text("1/60")
    assert level_of(assessment, "5.1.1") == 2

    # A change of the shared figure re-levels the criterion that divides by it.
    type_shared(page, "staff_total", "15")
    expect(computation).to_have_text("12 / 15 = 80 % → mức 5")
    expect(page.locator("#total-points")).to_have_text("5")

    # More staff using computers than the enterprise has: refused beside the criterion, the
    # typed number kept to correct, nothing saved.
    audit = AuditEntry.objects.filter(assessment=assessment).count()
    type_figure(page, "5.1.1", "c5_1_1_num", "50", saved=False)
    error = criterion(page, "5.1.1").locator('[data-state="error"]')
    expect(error).to_contain_text("Tiêu chí 5.1.1")
    expect(error).to_contain_text("lớn hơn Tổng số nhân viên của doanh nghiệp")
    expect(criterion(page, "5.1.1").locator('input[name="f-c5_1_1_num"]')).to_have_value("50")
    expect(page.locator("#total-points")).to_have_text("5")
    assert stored(assessment, "c5_1_1_num") == 12
    assert level_of(assessment, "5.1.1") == 5
    assert AuditEntry.objects.filter(assessment=assessment).count() == audit

    page.reload()
    expect(criterion(page, "5.1.1").locator('input[name="f-c5_1_1_num"]')).to_have_value("12")
    expect(computation).to_have_text("12 / 15 = 80 % → mức 5")
    no_sideways_scroll(page)
    assert violations == []


def test_of_two_answers_at_the_same_level_the_one_picked_is_kept(
    page: Page, violations, opened, width
):
    assessment, asked = opened
    same = [o for o in asked.questions["3.2.6"].options.all() if o.level == 4]
    assert [o.position for o in same] == [4, 5]
    radio = criterion(page, "3.2.6").locator
    pick(page, "3.2.6", 4)
    pick(page, "3.2.6", 5)  # the same level, another answer: saved all the same
    expect(page.locator("#total-points")).to_have_text("4")
    rating = Rating.objects.get(assessment=assessment, column=Column.SELF, criterion__code="3.2.6")
    assert rating.option is not None
    assert (rating.level, rating.option.position) == (4, 5)

    page.reload()
    expect(radio('input[name="c-3.2.6"][value="5"]')).to_be_checked()
    expect(radio('input[name="c-3.2.6"][value="4"]')).not_to_be_checked()
    pick(page, "3.2.6", 4)  # and back
    page.reload()
    expect(radio('input[name="c-3.2.6"][value="4"]')).to_be_checked()
    expect(radio('input[name="c-3.2.6"][value="5"]')).not_to_be_checked()
    assert violations == []


def english(vietnamese: str) -> str:
    """The English catalog's text for a Vietnamese source string (and there is one)."""
    with translation.override("en"):
        text = gettext(vietnamese)
    assert text != vietnamese, f"no English for {vietnamese!r}"
    return text


def english_texts(asked: Questionnaire, code: str) -> list[str]:
    question = asked.questions[code]
    texts = [question.gate_en, question.prompt_en, *(o.label_en for o in question.options.all())]
    if question.numerator is not None:
        texts.append(question.numerator.label_en)
    if question.denominator is not None:
        texts.append(question.denominator.label_en)
    return [t for t in texts if t]


def test_the_english_page_asks_the_english_texts(
    page: Page, live_server, violations, opened, width
):
    """The language is switched the way the site offers it (the header's select, which sends its
    form); the questions are then asked in English, and so is what the page says around them."""
    assessment, asked = opened
    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/assessments/{assessment.pk}/")
    for code in ("1.1.1", "3.2.6", "5.2.4", "5.1.1", "1.1.3"):
        fieldset = criterion(page, code)
        for text in english_texts(asked, code):
            expect(fieldset).to_contain_text(text)
        question = asked.questions[code]
        for vietnamese in (question.gate_vi, question.prompt_vi, question.help_vi):
            if vietnamese:
                expect(fieldset).not_to_contain_text(vietnamese)
    expect(criterion(page, "1.1.1").locator("label.option").first).to_have_text("Level 0 No")
    expect(criterion(page, "1.1.1").locator("p.question")).to_have_text(
        [asked.questions["1.1.1"].gate_en, asked.questions["1.1.1"].prompt_en]
    )
    # What the page says around the figures is English too (as the English catalog has it).
    figures = criterion(page, "5.1.1")
    shared = page.locator("#shared-figures")
    for where, vietnamese in (
        (page.get_by_test_id("computation-5.1.1"), "Nhập đủ số liệu để tính mức."),
        (figures.locator('[data-shared="staff_total"]'), "chưa nhập"),
        (figures.locator("details.thresholds summary"), "Ngưỡng quy đổi tỷ lệ ra mức"),
        (shared.locator("legend"), "Số liệu chung của doanh nghiệp"),
    ):
        expect(where).to_have_text(english(vietnamese))
    for field in asked.shared_figures:
        expect(shared).to_contain_text(field.label_en)
    # Figures typed on the English page are read, and shown, the English way.
    type_shared(page, "staff_total", "1,250")
    expect(figures.locator('[data-shared="staff_total"]')).to_have_text("1,250")
    type_figure(page, "5.1.1", "c5_1_1_num", "500")
    expect(page.get_by_test_id("computation-5.1.1")).to_have_text("500 / 1,250 = 40 % → level 3")
    type_figure(page, "5.1.1", "c5_1_1_num", "2,000", saved=False)
    refusal = english("Tiêu chí %(code)s: %(numerator)s lớn hơn %(denominator)s.") % {
        "code": "5.1.1",
        "numerator": asked.questions["5.1.1"].numerator.label_en,
        "denominator": asked.shared_figures[0].label_en,
    }
    expect(figures.locator('[data-state="error"]')).to_have_text(refusal)
    no_sideways_scroll(page)
    assert violations == []
