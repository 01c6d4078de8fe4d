"""Reading uploaded files by their content, shared by the list import and the evidence files;
and naming what is kept: the server chooses the stored name, the person's name is only shown."""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# How far into a PDF or an image to look for a web page hidden in it: more than any browser's
# content sniffing reads (the MIME Sniffing standard reads 1,445 bytes).
MARKUP_SCAN_BYTES = 64 * 1024
# What starts an HTML or SVG document, which a browser would run if the file were opened as one.
MARKUP = re.compile(rb"<(?:!doctype|html|head|body|script|iframe|svg)[\s>/]", re.IGNORECASE)


class OversizedUpload(UploadedFile):
    """What is left of a file received past DBI_UPLOAD_MAX_BYTES: its name and its real size,
    no content; ``refuse_if_larger`` refuses it with the size the person sent."""

    def __init__(self, name: str | None, content_type: str | None, size: int, charset: str | None):
        super().__init__(None, name, content_type, size, charset)

    def read(self, *args, **kwargs) -> bytes:
        return b""

    def seek(self, *args, **kwargs) -> int:
        return 0


class UploadSizeLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: past DBI_UPLOAD_MAX_BYTES, the rest of a file goes to no
    handler after it, so neither memory nor the temporary folder holds more than the limit
    whatever a client sends; the file then arrives as an ``OversizedUpload`` of its real size,
    which the form refuses with its usual message. Under the limit it passes everything on."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.too_large or start + len(raw_data) > settings.DBI_UPLOAD_MAX_BYTES:
            self.too_large = True
            return None  # Django passes a None chunk to no later handler
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_large:
            return None  # the memory or temporary-file handler after this one has the file
        return OversizedUpload(self.file_name, self.content_type, file_size, self.charset)


def refuse_if_larger(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def read_head(upload, size: int) -> bytes:
    """The first ``size`` bytes, leaving the file at its start."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def refuse_if_markup(upload) -> None:
    """A file that is also a web page (a polyglot such as ``%PDF-`` followed by HTML) is refused:
    opened as HTML, its script would run with the portal's cookies."""
    if MARKUP.search(read_head(upload, MARKUP_SCAN_BYTES)):
        raise ValidationError(
            _("Tệp này có chứa mã trang web (HTML hoặc SVG) nên không được nhận."),
            code="markup",
        )


def zip_names(upload) -> set[str]:
    """The member names of a zip archive (Office files are zips), or an empty set."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        upload.seek(0)


def server_name(extension: str) -> str:
    """The name a file is stored under: random, with the extension of its detected type
    (never the uploader's name, which could say ``.html`` or climb out of the folder)."""
    return f"{uuid.uuid4().hex}{extension}"


def display_name(name: str, *, extension: str, limit: int = 255) -> str:
    """The uploader's file name as shown and offered on download: the last path part, without
    control or format characters, ending with the extension of the detected type (``bao-cao.html``
    holding a PDF is offered as ``bao-cao.html.pdf``, so it is opened as what it is)."""
    name = PurePosixPath(unicodedata.normalize("NFC", name).replace("\\", "/")).name
    # Any space is a plain space; no control or format character (a right-to-left override
    # shows "fdp.exe" as "exe.pdf").
    name = "".join(" " if c.isspace() else c for c in name if not _invisible(c) or c.isspace())
    name = " ".join(name.split()).strip(" .") or "tep"
    if not name.lower().endswith(ALIASES.get(extension, (extension,))):
        name += extension
    stem, dot, suffix = name.rpartition(".")
    return name if len(name) <= limit else stem[: limit - len(suffix) - 1] + dot + suffix


def _invisible(character: str) -> bool:
    return unicodedata.category(character)[0] in "CZ"


# Other spellings of an extension that name the same type.
ALIASES = {".jpg": (".jpg", ".jpeg")}
