"""The national-scale data set that the dashboards are measured on (``manage.py seed_scale``).

``scale_seed`` fills the database with many enterprises and their yearly assessments through a
bulk path: rows are generated as tuples and streamed with PostgreSQL's COPY (``bulk_create`` in
batches on other databases), never saved one by one and never through the rating services.
No ratings are stored: each column's result is generated directly as per-pillar points, and its
levels are computed with the scoring module's own functions (``scoring.pillar_level`` and
``scoring.overall_level``), so every stored result is self-consistent, and it carries what the
dashboards read (``assessments/column_results.py``: the markers, the year, the enterprise's place,
sector, size and type, the pillar levels) in the same COPY. Sub-index results are not generated
(the dashboards do not read them).

Seeded enterprises are recognisable by their contact address in the reserved ``.invalid``
domain (``SEED_DOMAIN``); ``scale_seed`` refuses a database holding any other enterprise unless
forced, and ``scale_seed_clear`` removes exactly the seeded rows.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.column_results import (
    ENTERPRISE_FIELDS,
    PILLAR_FIELDS,
    is_counted,
    pillar_columns,
    reference_column,
)
from assessments.models import (
    Assessment,
    AuditEntry,
    CatalogVersion,
    ColumnResult,
    Figure,
    Framework,
    LevelName,
    NeedAnswer,
    PillarResult,
    Rating,
    SubIndexResult,
    SurveyAnswer,
)
from assessments.selectors import catalog_index, current_version
from certification.models import Certificate, CertificateEvent, CertificateSequence, Signer
from certification.verification import verification_code
from dbi_portal.refusals import CONFLICT, Code, refuse
from enterprises.models import Enterprise, EnterpriseKind, Province, User, Ward
from enterprises.selectors import authority_on
from enterprises.sizing import BILLION, size_class
from enterprises.tax_codes import check_digit

SEED_DOMAIN = "seed-scale.invalid"
SEED_USER_EMAIL = f"seed@{SEED_DOMAIN}"
SEED_SIGNER_NAME = "Người ký (dữ liệu quy mô)"
SME = DEFAULT_FRAMEWORK_CODE
# The version every seeded assessment names. The scale data is about the dashboards' volume:
# the assessments hold results only (no ratings, figures or survey answers), and the
# dashboards read results, whatever the questions were, so the portal's own guidance version
# is fine (the current version on a catalog without it).
SEED_VERSION = "guidance-2021"
CHUNK = 20_000  # enterprises generated and streamed at a time

# Refusals of the scale seed (all conflicts with what the database holds already).
NOT_SEED_DATA = Code(
    "not_seed_data",
    CONFLICT,
    _(
        "Cơ sở dữ liệu đã có doanh nghiệp không phải dữ liệu quy mô; "
        "dùng --force nếu thật sự muốn thêm vào."
    ),
)
ALREADY_SEEDED = Code(
    "already_seeded",
    CONFLICT,
    _("Cơ sở dữ liệu đã có dữ liệu quy mô; dùng --clear để xóa trước."),
)
NO_CATALOG = Code(
    "no_catalog",
    CONFLICT,
    _("Chưa có bộ chỉ số dbi-sme-2021; hãy chạy manage.py load_catalog."),
)
NO_PLACES = Code(
    "no_places", CONFLICT, _("Chưa có tỉnh, phường/xã; hãy chạy manage.py load_divisions.")
)


def _seed_enterprises():
    return Enterprise.objects.filter(contact_email__endswith=f"@{SEED_DOMAIN}")


# --- the bulk path ---


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value) -> str:
    """One value in COPY's text format."""
    kind = type(value)
    if kind is int:
        return str(value)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).translate(_ESCAPES)


def _insert(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert ``rows`` (tuples in the order of the ``columns`` attnames): COPY on PostgreSQL,
    ``bulk_create`` in batches elsewhere. Returns how many rows went in."""
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        if all(type(v) is int for v in rows[0]):  # integers only: the fast path
            text = "".join("\t".join(map(str, row)) + "\n" for row in rows)
        else:
            text = "".join("\t".join(map(_text, row)) + "\n" for row in rows)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(
            connection.ops.quote_name(model._meta.get_field(c).column)  # type: ignore[union-attr,arg-type]  # concrete fields
            for c in columns
        )
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(text))
    else:
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2_000
        )
    return len(rows)


def _instance_rows(objs: Sequence[models.Model], now) -> tuple[list[str], list[tuple]]:
    """Every concrete field of model instances (defaults applied by the constructor, automatic
    timestamps set to ``now``), so a field added to the model later is filled with its default."""
    fields = list(objs[0]._meta.concrete_fields)
    columns = [f.attname for f in fields]

    def value(obj, f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        return getattr(obj, f.attname)

    return columns, [tuple(value(obj, f) for f in fields) for obj in objs]


def _reserve_ids(model: type[models.Model], count: int) -> int:
    """The first of ``count`` consecutive primary keys nobody else will be given."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT nextval(%s)", [sequence])
            (first,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + count])
            return first
    return (model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0) + 1


# --- what the generated population looks like ---

# Relative weights: the two big cities hold most enterprises.
BIG_PROVINCES = {79: 30.0, 1: 20.0, 48: 4.0, 31: 3.5, 75: 3.5, 24: 2.5, 22: 2.0, 92: 2.0}
KIND_WEIGHTS: dict[str, float] = {
    EnterpriseKind.ENTERPRISE: 82,
    EnterpriseKind.HOUSEHOLD: 14,
    EnterpriseKind.COOPERATIVE: 4,
}
SECTOR_WEIGHTS: dict[str, float] = {
    "G": 34, "C": 16, "F": 11, "M": 7, "H": 5, "I": 5, "L": 3, "J": 4, "N": 4, "A": 3,
    "K": 1.5, "P": 1.2, "Q": 0.8, "S": 1.5, "R": 0.7, "E": 0.6, "D": 0.4, "B": 0.5,
    "O": 0.05, "T": 0.05, "U": 0.02,
}  # fmt: skip
SECTOR_NAMES = {
    "G": "Thương mại", "C": "Sản xuất", "F": "Xây dựng", "M": "Tư vấn", "H": "Vận tải",
    "I": "Du lịch", "L": "Bất động sản", "J": "Công nghệ", "N": "Dịch vụ", "A": "Nông nghiệp",
}  # fmt: skip
NAME_WORDS = (
    "An Phát", "Bình Minh", "Cửu Long", "Đại Việt", "Hòa Bình", "Hưng Thịnh", "Minh Khang",
    "Nam Sơn", "Phú Quý", "Sao Mai", "Tân Tiến", "Thành Công", "Trường An", "Việt Tín",
    "Hồng Hà", "Kim Ngân", "Mekong", "Phương Đông", "Quang Minh", "Thiên Long",
)  # fmt: skip

# States of a year's assessment: the current year is still under way, earlier years are mostly
# finished.
CURRENT_YEAR_STATES: dict[str, float] = {
    "draft": 30, "submitted": 14, "consultant_assessing": 4, "province_review": 14,
    "province_approved": 14, "ministry_appraisal": 6, "appraised": 13, "returned": 5,
}  # fmt: skip
PAST_YEAR_STATES: dict[str, float] = {
    "draft": 9, "submitted": 3, "consultant_assessing": 1, "province_review": 5,
    "province_approved": 22, "ministry_appraisal": 3, "appraised": 53, "returned": 4,
}  # fmt: skip
REVIEWED = {"province_review", "province_approved", "ministry_appraisal", "appraised"}


Key = TypeVar("Key")


def _weighted(rng: random.Random, weights: Mapping[Key, float]) -> Callable[[], Key]:
    keys, cumulative = list(weights), []
    total = 0.0
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return lambda: rng.choices(keys, cum_weights=cumulative)[0]


def _valid_tax_codes(start: int):
    """Valid 10-digit tax codes from the 9-digit prefix ``start`` on (prefixes with no check
    digit are skipped)."""
    prefix = start
    while True:
        digit = check_digit(f"{prefix:09d}")
        if digit is not None:
            yield f"{prefix:09d}{digit}"
        prefix += 1


@dataclass(frozen=True)
class SeedOutcome:
    enterprises: int
    assessments: int
    column_results: int
    pillar_results: int
    certificates: int
    periods: tuple[int, ...]


@dataclass
class _Catalog:
    framework: Framework
    version: CatalogVersion
    snapshot: scoring.CatalogSnapshot
    pillars: list[tuple[int, int, int]]  # (pillar id, max points, step of reachable points)
    level_names: dict[int, tuple[str, str]]


def _catalog() -> _Catalog:
    framework = Framework.objects.filter(code=SME).first()
    if framework is None:
        raise refuse(NO_CATALOG)
    index = catalog_index(framework)
    snapshot = index.snapshot
    position = {p.code: i for i, p in enumerate(index.pillars)}  # the results' pillar order
    pillars = [
        (
            index.pillar_id_by_code[p.code],
            snapshot.pillar_max(p),
            reduce(math.gcd, (c.points_per_level for c in p.criteria)),
        )
        for p in sorted(snapshot.pillars, key=lambda p: position[p.code])
    ]
    names = {n.level: (n.name_vi, n.name_en) for n in LevelName.objects.filter(framework=framework)}
    version = CatalogVersion.objects.filter(
        framework=framework, label=SEED_VERSION
    ).first() or current_version(framework)
    return _Catalog(framework, version, snapshot, pillars, names)


class _Scorer:
    """Generates a column's pillar points and scores them with the scoring module."""

    def __init__(self, catalog: _Catalog, rng: random.Random):
        self.catalog, self.rng = catalog, rng

    def column(self, maturity: float, answered: int) -> tuple[int, int, list[tuple[int, int, int]]]:
        """(total, overall level, [(pillar id, points, level)]) for a column with ``answered``
        of the criteria rated, around ``maturity`` (0–1) of the maximum."""
        snapshot, rng = self.catalog.snapshot, self.rng
        share = answered / len(snapshot.criteria_by_code)
        pillars = []
        for pillar_id, maximum, step in self.catalog.pillars:
            ratio = min(1.0, max(0.0, rng.gauss(maturity, 0.12))) * share
            points = min(maximum, round(ratio * maximum / step) * step)
            pillars.append((pillar_id, points, scoring.pillar_level(snapshot, points, maximum)))
        total = sum(p[1] for p in pillars)
        level = scoring.overall_level(snapshot, total, [p[2] for p in pillars])
        return total, level, pillars


def _enterprise_batch(
    rng: random.Random, n0: int, count: int, places, tax_codes, now
) -> list[Enterprise]:
    wards_of, pick_province = places
    pick_kind, pick_sector = _weighted(rng, KIND_WEIGHTS), _weighted(rng, SECTOR_WEIGHTS)
    objs = []
    for n in range(n0, n0 + count):
        province = pick_province()
        kind, section = pick_kind(), pick_sector()
        wards = wards_of.get(province.pk)
        ward_id = rng.choice(wards) if wards and rng.random() > 0.03 else None
        if kind == EnterpriseKind.HOUSEHOLD:
            employees = rng.randint(0, 9)
            tax_code = f"0{province.code:02d}{n:09d}"
            name = f"Hộ kinh doanh {rng.choice(NAME_WORDS)} {n}"
        else:
            employees = min(5_000, int(rng.lognormvariate(1.9, 1.3)))
            tax_code = next(tax_codes)
            prefix = "Hợp tác xã" if kind == EnterpriseKind.COOPERATIVE else "Công ty TNHH"
            trade = SECTOR_NAMES.get(section, "Dịch vụ")
            name = f"{prefix} {trade} {rng.choice(NAME_WORDS)} {n}"
        revenue = int(max(1, employees) * rng.uniform(0.2, 2.5) * BILLION)
        capital = int(revenue * rng.uniform(0.2, 1.5))
        figures: dict[str, int | None] = {
            "employees": employees, "revenue": revenue, "capital": capital
        }  # fmt: skip
        if rng.random() < 0.05:  # some never told their figures
            figures = dict.fromkeys(figures)
        size = size_class(section=section, **figures)
        objs.append(
            Enterprise(
                tax_code=tax_code,
                name_vi=name,
                kind=kind,
                province_id=province.pk,
                ward_id=ward_id,
                sector_section=section,
                employees=figures["employees"],
                annual_revenue=figures["revenue"],
                total_capital=figures["capital"],
                size_class=size or "",
                founded_year=rng.randint(1990, now.year),
                contact_email=f"lienhe{n}@{SEED_DOMAIN}",
            )
        )
    return objs


@dataclass
class _Counts:
    assessments: int = 0
    column_results: int = 0
    pillar_results: int = 0
    certificates: int = 0


class _YearWriter:
    """Builds one chunk of enterprises' assessments for every period, with their column
    results, pillar results and certificates, and streams them in."""

    def __init__(self, *, catalog, rng, user, periods, today, now, certification):
        self.catalog, self.rng, self.user = catalog, rng, user
        self.periods, self.today, self.now = periods, today, now
        self.scorer = _Scorer(catalog, rng)
        self.pick = {
            p: _weighted(rng, CURRENT_YEAR_STATES if p == today.year else PAST_YEAR_STATES)
            for p in periods
        }
        self.certification = certification
        self.counts = _Counts()

    def write(self, enterprises: list[tuple[int, Enterprise]]) -> None:
        rng, scorer = self.rng, self.scorer
        n_assessments = len(enterprises) * len(self.periods)
        assessment_id = _reserve_ids(Assessment, n_assessments)
        assessments, results, appraised = [], [], []
        for enterprise_id, enterprise in enterprises:
            maturity = min(0.95, rng.betavariate(2.2, 3.0))
            for period in self.periods:
                maturity = min(0.97, maturity + rng.uniform(0.0, 0.06))  # better every year
                state = self.pick[period]()
                created = datetime.datetime(
                    period, rng.randint(1, 9), rng.randint(1, 28), 2, tzinfo=datetime.UTC
                )
                assessments.append(
                    (
                        assessment_id, enterprise_id, self.catalog.framework.pk,
                        self.catalog.version.pk, period, state, self.user.pk, created, created,
                    )
                )  # fmt: skip
                columns = self._columns(state)
                answered = {c: a for c, a in columns.items() if a > 0}
                ref = reference_column(state, answered)
                for column, count in columns.items():
                    offset = {"self": 0.06, "consultant": 0.0, "province": -0.02}.get(column, -0.03)
                    total, level, pillars = scorer.column(maturity + offset, count)
                    results.append(
                        (
                            assessment_id, column, total, level, count, column == ref, pillars,
                            is_counted(state, count), period, enterprise,
                        )
                    )  # fmt: skip
                    if column == "ministry" and state == "appraised" and count == 60:
                        appraised.append((assessment_id, enterprise, period, total, level, pillars))
                assessment_id += 1
        self.counts.assessments += _insert(
            Assessment,
            ["id", "enterprise_id", "framework_id", "catalog_version_id", "period", "state",
             "created_by_id", "created_at", "updated_at"],
            assessments,
        )  # fmt: skip
        first = _reserve_ids(ColumnResult, len(results))
        framework_id = self.catalog.framework.pk
        self.counts.column_results += _insert(
            ColumnResult,
            ["id", "assessment_id", "column", "total", "level", "answered", "is_reference",
             "counted", "framework_id", "period", *ENTERPRISE_FIELDS, *PILLAR_FIELDS,
             "updated_at"],
            (
                (
                    first + i, *r[:6], r[7], framework_id, r[8],
                    *(getattr(r[9], name) for name in ENTERPRISE_FIELDS),
                    *pillar_columns(p[2] for p in r[6]).values(), self.now,
                )
                for i, r in enumerate(results)
            ),
        )  # fmt: skip
        pillar_rows = [
            (first + i, pillar_id, points, level)
            for i, result in enumerate(results)
            for pillar_id, points, level in result[6]
        ]
        pillar_first = _reserve_ids(PillarResult, len(pillar_rows))
        self.counts.pillar_results += _insert(
            PillarResult,
            ["id", "result_id", "pillar_id", "points", "level"],
            ((pillar_first + k, *row) for k, row in enumerate(pillar_rows)),
        )
        if self.certification is not None:
            self._certificates(appraised)

    def _columns(self, state: str) -> dict[str, int]:
        """{column: answered} of the columns a year's assessment in ``state`` has results for."""
        rng = self.rng
        columns = {"self": 60 if state != "draft" else rng.choice((0, 12, 30, 45, 58, 60))}
        if state in REVIEWED | {"consultant_assessing"} and rng.random() < 0.3:
            columns["consultant"] = 60 if state != "consultant_assessing" else rng.randint(1, 60)
        if state in REVIEWED and rng.random() < 0.88:
            columns["province"] = 60 if state != "province_review" else rng.randint(1, 60)
        if state in {"ministry_appraisal", "appraised"} and rng.random() < 0.92:
            columns["ministry"] = 60 if state == "appraised" else rng.randint(1, 60)
        return columns

    def _certificates(self, appraised) -> None:
        rng, today = self.rng, self.today
        authority, signer, province_names, sequences = self.certification
        validity = datetime.timedelta(days=settings.DBI_CERTIFICATE_VALIDITY_DAYS)
        framework = self.catalog.framework
        pillar_names = {p.pk: p for p in framework.pillars.all()}
        objs = []
        for assessment_id, enterprise, period, total, level, pillars in appraised:
            if rng.random() > 0.8:
                continue
            issued = datetime.date(period + 1, rng.randint(1, 6), rng.randint(1, 28))
            if issued > today:
                issued = today - datetime.timedelta(days=rng.randint(0, 60))
            year = issued.year
            sequences[year] = sequences.get(year, 0) + 1
            valid_until = issued + validity
            status, ended, revoked = Certificate.Status.VALID, None, {}
            if valid_until < today:
                status, ended = Certificate.Status.EXPIRED, self.now
            elif rng.random() < 0.02:
                status = Certificate.Status.REVOKED
                revoked = {
                    "revoked_at": self.now,
                    "revoked_by_id": self.user.pk,
                    "revocation_reason": "Dữ liệu quy mô: thu hồi mẫu",
                }
            name_vi, name_en = self.catalog.level_names.get(level, (str(level), ""))
            objs.append(
                Certificate(
                    assessment_id=assessment_id,
                    enterprise_id=enterprise.pk,
                    number=f"DBI-{year}-{sequences[year]:06d}",
                    year=year,
                    sequence=sequences[year],
                    enterprise_name=enterprise.name_vi,
                    tax_code=enterprise.tax_code,
                    province_name=province_names[enterprise.province_id],
                    framework_code=framework.code,
                    framework_name_vi=framework.name_vi,
                    framework_name_en=framework.name_en,
                    decision_vi=framework.decision_vi,
                    decision_en=framework.decision_en,
                    period=period,
                    overall_level=level,
                    level_name_vi=name_vi,
                    level_name_en=name_en,
                    total_points=total,
                    max_points=framework.max_points,
                    pillars=[
                        {
                            "code": pillar_names[pid].code,
                            "name_vi": pillar_names[pid].name_vi,
                            "name_en": pillar_names[pid].name_en,
                            "level": plevel,
                            "points": points,
                            "max_points": pillar_names[pid].max_points,
                        }
                        for pid, points, plevel in pillars
                    ],
                    issued_on=issued,
                    valid_until=valid_until,
                    authority=authority,
                    authority_name_vi=authority.name_vi,
                    authority_name_en=authority.name_en,
                    signer=signer,
                    signer_name=signer.full_name,
                    signer_title=signer.title,
                    issued_by_id=self.user.pk,
                    status=status,
                    ended_at=ended,
                    **revoked,
                )
            )
        if not objs:
            return
        first = _reserve_ids(Certificate, len(objs))
        for i, obj in enumerate(objs):
            obj.pk = first + i
            obj.verification_code = verification_code(obj)
        columns, rows = _instance_rows(objs, self.now)
        self.counts.certificates += _insert(Certificate, columns, rows)


def _certification_setup(user, today):
    """The ministry and a signer for the seeded certificates, the province names they state
    and the last number given per year (None when no ministry name is on record)."""
    authority = authority_on(day=today)
    if authority is None:
        return None
    signer = Signer.objects.filter(full_name=SEED_SIGNER_NAME).first() or Signer.objects.create(
        full_name=SEED_SIGNER_NAME,
        title="Thứ trưởng (dữ liệu quy mô)",
        valid_from=datetime.date(2021, 1, 1),
    )
    sequences = dict(
        Certificate.objects.values("year")
        .annotate(last=models.Max("sequence"))
        .values_list("year", "last")
    )
    names = dict(Province.objects.values_list("pk", "name"))
    return authority, signer, names, sequences


def scale_seed(
    *,
    enterprises: int,
    years: int,
    seed: int = 2025,
    force: bool = False,
    last_year: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedOutcome:
    """Generate ``enterprises`` enterprises spread over the provinces and, for each of the
    ``years`` years up to ``last_year`` (this year by default), one assessment in a realistic
    state with the column results that state implies (and certificates for most appraised ones).

    Deterministic for a given ``seed``. Refuses a database that already holds seeded data, or
    other enterprises unless ``force``. Each chunk of enterprises is its own transaction (the
    foreign-key checks of millions of rows would otherwise all wait for one commit); after a
    failure ``scale_seed_clear`` removes what went in.
    """
    if _seed_enterprises().exists():
        raise refuse(ALREADY_SEEDED)
    if not force and Enterprise.objects.exists():
        raise refuse(NOT_SEED_DATA)
    catalog = _catalog()
    provinces = list(Province.objects.order_by("code"))
    if not provinces:
        raise refuse(NO_PLACES)
    rng = random.Random(seed)  # noqa: S311 — made-up data, reproducible by seed
    today = timezone.localdate()
    now = timezone.now()
    last_year = last_year or today.year
    periods = tuple(range(last_year - years + 1, last_year + 1))
    user, _created = User.objects.get_or_create(
        email=SEED_USER_EMAIL, defaults={"full_name": "Dữ liệu quy mô", "is_active": False}
    )
    wards_of: dict[int, list[int]] = {}
    for ward_id, province_id in Ward.objects.values_list("pk", "province_id"):
        wards_of.setdefault(province_id, []).append(ward_id)
    pick_province = _weighted(
        rng, {p: BIG_PROVINCES.get(p.code, rng.uniform(0.6, 1.6)) for p in provinces}
    )
    places = (wards_of, pick_province)
    writer = _YearWriter(
        catalog=catalog,
        rng=rng,
        user=user,
        periods=periods,
        today=today,
        now=now,
        certification=_certification_setup(user, today),
    )
    tax_codes = _valid_tax_codes(800_000_000)
    done = 0
    while done < enterprises:
        count = min(CHUNK, enterprises - done)
        objs = _enterprise_batch(rng, done + 1, count, places, tax_codes, now)
        with transaction.atomic():
            first = _reserve_ids(Enterprise, count)
            for i, obj in enumerate(objs):
                obj.pk = first + i
            columns, rows = _instance_rows(objs, now)
            _insert(Enterprise, columns, rows)
            writer.write([(obj.pk, obj) for obj in objs])
        done += count
        if progress:
            progress(f"{done}/{enterprises}")
    if writer.certification is not None:
        sequences = writer.certification[3]
        for year, last in sequences.items():
            CertificateSequence.objects.update_or_create(year=year, defaults={"last": last})
    _analyze()
    counts = writer.counts
    return SeedOutcome(
        enterprises=enterprises,
        assessments=counts.assessments,
        column_results=counts.column_results,
        pillar_results=counts.pillar_results,
        certificates=counts.certificates,
        periods=periods,
    )


def _analyze() -> None:
    """Fresh planner statistics and visibility maps after a bulk load (PostgreSQL only; VACUUM
    lets the dashboards' covering indexes answer without visiting the table)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (Enterprise, Assessment, ColumnResult, PillarResult, Certificate):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def scale_seed_clear() -> int:
    """Delete the seeded enterprises and everything hanging from them (results, ratings,
    figures, survey answers, history, certificates); returns how many enterprises went. Other
    data is left alone."""
    enterprise_ids = _seed_enterprises().values("pk")
    assessment_ids = Assessment.objects.filter(enterprise__in=enterprise_ids).values("pk")
    result_ids = ColumnResult.objects.filter(assessment__in=assessment_ids).values("pk")
    certificate_ids = Certificate.objects.filter(enterprise__in=enterprise_ids).values("pk")
    # Raw deletes: the seeded rows have no signals or files, and Django's collector would load
    # millions of rows into memory.
    for queryset in (
        PillarResult.objects.filter(result__in=result_ids),
        SubIndexResult.objects.filter(result__in=result_ids),
        ColumnResult.objects.filter(assessment__in=assessment_ids),
        Rating.objects.filter(assessment__in=assessment_ids),
        Figure.objects.filter(assessment__in=assessment_ids),
        SurveyAnswer.objects.filter(assessment__in=assessment_ids),
        NeedAnswer.objects.filter(assessment__in=assessment_ids),
        AuditEntry.objects.filter(assessment__in=assessment_ids),
        CertificateEvent.objects.filter(certificate__in=certificate_ids),
        Certificate.objects.filter(pk__in=certificate_ids),
        Assessment.objects.filter(pk__in=assessment_ids),
    ):
        queryset._raw_delete(queryset.db)
    queryset = _seed_enterprises()
    deleted = queryset._raw_delete(queryset.db)
    Signer.objects.filter(full_name=SEED_SIGNER_NAME, certificates__isnull=True).delete()
    return deleted
