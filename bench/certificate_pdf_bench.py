"""Timings of the PDF renderers in a warm process (a measurement, never a test).

Run: .venv/bin/python bench/certificate_pdf_bench.py [N]   (N certificates, default 100)
No database: the facts are built in code from the SME framework fixture. Prints median and p95
per certificate (Vietnamese, English, a 200-character name) and per assessment report, and the
certificate throughput of this one process.
"""

import datetime
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")

import django

django.setup()

from assessments.catalog import fixture_path, read_definition  # noqa: E402
from certification.facts import CertificateFacts, PillarLevel  # noqa: E402
from certification.pdf import certificate_pdf  # noqa: E402
from reports.assessment_report.facts import report_facts_from  # noqa: E402
from reports.assessment_report.pdf import report_pdf  # noqa: E402

NAME = "Công ty TNHH Thương mại Đồng Tháp Ánh Dương"


def timed(label: str, func, runs: int) -> list[float]:
    func()  # warm up: fonts, stylesheets and templates are loaded once per thread
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    print(
        f"{label:<44} runs {runs:4d}   median {statistics.median(samples):7.1f} ms"
        f"   p95 {p95:7.1f} ms"
    )
    return samples


def certificate_facts(definition: dict, number: int) -> CertificateFacts:
    rng = random.Random(number)
    levels = [rng.randint(2, 5) for _ in definition["pillars"]]
    return CertificateFacts(
        number=f"DBI-2026-{number:06d}",
        enterprise_name=f"{NAME} {number}",
        tax_code="0312345675",
        province_name="Đồng Tháp",
        framework_name_vi=definition["name_vi"],
        framework_name_en=definition["name_en"],
        decision_vi=definition["decision_vi"],
        decision_en=definition["decision_en"],
        period=2026,
        overall_level=min(levels),
        level_name_vi="Hình thành",
        level_name_en="Forming",
        total_points=sum(levels) * 10,
        max_points=320,
        pillars=tuple(
            PillarLevel(p["code"], p["name_vi"], p["name_en"], level)
            for p, level in zip(definition["pillars"], levels, strict=True)
        ),
        issued_on=datetime.date(2026, 11, 24),
        valid_until=datetime.date(2027, 11, 23),
        authority_name_vi="Bộ Khoa học và Công nghệ",
        authority_name_en="Ministry of Science and Technology",
        signer_name="Nguyễn Thị Ánh Tuyết",
        signer_title="KT. Bộ trưởng\nThứ trưởng",
        verification_code=f"7K3F-9QX2-M4TD-{number:04d}",
        verification_url=f"https://dbi.example.gov.vn/xac-minh/7K3F9QX2M4TD{number:04d}",
    )


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    definition = read_definition(fixture_path("dbi-sme-2021"))
    batch = [certificate_facts(definition, n) for n in range(1, runs + 2)]
    it = iter(batch)
    samples = timed(
        "certificate (vi), a different one each run", lambda: certificate_pdf(next(it)), runs
    )
    print(f"{'':<44} throughput {1000 / statistics.mean(samples):6.1f} certificates/s per process")
    english = batch[0]
    timed("certificate (en)", lambda: certificate_pdf(english, language="en"), max(runs // 4, 5))
    long_name = replace(english, enterprise_name=("Công ty Cổ phần Đồng Tháp Ánh Dương " * 7)[:200])
    timed(
        "certificate (vi), 200-character name",
        lambda: certificate_pdf(long_name),
        max(runs // 4, 5),
    )

    codes = [
        c["code"] for p in definition["pillars"] for s in p["sub_indices"] for c in s["criteria"]
    ]
    rng = random.Random(2021)
    self_column = {c: rng.randint(1, 5) for c in codes}
    ratings = {
        "self": self_column,
        "consultant": {c: max(0, v - rng.randint(0, 1)) for c, v in self_column.items()},
        "province": {c: max(0, v - rng.randint(0, 1)) for c, v in self_column.items()},
        "ministry": {c: max(0, v - rng.randint(0, 2)) for c, v in self_column.items()},
    }
    facts = report_facts_from(
        definition=definition,
        ratings=ratings,
        enterprise_name=NAME,
        tax_code="0312345675",
        province_name="Đồng Tháp",
        period=2026,
        generated_on=datetime.date(2026, 11, 24),
        authority_name_vi="Bộ Khoa học và Công nghệ",
        authority_name_en="Ministry of Science and Technology",
    )
    report_runs = max(runs // 10, 5)
    timed("assessment report (vi, 5 pages)", lambda: report_pdf(facts), report_runs)
    timed(
        "report facts (score 4 columns, gap, steps)",
        lambda: report_facts_from(
            definition=definition,
            ratings=ratings,
            enterprise_name=NAME,
            tax_code="0312345675",
            province_name="Đồng Tháp",
            period=2026,
            generated_on=datetime.date(2026, 11, 24),
        ),
        report_runs,
    )


if __name__ == "__main__":
    main()
