"""Provinces, wards, the 63 → 34 mapping of 2025 and the authorities (DOMAIN.md §5), as loaded
into the test database by ``divisions_load`` (tests/conftest.py) and by ``load_divisions``."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from enterprises.models import Authority, LegacyProvince, Province, Ward

pytestmark = pytest.mark.django_db

# Resolution 202/2025/QH15 (in force 1 July 2025), written out by hand: the old units each of
# the 23 rearranged provinces and cities was formed from.
MERGERS = {
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Thành phố Hải Phòng": ["Thành phố Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Thành phố Đà Nẵng": ["Thành phố Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Thành phố Hồ Chí Minh": ["Thành phố Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Thành phố Cần Thơ": ["Thành phố Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}
# The 11 units Resolution 202/2025/QH15 left as they were ("các thành phố Hà Nội, Huế và các tỉnh
# Lai Châu, Điện Biên, Sơn La, Lạng Sơn, Quảng Ninh, Thanh Hóa, Nghệ An, Hà Tĩnh, Cao Bằng").
UNCHANGED = {
    # GSO code: name
    1: "Thành phố Hà Nội",
    4: "Cao Bằng",
    11: "Điện Biên",
    12: "Lai Châu",
    14: "Sơn La",
    20: "Lạng Sơn",
    22: "Quảng Ninh",
    38: "Thanh Hóa",
    40: "Nghệ An",
    42: "Hà Tĩnh",
    46: "Thành phố Huế",
}
# The six centrally-run cities (thành phố trực thuộc trung ương) since 1 July 2025.
CITY_CODES = {1, 31, 46, 48, 79, 92}


def counts() -> tuple[int, int, int, int]:
    return (
        Province.objects.count(),
        Ward.objects.count(),
        LegacyProvince.objects.count(),
        Authority.objects.count(),
    )


def department(province: Province) -> Authority:
    return Authority.objects.get(
        kind=Authority.Kind.DEPARTMENT, province=province, valid_until__isnull=True
    )


# --- places --------------------------------------------------------------------------------


def test_there_are_34_provinces_28_provinces_and_6_cities():
    assert Province.objects.count() == 34
    cities = Province.objects.filter(name__startswith="Thành phố ")
    assert set(cities.values_list("code", flat=True)) == CITY_CODES


def test_there_are_3321_wards_of_the_installed_data_version():
    # vietnam-provinces 2025.10.1 (requirements.lock): 3,321 commune-level units.
    assert Ward.objects.count() == 3321


def test_every_province_has_wards():
    assert not Province.objects.filter(wards__isnull=True).exists()


def test_there_are_63_legacy_provinces_each_mapped_to_a_current_one():
    assert LegacyProvince.objects.count() == 63
    assert LegacyProvince.objects.filter(successor__isnull=True).count() == 0
    # Every current province was formed from at least one old one.
    successors = set(LegacyProvince.objects.values_list("successor__code", flat=True))
    assert successors == set(Province.objects.values_list("code", flat=True))


def test_the_resolution_table_accounts_for_all_34_current_provinces():
    old_names = [name for olds in MERGERS.values() for name in olds]
    assert len(old_names) == len(set(old_names)) == 52  # 63 old units − the 11 unchanged
    assert len(MERGERS) == 23  # 19 provinces and 4 cities formed by merging
    current = set(Province.objects.values_list("name", flat=True))
    assert current == set(MERGERS) | set(UNCHANGED.values())


@pytest.mark.parametrize(
    ("old", "new"),
    [(old, new) for new, olds in MERGERS.items() for old in olds],
    ids=lambda value: value,
)
def test_an_old_province_maps_to_the_one_it_merged_into(old, new):
    assert LegacyProvince.objects.get(name=old).successor.name == new


@pytest.mark.parametrize("new", sorted(MERGERS))
def test_a_merged_province_has_exactly_its_old_units(new):
    province = Province.objects.get(name=new)
    assert sorted(province.predecessors.values_list("name", flat=True)) == sorted(MERGERS[new])


@pytest.mark.parametrize(("code", "name"), sorted(UNCHANGED.items()))
def test_an_unchanged_province_maps_to_itself_by_code(code, name):
    legacy = LegacyProvince.objects.get(code=code)
    assert legacy.successor.code == code
    assert legacy.successor.name == name
    assert list(legacy.successor.predecessors.all()) == [legacy]


@pytest.mark.parametrize(("code", "name"), sorted(UNCHANGED.items()))
def test_an_unchanged_province_keeps_its_name(code, name):
    """Resolution 202/2025/QH15 names the 63 units as they were on 30 June 2025; Huế had been
    "thành phố Huế" since 1 January 2025 (Resolution 175/2024/QH15)."""
    assert LegacyProvince.objects.get(code=code).name == name


def test_merged_provinces_can_take_another_units_code():
    """The new Lào Cai has Yên Bái's code 15; the new Bắc Ninh has Bắc Giang's code 24."""
    assert LegacyProvince.objects.get(code=10, name="Lào Cai").successor.code == 15
    assert LegacyProvince.objects.get(code=15, name="Yên Bái").successor.code == 15
    assert LegacyProvince.objects.get(code=27, name="Bắc Ninh").successor.code == 24
    assert LegacyProvince.objects.get(code=24, name="Bắc Giang").successor.code == 24


# --- load_divisions ------------------------------------------------------------------------


def test_load_divisions_twice_adds_nothing_the_second_time():
    first = StringIO()
    call_command("load_divisions", stdout=first)
    after_first = counts()
    second = StringIO()
    call_command("load_divisions", stdout=second)
    assert counts() == after_first == (34, 3321, 63, 36)
    assert second.getvalue().strip() == (
        "Đơn vị hành chính: 34 tỉnh/thành, 0 phường/xã mới, 63 tỉnh cũ, 0 cơ quan mới."
    )


def test_load_divisions_restores_a_deleted_ward_and_reports_it():
    ward = Ward.objects.filter(enterprises__isnull=True).order_by("code").first()
    code, name, province_code = ward.code, ward.name, ward.province.code
    ward.delete()
    out = StringIO()
    call_command("load_divisions", stdout=out)
    restored = Ward.objects.get(code=code)
    assert (restored.name, restored.province.code) == (name, province_code)
    assert "1 phường/xã mới" in out.getvalue()
    assert Ward.objects.count() == 3321


def test_an_administrators_rename_survives_another_load():
    vinh_long = Province.objects.get(code=86)
    renamed = department(vinh_long)
    renamed.name_vi = "Sở Khoa học, Công nghệ và Đổi mới sáng tạo tỉnh Vĩnh Long"
    renamed.save()
    call_command("load_divisions", stdout=StringIO())
    assert department(vinh_long).pk == renamed.pk
    assert department(vinh_long).name_vi == (
        "Sở Khoa học, Công nghệ và Đổi mới sáng tạo tỉnh Vĩnh Long"
    )
    assert Authority.objects.filter(kind="department", province=vinh_long).count() == 1


def test_a_renamed_ministry_survives_another_load():
    ministry = Authority.objects.get(kind=Authority.Kind.MINISTRY, valid_until__isnull=True)
    ministry.name_vi = "Bộ Khoa học, Công nghệ và Đổi mới sáng tạo"
    ministry.save()
    call_command("load_divisions", stdout=StringIO())
    assert Authority.objects.filter(kind=Authority.Kind.MINISTRY).count() == 2
    ministry.refresh_from_db()
    assert ministry.name_vi == "Bộ Khoa học, Công nghệ và Đổi mới sáng tạo"


# --- authorities ---------------------------------------------------------------------------


def test_the_current_ministry_is_science_and_technology():
    (ministry,) = Authority.objects.filter(kind=Authority.Kind.MINISTRY, valid_until__isnull=True)
    assert ministry.name_vi == "Bộ Khoa học và Công nghệ"
    assert ministry.name_en == "Ministry of Science and Technology"
    assert ministry.province is None
    assert ministry.valid_from == datetime.date(2025, 3, 1)


def test_the_ministry_of_information_and_communications_is_history():
    (historic,) = Authority.objects.filter(kind=Authority.Kind.MINISTRY, valid_until__isnull=False)
    assert historic.name_vi == "Bộ Thông tin và Truyền thông"
    assert historic.name_en == "Ministry of Information and Communications"
    assert historic.valid_until == datetime.date(2025, 2, 28)
    assert historic.valid_from < historic.valid_until


def test_each_province_has_one_current_department():
    assert Authority.objects.filter(kind=Authority.Kind.DEPARTMENT).count() == 34
    for province in Province.objects.all():
        current = Authority.objects.filter(
            kind=Authority.Kind.DEPARTMENT, province=province, valid_until__isnull=True
        )
        assert current.count() == 1, province.name
        assert current.get().valid_from == datetime.date(2025, 7, 1)


@pytest.mark.parametrize(
    ("code", "name_vi"),
    [
        (1, "Sở Khoa học và Công nghệ thành phố Hà Nội"),
        (31, "Sở Khoa học và Công nghệ thành phố Hải Phòng"),
        (46, "Sở Khoa học và Công nghệ thành phố Huế"),
        (48, "Sở Khoa học và Công nghệ thành phố Đà Nẵng"),
        (79, "Sở Khoa học và Công nghệ thành phố Hồ Chí Minh"),
        (92, "Sở Khoa học và Công nghệ thành phố Cần Thơ"),
        (86, "Sở Khoa học và Công nghệ tỉnh Vĩnh Long"),
        (15, "Sở Khoa học và Công nghệ tỉnh Lào Cai"),
        (68, "Sở Khoa học và Công nghệ tỉnh Lâm Đồng"),
        (66, "Sở Khoa học và Công nghệ tỉnh Đắk Lắk"),
    ],
)
def test_a_department_is_named_after_its_province(code, name_vi):
    assert department(Province.objects.get(code=code)).name_vi == name_vi


def test_departments_say_thanh_pho_for_the_six_cities_and_tinh_elsewhere():
    for province in Province.objects.all():
        place = province.name.removeprefix("Thành phố ")
        kind = "thành phố" if province.code in CITY_CODES else "tỉnh"
        assert department(province).name_vi == f"Sở Khoa học và Công nghệ {kind} {place}"


# --- constraints ---------------------------------------------------------------------------

# PostgreSQL names a violated unique index; SQLite names its columns.
CURRENT_DEPARTMENT = (
    r"authority_one_current_department_per_province"
    r"|UNIQUE constraint failed: enterprises_authority\.province_id"
)
CURRENT_MINISTRY = (
    r"authority_one_current_ministry|UNIQUE constraint failed: enterprises_authority\.kind"
)


def test_a_second_current_department_for_a_province_is_refused():
    vinh_long = Province.objects.get(code=86)
    with pytest.raises(IntegrityError, match=CURRENT_DEPARTMENT), transaction.atomic():
        Authority.objects.create(
            kind=Authority.Kind.DEPARTMENT,
            province=vinh_long,
            name_vi="Sở Khoa học và Công nghệ tỉnh Vĩnh Long (bản sao)",
            valid_from=datetime.date(2025, 8, 1),
        )


def test_a_former_department_may_sit_beside_the_current_one():
    vinh_long = Province.objects.get(code=86)
    Authority.objects.create(
        kind=Authority.Kind.DEPARTMENT,
        province=vinh_long,
        name_vi="Sở Thông tin và Truyền thông tỉnh Vĩnh Long",
        valid_from=datetime.date(2008, 1, 1),
        valid_until=datetime.date(2025, 2, 28),
    )
    assert Authority.objects.filter(kind="department", province=vinh_long).count() == 2


def test_a_department_without_a_province_is_refused():
    with (
        pytest.raises(IntegrityError, match="authority_department_has_province"),
        transaction.atomic(),
    ):
        Authority.objects.create(
            kind=Authority.Kind.DEPARTMENT,
            province=None,
            name_vi="Sở Khoa học và Công nghệ",
            valid_from=datetime.date(2025, 7, 1),
            valid_until=datetime.date(2025, 12, 31),
        )


def test_a_ministry_with_a_province_is_refused():
    with (
        pytest.raises(IntegrityError, match="authority_department_has_province"),
        transaction.atomic(),
    ):
        Authority.objects.create(
            kind=Authority.Kind.MINISTRY,
            province=Province.objects.get(code=1),
            name_vi="Bộ Khoa học và Công nghệ",
            valid_from=datetime.date(2020, 1, 1),
            valid_until=datetime.date(2020, 12, 31),
        )


def test_a_second_current_ministry_is_refused():
    with pytest.raises(IntegrityError, match=CURRENT_MINISTRY), transaction.atomic():
        Authority.objects.create(
            kind=Authority.Kind.MINISTRY,
            name_vi="Bộ Khoa học và Công nghệ (bản sao)",
            valid_from=datetime.date(2025, 8, 1),
        )


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(IntegrityError, match="authority_valid_period"), transaction.atomic():
        Authority.objects.create(
            kind=Authority.Kind.MINISTRY,
            name_vi="Bộ Bưu chính, Viễn thông",
            valid_from=datetime.date(2007, 8, 5),
            valid_until=datetime.date(2007, 8, 4),
        )


def test_a_one_day_period_is_allowed():
    Authority.objects.create(
        kind=Authority.Kind.MINISTRY,
        name_vi="Bộ Bưu chính, Viễn thông",
        valid_from=datetime.date(2007, 8, 4),
        valid_until=datetime.date(2007, 8, 4),
    )
