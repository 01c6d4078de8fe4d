"""No upload is held past DBI_UPLOAD_MAX_BYTES while it is received: the handlers after the limit
get nothing more, and the form refuses the file as too large, naming the size that was sent."""

import io

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from dbi_portal.uploads import UploadSizeLimitHandler
from enterprises.models import ImportJob, Province

from .factories import ProvinceOfficerFactory


class CountingMemoryHandler(MemoryFileUploadHandler):
    """Django's in-memory handler, counting what reaches it (what the server would hold)."""

    received = 0

    def handle_raw_input(self, *args, **kwargs):
        super().handle_raw_input(*args, **kwargs)
        self.activated = True  # keep the file in memory whatever its size, to count it

    def receive_data_chunk(self, raw_data, start):
        CountingMemoryHandler.received += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


def parse(body_bytes: int):
    payload = io.BytesIO(b"x" * body_bytes)
    payload.name = "big.csv"
    body = encode_multipart(BOUNDARY, {"file": payload})
    request = RequestFactory().generic("POST", "/", body, content_type=MULTIPART_CONTENT)
    handlers = [UploadSizeLimitHandler(request), CountingMemoryHandler(request)]
    CountingMemoryHandler.received = 0
    _, files = MultiPartParser(request.META, io.BytesIO(body), handlers).parse()
    return files["file"]


def test_a_file_past_the_limit_reaches_no_later_handler_beyond_the_limit(settings):
    settings.DBI_UPLOAD_MAX_BYTES = 200 * 1024

    upload = parse(3 * 1024 * 1024)

    assert upload.size == 3 * 1024 * 1024  # the size sent, for the refusal message
    assert upload.read() == b""
    assert CountingMemoryHandler.received <= 200 * 1024


def test_a_file_under_the_limit_arrives_whole(settings):
    settings.DBI_UPLOAD_MAX_BYTES = 200 * 1024

    upload = parse(150 * 1024)

    assert upload.size == 150 * 1024
    assert upload.read() == b"x" * 150 * 1024


def test_the_import_form_refuses_a_file_past_the_upload_limit_with_its_size(client, db, settings):
    settings.DBI_UPLOAD_MAX_BYTES = settings.DBI_IMPORT_MAX_BYTES = 64 * 1024
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86)).user
    client.force_login(officer)
    upload = io.BytesIO(b"tax_code,name_vi\n" + b"0101234567,x\n" * 20_000)
    upload.name = "ds.csv"

    response = client.post(reverse("import-upload"), {"file": upload})

    assert response.status_code == 400
    assert "Tệp quá lớn (253,9" in response.content.decode()
    assert not ImportJob.objects.exists()
