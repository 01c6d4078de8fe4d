"""Answering the national form (official-2021) in the browser as a user does: a radio for a
question with answers (its value is the answer's position: 0 is the gate's "Không"), figures
typed into the criterion's inputs (``f-<figure key>``), the shared denominators typed once in the
"Số liệu chung" fieldset (``#shared-figures``). Each step waits for its autosave response and
for the fieldset that response swaps in, never for a fixed time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, expect

from assessments.models import Assessment, QuestionKind
from assessments.selectors import Questionnaire, questionnaire_of

from ..official_form import DENOMINATOR, answer_for, numerator_for

STALE = "data-e2e-stale"  # set on a fieldset before its autosave; absent from the one swapped in


def criterion(page: Page, code: str) -> Locator:
    return page.locator(f'[id="criterion-{code}"]')


@contextmanager
def _autosave(page: Page, fieldset: str, path_end: str) -> Iterator[None]:
    """Around a user's change in the fieldset ``fieldset`` (a selector): wait for the POST whose
    path ends with ``path_end`` (answered 200) and for the fieldset the response swaps in (the
    old one is marked stale first, so a save that leaves the same text is still waited for)."""
    page.locator(fieldset).evaluate(f"el => el.setAttribute('{STALE}', '')")
    with page.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path.endswith(path_end)
    ) as response:
        yield
    assert response.value.status == 200, f"{path_end} answered {response.value.status}"
    expect(page.locator(f"{fieldset}:not([{STALE}])")).to_be_attached()


def pick(page: Page, code: str, position: int) -> None:
    """Pick the answer at ``position`` of criterion ``code`` and wait until it is saved."""
    with _autosave(page, f'[id="criterion-{code}"]', f"/ratings/{code}/"):
        criterion(page, code).locator(f'input[name="c-{code}"][value="{position}"]').check()
    fieldset = criterion(page, code)
    expect(fieldset.locator('[data-state="saved"]')).to_be_visible()
    expect(fieldset.locator(f'input[name="c-{code}"][value="{position}"]')).to_be_checked()


def pick_level(page: Page, asked: Questionnaire, code: str, level: int) -> int:
    """Pick the (first) answer of ``code`` that gives ``level``; its position."""
    question = asked.questions[code]
    position = answer_for(question, level)
    levels = {o.position: o.level for o in question.options.all()}
    assert levels[position] == level, f"{code} has no answer at level {level}"
    pick(page, code, position)
    return position


def type_into(field: Locator, text: str) -> None:
    """Type ``text`` into a figure input and leave it (Tab), as a user does: the change event
    sends the autosave."""
    field.fill(text)
    field.press("Tab")


def type_figure(page: Page, code: str, key: str, text: str, *, saved: bool = True) -> None:
    """Type figure ``key`` of criterion ``code`` and wait for the autosave's fieldset (saved,
    unless ``saved`` is False: the refusal shown next to the criterion)."""
    with _autosave(page, f'[id="criterion-{code}"]', f"/ratings/{code}/"):
        type_into(criterion(page, code).locator(f'input[name="f-{key}"]'), text)
    state = "saved" if saved else "error"
    expect(criterion(page, code).locator(f'[data-state="{state}"]')).to_be_visible()


def type_shared(page: Page, key: str, text: str, *, saved: bool = True) -> None:
    """Type shared figure ``key`` in "Số liệu chung" and wait for the autosave's fieldset."""
    with _autosave(page, "#shared-figures", "/figures/"):
        type_into(page.locator(f'#shared-figures input[name="f-{key}"]'), text)
    state = "saved" if saved else "error"
    expect(page.locator(f'#shared-figures [data-state="{state}"]')).to_be_visible()


def set_directly(page: Page, code: str, level: int, note: str) -> None:
    """A reviewer sets the level of a criterion asked as figures directly: first the note saying
    why (saved on its own when the field is left), then the level."""
    with _autosave(page, f'[id="criterion-{code}"]', f"/ratings/{code}/"):
        type_into(criterion(page, code).locator(f'textarea[name="n-{code}"]'), note)
    expect(criterion(page, code).locator('[data-state="saved"]')).to_be_visible()
    pick(page, code, level)  # the direct level's radio has the level as its value
    expect(page.get_by_test_id(f"direct-level-{code}")).to_be_visible()


def answer_whole_form(page: Page, assessment: Assessment, level: int) -> None:
    """Answer every question of the page's column at ``level``, as the form asks it: the shared
    denominators once, then each criterion in order (an answer picked, or its figures typed:
    numerator over DENOMINATOR at the level's threshold)."""
    asked = questionnaire_of(assessment)
    for field in asked.shared_figures:
        type_shared(page, field.key, str(DENOMINATOR))
    for code, question in asked.questions.items():
        if question.kind != QuestionKind.FIGURES:
            pick_level(page, asked, code, level)
            continue
        assert question.numerator is not None
        assert question.denominator is not None
        type_figure(page, code, question.numerator.key, str(numerator_for(question, level)))
        if not question.denominator.shared:
            type_figure(page, code, question.denominator.key, str(DENOMINATOR))
        expect(page.get_by_test_id(f"computation-{code}")).to_contain_text(f"→ mức {level}")
