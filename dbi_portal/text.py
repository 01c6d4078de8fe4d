"""Vietnamese text is one text: what people type is stored composed (Unicode NFC), and a search
finds it whichever way the query was typed.

The same name can arrive as precomposed letters ("ễ", one code point, what most keyboards send)
or decomposed ("e" + circumflex + tilde, what macOS file names, some PDF copies and old Unikey
settings produce). They look alike and compare unequal, so a decomposed "Nguyễn" would be a
second enterprise name that no search for the composed one finds. The fields below store NFC
however the text came in (form, admin, API, import, ``update()``), and ``text_contains`` looks a
query up composed, and on PostgreSQL also without its diacritics ("Nguyen" finds "Nguyễn").
"""

from __future__ import annotations

import unicodedata
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import Q, Value
from django.db.models.lookups import IContains

_T = TypeVar("_T")


def nfc(value: _T) -> _T:
    """``value`` composed (NFC) when it is a string; anything else (None, a number) as it is."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)  # type: ignore[return-value]
    return value


class _NfcMixin:
    """Stores the text NFC on every path into the database: ``to_python`` (what forms, the admin
    and ``full_clean`` give the instance), ``pre_save`` (``save()`` and ``bulk_create``, and the
    instance keeps what was stored) and ``get_prep_value`` (``update()``, ``bulk_update`` and
    exact lookups). The column is the plain one: ``deconstruct`` names the Django field, so the
    migrations see no change and none is needed."""

    attname: str

    def to_python(self, value: Any) -> Any:
        return nfc(super().to_python(value))  # type: ignore[misc]

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = nfc(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        return nfc(super().get_prep_value(value))  # type: ignore[misc]


class NfcCharField(_NfcMixin, models.CharField):
    """A ``CharField`` whose text is stored composed (NFC)."""

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class NfcTextField(_NfcMixin, models.TextField):
    """A ``TextField`` whose text is stored composed (NFC)."""

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


def diacritics_insensitive() -> bool:
    """Whether ``text_contains`` also ignores diacritics: on PostgreSQL, through its ``unaccent``
    extension (enterprises migration 0010 creates it). SQLite, the development default, has no
    such function; there a search is composed/decomposed-insensitive only."""
    return connection.vendor == "postgresql"


def text_contains(field: str, query: str) -> Q:
    """The rows whose ``field`` contains ``query``, ignoring letter case and whether either was
    typed composed or decomposed; on PostgreSQL also ignoring diacritics ("Nguyen", "nguyễn" and
    "NGUYỄN" all find "Nguyễn"; "Đa" finds "Da" and "da" finds "Đà")."""
    query = nfc(query)
    if not diacritics_insensitive():
        return Q(**{f"{field}__icontains": query})
    # Imported here: the module loads psycopg's type handlers, of no use on SQLite.
    from django.contrib.postgres.lookups import Unaccent

    # unaccent() on both sides, so that the query and the text lose the same marks.
    return Q(IContains(Unaccent(field), Unaccent(Value(query))))


def nfc_existing_rows(model: type[models.Model], fields: list[str]) -> int:
    """Rewrites composed (NFC) the rows of ``model`` (a migration's historical model) whose
    ``fields`` are not; the number of rows rewritten. For the data migrations that bring the
    rows stored before these fields existed in line; rows already NFC are only read."""
    changed = 0
    rows = model._default_manager.values_list("pk", *fields)
    for pk, *values in rows.iterator(chunk_size=2000):
        fixed = {
            name: nfc(value)
            for name, value in zip(fields, values, strict=True)
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value)
        }
        if fixed:
            model._default_manager.filter(pk=pk).update(**fixed)
            changed += 1
    return changed
