"""Backups are known to restore: back up the database and the stored files, wipe both, restore,
and every table has its rows and every file its bytes again (PostgreSQL and SQLite)."""

import hashlib
import io
import json
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from dbi_portal.backup import current_counts, storage_names
from enterprises.models import Enterprise, User

from .factories import EnterpriseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {
    "evidence/2026/07/bien-ban-nghiem-thu.pdf": b"%PDF-1.7 " + os.urandom(40_000),
    "evidence/2026/07/hóa-đơn-điện-tử.png": b"\x89PNG\r\n\x1a\n" + os.urandom(3_000),
    "certificates/DBI-2026-000001.pdf": b"%PDF-1.7 " + os.urandom(120_000),
    "reports/bao-cao-tinh-86.xlsx": b"PK\x03\x04" + os.urandom(9_000),
}


@pytest.fixture
def seeded(sme_framework):
    """Some people, enterprises and files, as a portal in use has them."""
    MembershipFactory(enterprise=EnterpriseFactory(name_vi="Công ty TNHH Nguyễn Đức Thắng"))
    EnterpriseFactory.create_batch(5)
    UserFactory.create_batch(3)
    for name, content in FILES.items():
        assert default_storage.save(name, ContentFile(content)) == name
    return current_counts()


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    for name in list(storage_names()):
        default_storage.delete(name)


def run(command: str, *args) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_backup_restores_every_row_and_file_after_a_wipe(seeded, tmp_path):
    run("portal_backup", str(tmp_path / "backup"))
    wipe()
    assert (User.objects.count(), list(storage_names())) == (0, [])

    printed = run("portal_restore", str(tmp_path / "backup"))

    restored = current_counts()
    assert restored.tables == seeded.tables
    assert restored.files == seeded.files
    assert {name: hashlib.sha256(c).hexdigest() for name, c in FILES.items()} == restored.files
    assert Enterprise.objects.filter(name_vi="Công ty TNHH Nguyễn Đức Thắng").exists()
    rows = seeded.rows
    assert f"rows   backup {rows}  before " in printed
    assert f"after {rows}" in printed
    assert f"files  backup {len(FILES)}  before 0  after {len(FILES)}" in printed
    assert "match the manifest" in printed


def test_the_manifest_counts_rows_and_hashes_files(seeded, tmp_path):
    run("portal_backup", str(tmp_path / "backup"))

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["tables"] == seeded.tables
    assert manifest["tables"]["enterprises_enterprise"] == Enterprise.objects.count()
    assert {name: f["sha256"] for name, f in manifest["files"].items()} == seeded.files
    for name, content in FILES.items():
        assert (tmp_path / "backup" / "files" / name).read_bytes() == content


def test_a_restore_over_a_database_with_accounts_needs_force_wipe(seeded, tmp_path):
    run("portal_backup", str(tmp_path / "backup"))
    later = UserFactory(email="sau-sao-luu@example.vn")

    with pytest.raises(CommandError, match="--force-wipe"):
        run("portal_restore", str(tmp_path / "backup"))
    assert User.objects.filter(pk=later.pk).exists()  # refused: nothing was touched

    run("portal_restore", str(tmp_path / "backup"), "--force-wipe")

    assert not User.objects.filter(email="sau-sao-luu@example.vn").exists()
    assert current_counts().tables == seeded.tables


def test_a_damaged_backup_is_refused_before_anything_changes(seeded, tmp_path):
    run("portal_backup", str(tmp_path / "backup"))
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    database = tmp_path / "backup" / manifest["database"]["file"]
    database.write_bytes(database.read_bytes()[:-100])
    wipe()

    with pytest.raises(CommandError, match="checksum"):
        run("portal_restore", str(tmp_path / "backup"))
    assert Enterprise.objects.count() == 0
