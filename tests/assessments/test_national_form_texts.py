"""The assessment page asks the national form word for word: every gate question, prompt,
descriptor and figure of the version file appears on the page, in Vietnamese and in English."""

import html

import pytest

from assessments.catalog import read_definition
from assessments.versions import QUESTIONNAIRES_DIR

from ..factories import AssessmentFactory, official_version

pytestmark = pytest.mark.django_db
OFFICIAL = read_definition(QUESTIONNAIRES_DIR / "dbi-sme-2021" / "official-2021.json")


def texts(language: str) -> list[str]:
    found = []
    for question in OFFICIAL["questions"]:
        for key in ("gate", "prompt"):
            found.append(question[f"{key}_{language}"])
        found += [o[f"label_{language}"] for o in question["options"]]
    found += [f[f"label_{language}"] for f in OFFICIAL["figures"]]
    return [t for t in found if t]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_question_and_answer_of_the_form_is_on_the_page(client, owner, language):
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    client.force_login(owner.user)
    client.cookies["django_language"] = language  # chosen with the language selector
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    shown = html.unescape(page)
    wanted = texts(language)
    missing = [t for t in wanted if t not in shown]
    assert missing == []
    # 33 gates + 34 prompts + 160 descriptors + 6 scale answers + 33 "no" answers + 38 figures
    assert len(wanted) == 304
