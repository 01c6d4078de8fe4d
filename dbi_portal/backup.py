"""Backups that are known to restore: the database and every stored file, with a manifest that
the restore checks itself against.

A backup is a folder::

    manifest.json       what was saved: each table's row count, each file's size and SHA-256
    database.dump       PostgreSQL: ``pg_dump --format=custom`` (or database.sqlite3 on SQLite,
                        through SQLite's online backup API)
    files/<name>        every file of the default storage (evidence, certificates, reports),
                        read through the storage API, so an S3 bucket is saved like a folder

The row counts are taken in the very snapshot that ``pg_dump`` dumps (an exported snapshot), so a
portal in use while it is backed up still gives counts the restore can compare with. A restore
refuses a database that already holds accounts unless it is told to replace them, checks the
dump's checksum first, restores in one transaction (all or nothing), copies the files back through
the storage API, then counts and hashes again and says what differs from the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
FILES = "files"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that could not be made, or a restore refused or failed; the message says why."""


@dataclass
class Counts:
    """A database's rows per table and a storage's files (name → SHA-256)."""

    tables: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


@dataclass
class RestoreReport:
    """What the backup held, what the target held before, what it holds after; and every
    difference between the restored state and the manifest (none when the restore is good)."""

    backup: Counts
    before: Counts
    after: Counts
    differences: list[str]

    def lines(self) -> list[str]:
        return [
            f"rows   backup {self.backup.rows}  before {self.before.rows}  after {self.after.rows}",
            f"files  backup {len(self.backup.files)}  before {len(self.before.files)}  "
            f"after {len(self.after.files)}",
            f"tables {len(self.backup.tables)}",
        ]


# --- reading what there is ------------------------------------------------------------------


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return sorted(
            info.name
            for info in connection.introspection.get_table_list(cursor)
            if info.type == "t"
        )


def table_rows(alias: str = "default") -> dict[str, int]:
    """Every table's row count (views left out), read in the current transaction."""
    connection = connections[alias]
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables(alias):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def storage_names(directory: str = "") -> Iterator[str]:
    """Every file name in the default storage, through ``listdir`` (works for S3 too)."""
    try:
        folders, files = default_storage.listdir(directory)
    except FileNotFoundError:  # local disk: no file was ever stored, so no folder yet
        return
    for name in sorted(files):
        yield str(PurePosixPath(directory, name)) if directory else name
    for folder in sorted(folders):
        yield from storage_names(str(PurePosixPath(directory, folder)) if directory else folder)


def _copy(source: IO[bytes], target: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
    return digest.hexdigest()


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _stored_sha256(name: str) -> str:
    with default_storage.open(name, "rb") as handle:
        return _sha256(handle)


def _file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return _sha256(handle)


def storage_hashes() -> dict[str, str]:
    """Every stored file's SHA-256, by name."""
    return {name: _stored_sha256(name) for name in storage_names()}


def current_counts(alias: str = "default") -> Counts:
    """The database's row counts and the storage's files, now."""
    return Counts(tables=table_rows(alias), files=storage_hashes())


# --- PostgreSQL tools -----------------------------------------------------------------------


def _pg_environment(alias: str) -> dict[str, str]:
    """The libpq variables for ``pg_dump``/``pg_restore`` from the DATABASES entry, so that no
    password appears on a command line."""
    db = connections[alias].settings_dict
    environment = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            environment[variable] = str(value)
    return environment


def _run(command: list[str], alias: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools)")
    result = subprocess.run(  # noqa: S603 — fixed tool names, arguments of our own
        command, env=_pg_environment(alias), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"backups support PostgreSQL and SQLite, not {vendor}")
    return vendor


# --- backup ---------------------------------------------------------------------------------


def _backup_postgresql(out: Path, alias: str) -> tuple[str, dict[str, int]]:
    dump = out / "database.dump"
    connection = connections[alias]
    # The counts and the dump read one snapshot: this transaction exports it to pg_dump.
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = table_rows(alias)
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], alias)
    return dump.name, tables


def _backup_sqlite(out: Path, alias: str) -> tuple[str, dict[str, int]]:
    copy = out / "database.sqlite3"
    connection = connections[alias]
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    try:
        connection.connection.backup(target)  # SQLite's online backup: a consistent copy
        cursor = target.cursor()
        names = cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables = {
            name: cursor.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for (name,) in sorted(names)
        }
    finally:
        target.close()
    return copy.name, tables


def backup(out: Path, *, alias: str = "default") -> dict[str, Any]:
    """Backs up the database and every stored file into the folder ``out`` (created; it must
    be empty) and writes its manifest; returns the manifest."""
    vendor = _vendor(alias)
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise BackupError(f"{out} is not empty; back up into a new folder")
    make = _backup_postgresql if vendor == "postgresql" else _backup_sqlite
    database_file, tables = make(out, alias)
    files: dict[str, dict[str, Any]] = {}
    for name in storage_names():
        target = out / FILES / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            digest = _copy(source, copy)
        files[name] = {"sha256": digest, "size": target.stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {
            "vendor": vendor,
            "file": database_file,
            "sha256": _file_sha256(out / database_file),
        },
        "tables": tables,
        "files": files,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


# --- restore --------------------------------------------------------------------------------


def read_manifest(folder: Path) -> dict[str, Any]:
    """The backup's manifest, after checking that the database file is the one it names."""
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{folder} has no {MANIFEST}: not a portal backup") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = folder / manifest["database"]["file"]
    if not database.is_file():
        raise BackupError(f"{database} is missing")
    if _file_sha256(database) != manifest["database"]["sha256"]:
        raise BackupError(f"{database} does not match its checksum in the manifest")
    return manifest


def accounts_held(alias: str = "default") -> int:
    """How many accounts the database holds (0 when it has no tables yet): a database with
    accounts is someone's data, which a restore would replace."""
    table = get_user_model()._meta.db_table
    if table not in _tables(alias):
        return 0
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        held: int = cursor.fetchone()[0]
    return held


def _restore_postgresql(dump: Path, alias: str) -> None:
    connections[alias].close()  # pg_restore drops the tables: hold no connection to them
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",  # all or nothing (stops at the first error)
            f"--dbname={connections[alias].settings_dict['NAME']}",
            str(dump),
        ],
        alias,
    )


def _restore_sqlite(copy: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    source = sqlite3.connect(copy)
    try:
        source.backup(connection.connection)  # replaces the whole database, in one step
    finally:
        source.close()


def _restore_files(folder: Path, files: dict[str, dict[str, Any]]) -> None:
    for name in files:
        if default_storage.exists(name):
            default_storage.delete(name)  # else save() would pick another name
        with (folder / FILES / name).open("rb") as handle:
            saved = default_storage.save(name, File(handle, name=name))
        if saved != name:
            raise BackupError(f"the storage saved {name} as {saved}")


def differences(manifest: dict[str, Any], after: Counts) -> list[str]:
    """What the restored state lacks or holds differently from the manifest."""
    found = []
    for table, rows in sorted(manifest["tables"].items()):
        if after.tables.get(table) != rows:
            found.append(f"table {table}: {rows} rows backed up, {after.tables.get(table)} now")
    for name, saved in sorted(manifest["files"].items()):
        if after.files.get(name) != saved["sha256"]:
            state = "missing" if name not in after.files else "different content"
            found.append(f"file {name}: {state}")
    return found


def restore(folder: Path, *, replace: bool = False, alias: str = "default") -> RestoreReport:
    """Restores the backup in ``folder`` over the database and the storage, then compares the
    result with its manifest. Refuses a database that holds accounts unless ``replace``."""
    vendor = _vendor(alias)
    manifest = read_manifest(folder)
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']['vendor']} database, this is {vendor}"
        )
    for name in manifest["files"]:
        if not (folder / FILES / name).is_file():
            raise BackupError(f"{folder / FILES / name} is missing")
    held = accounts_held(alias)
    if held and not replace:
        raise BackupError(
            f"Cơ sở dữ liệu đích đã có {held} tài khoản; thêm --force-wipe để thay bằng bản sao"
            f" lưu. / The target database already holds {held} accounts; add --force-wipe to"
            " replace them with the backup."
        )
    before = current_counts(alias)
    database = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        _restore_postgresql(database, alias)
    else:
        _restore_sqlite(database, alias)
    _restore_files(folder, manifest["files"])
    after = current_counts(alias)
    backed_up = Counts(
        tables=dict(manifest["tables"]),
        files={name: saved["sha256"] for name, saved in manifest["files"].items()},
    )
    return RestoreReport(
        backup=backed_up, before=before, after=after, differences=differences(manifest, after)
    )
