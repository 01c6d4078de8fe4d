"""Existing assessments were answered on the portal's own guidance questions: record them as an
explicit catalog version ("guidance-2021", number 1) built from the rows as they are, attach every
assessment and rating to it, with every level unchanged."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

GUIDANCE_NAME_VI = "Câu hỏi hướng dẫn của cổng (2021)"
GUIDANCE_NAME_EN = "The portal's guidance questions (2021)"
GUIDANCE_NOTE_VI = (
    "Câu hỏi và phương án trả lời do cổng thông tin biên soạn trước khi có phiếu khảo sát quốc gia; "
    "các đánh giá đã trả lời theo phiên bản này giữ nguyên câu hỏi và mức của mình."
)
GUIDANCE_NOTE_EN = (
    "Questions and answers written by the portal before it asked the national form; assessments "
    "answered on this version keep their questions and levels."
)


def forwards(apps, schema_editor):
    Framework = apps.get_model("assessments", "Framework")
    CatalogVersion = apps.get_model("assessments", "CatalogVersion")
    Question = apps.get_model("assessments", "Question")
    QuestionOption = apps.get_model("assessments", "QuestionOption")
    AnswerOption = apps.get_model("assessments", "AnswerOption")
    Criterion = apps.get_model("assessments", "Criterion")
    Assessment = apps.get_model("assessments", "Assessment")
    Rating = apps.get_model("assessments", "Rating")
    for framework in Framework.objects.all():
        version = CatalogVersion.objects.create(
            framework=framework,
            number=1,
            label="guidance-2021",
            name_vi=GUIDANCE_NAME_VI,
            name_en=GUIDANCE_NAME_EN,
            note_vi=GUIDANCE_NOTE_VI,
            note_en=GUIDANCE_NOTE_EN,
            is_current=True,
        )
        for criterion in Criterion.objects.filter(framework=framework).order_by("position"):
            question = Question.objects.create(
                version=version,
                criterion=criterion,
                kind="descriptors",
                gate_vi=criterion.question_vi,
                gate_en=criterion.question_en,
                prompt_vi=criterion.followup_vi,
                prompt_en=criterion.followup_en,
            )
            for option in AnswerOption.objects.filter(criterion=criterion).order_by("level"):
                QuestionOption.objects.create(
                    question=question,
                    position=option.level,
                    level=option.level,
                    label_vi=option.label_vi,
                    label_en=option.label_en,
                )
        Assessment.objects.filter(framework=framework).update(catalog_version=version)
        # One statement, whatever the number of ratings: each takes the option of its level.
        same_level = QuestionOption.objects.filter(
            question__version=version,
            question__criterion_id=OuterRef("criterion_id"),
            level=OuterRef("level"),
        ).values("pk")[:1]
        Rating.objects.filter(criterion__framework=framework, level__isnull=False).update(
            option_id=Subquery(same_level)
        )


# Rows that hang off a version, leaves first (0012, undone next, drops their tables).
VERSION_ROWS = (
    "NeedAnswer",
    "SurveyAnswer",
    "Figure",
    "FigureThreshold",
    "QuestionOption",
    "Question",
    "FigureField",
    "SurveyStatement",
    "SurveyScaleLabel",
    "SupportNeed",
)


def backwards(apps, schema_editor):
    apps.get_model("assessments", "Rating").objects.update(option=None)
    apps.get_model("assessments", "Assessment").objects.update(catalog_version=None)
    # Plain DELETEs, without the deletion collector, which trips over the historical models'
    # relations ("Cannot query 'Question object (1)': Must be 'Question' instance").
    for name in (*VERSION_ROWS, "CatalogVersion"):
        apps.get_model("assessments", name).objects.all()._raw_delete(
            schema_editor.connection.alias
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0012_catalog_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
