"""Evidence files attached to a criterion of one column of an assessment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dbi_portal.uploads import display_name

from ..evidence_files import EXTENSIONS
from .assessment import Assessment, Column
from .catalog import Criterion


class Evidence(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices)
    # Stored outside the public media URL space: files are served by a view that checks access.
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["assessment", "column", "criterion"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """The name offered on download: the uploader's, ending with the detected type's
        extension (also for files stored before names were tidied at upload)."""
        return display_name(self.original_name, extension=EXTENSIONS.get(self.content_type, ""))
