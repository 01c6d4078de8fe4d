"""Checks a questionnaire version file (fixtures/questionnaires/<framework>/<label>.json) against
the format described in the team's FORMAT.md, using only the standard library:

- one question per criterion of the framework, in the framework's criterion order;
- kinds, options (non-empty for descriptors/scale, empty for figures), option levels within the
  framework's scale, a mapping note whenever the option levels are not exactly 0, 1, …, 5;
- figures questions: numerator and denominator are keys of ``figures``, thresholds for levels 1..5
  with integer ``min_percent`` 0..100, non-decreasing, and a threshold note;
- figure keys, units, own keys named ``c<code>_num``/``c<code>_den`` and used by their question;
- every non-empty ``*_vi`` has a non-empty ``*_en`` (and no ``*_en`` without its ``*_vi``), except
  ``published_text_vi``, which quotes the Vietnamese table and has no English field in the format;
- every text is NFC; the survey (scale 1..5, barriers, perception groups, support needs).

With the national form's seed (``--seed``), it also counts how many of the seed's texts appear word
for word where the file should carry them, and lists those that do not, with the reason.

    python scripts/check_questionnaire_file.py [FILE] [--framework FILE] [--seed FILE]

Exit status 0 when the file passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "fixtures" / "questionnaires" / "dbi-sme-2021" / "official-2021.json"
DEFAULT_SEED = Path("/work/shared/seeds/official-questionnaire-sme-2021.json")

KINDS = {"descriptors", "scale", "figures"}
UNITS = {"count", "vnd"}
KEY_RE = re.compile(r"^[a-z0-9_]+$")
OWN_KEY_RE = re.compile(r"^c(\d+(?:_\d+)*)_(num|den)$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# Vietnamese-only by the format: a quotation of the published Vietnamese table (its English reader
# gets correction_note_en instead).
VI_ONLY = {"published_text_vi"}

# Seed texts the file deliberately does not carry where the seed has them, and why.
KNOWN_DEPARTURES = {
    ("quantity", "4.1.6", 1): (
        "the form's denominator “Tổng đầu tư của doanh nghiệp” has no period; the portal asks the "
        "shared figure spending_last_year (“Tổng kinh phí đầu tư của doanh nghiệp trong năm gần "
        "nhất”, the form's own denominator of 5.2.2) instead, see 4.1.6's mapping note"
    ),
}


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")


def walk_strings(node: Any, path: str = "$") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from walk_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk_strings(value, f"{path}[{i}]")


def walk_dicts(node: Any, path: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from walk_dicts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk_dicts(value, f"{path}[{i}]")


def framework_criteria(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        criterion
        for pillar in framework["pillars"]
        for sub_index in pillar["sub_indices"]
        for criterion in sub_index["criteria"]
    ]


def check_texts(doc: dict[str, Any], report: Report) -> None:
    for path, text in walk_strings(doc):
        if not unicodedata.is_normalized("NFC", text):
            report.error(path, "text is not NFC")
    for path, node in walk_dicts(doc):
        for key, value in node.items():
            if key in VI_ONLY:
                continue
            if key.endswith("_vi") and isinstance(value, str) and value.strip():
                english = node.get(key[:-3] + "_en")
                if not isinstance(english, str) or not english.strip():
                    report.error(f"{path}.{key}", "has no English (*_en empty or missing)")
            if key.endswith("_en") and isinstance(value, str) and value.strip():
                vietnamese = node.get(key[:-3] + "_vi")
                if not isinstance(vietnamese, str) or not vietnamese.strip():
                    report.error(f"{path}.{key}", "English without its Vietnamese")


def check_header(doc: dict[str, Any], framework: dict[str, Any], report: Report) -> None:
    if doc.get("framework") != framework.get("code"):
        report.error("$.framework", f"{doc.get('framework')!r} is not {framework.get('code')!r}")
    if not isinstance(doc.get("label"), str) or not SLUG_RE.match(doc["label"]):
        report.error("$.label", "must be a slug")
    if not isinstance(doc.get("number"), int) or isinstance(doc.get("number"), bool):
        report.error("$.number", "must be an integer")
    elif doc["number"] < 1:
        report.error("$.number", "must be 1 or more")
    if not isinstance(doc.get("current"), bool):
        report.error("$.current", "must be true or false")
    for key in ("name_vi", "name_en", "note_vi", "note_en"):
        if not isinstance(doc.get(key), str) or not doc[key].strip():
            report.error(f"$.{key}", "missing")


def check_figures(doc: dict[str, Any], report: Report) -> dict[str, dict[str, Any]]:
    figures: dict[str, dict[str, Any]] = {}
    for i, figure in enumerate(doc.get("figures", [])):
        where = f"$.figures[{i}]"
        key = figure.get("key")
        if not isinstance(key, str) or not KEY_RE.match(key):
            report.error(where, f"bad key {key!r}")
            continue
        if key in figures:
            report.error(where, f"duplicate key {key}")
        figures[key] = figure
        if figure.get("unit") not in UNITS:
            report.error(where, f"unit {figure.get('unit')!r} not in {sorted(UNITS)}")
        if not isinstance(figure.get("shared"), bool):
            report.error(where, "shared must be true or false")
        if not figure.get("label_vi"):
            report.error(where, "label_vi missing")
        for field in ("period_vi", "period_en", "label_en"):
            if not isinstance(figure.get(field), str):
                report.error(where, f"{field} must be a string")
        own = OWN_KEY_RE.match(key)
        if figure.get("shared") and own:
            report.error(where, f"shared figure {key} is named like an own figure")
        if not figure.get("shared") and not own:
            report.error(where, f"own figure {key} must be named c<code>_num or c<code>_den")
    return figures


def check_questions(
    doc: dict[str, Any],
    framework: dict[str, Any],
    figures: dict[str, dict[str, Any]],
    report: Report,
) -> None:
    criteria = framework_criteria(framework)
    max_level = int(framework.get("max_level", 5))
    full_scale = list(range(max_level + 1))
    questions = doc.get("questions", [])
    codes = [q.get("criterion") for q in questions]
    expected = [c["code"] for c in criteria]
    if codes != expected:
        missing = sorted(set(expected) - set(codes))
        extra = sorted(set(codes) - set(expected))
        report.error(
            "$.questions",
            f"criteria {len(codes)} in file vs {len(expected)} in the framework, or out of order "
            f"(missing {missing}, extra {extra})",
        )
    text_by_code = {c["code"]: c["text_vi"] for c in criteria}
    used: dict[str, list[str]] = {}
    for i, q in enumerate(questions):
        code = q.get("criterion")
        where = f"$.questions[{i}] ({code})"
        kind = q.get("kind")
        if kind not in KINDS:
            report.error(where, f"kind {kind!r} not in {sorted(KINDS)}")
            continue
        options = q.get("options")
        if not isinstance(options, list):
            report.error(where, "options must be a list")
            options = []
        levels = [o.get("level") for o in options]
        for j, option in enumerate(options):
            level = option.get("level")
            if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= max_level:
                report.error(f"{where}.options[{j}]", f"level {level!r} outside 0..{max_level}")
            if not option.get("label_vi"):
                report.error(f"{where}.options[{j}]", "label_vi missing")
        if kind in ("descriptors", "scale"):
            if not options:
                report.error(where, f"{kind} question without options")
            if levels != full_scale and not (q.get("mapping_note_vi") and q.get("mapping_note_en")):
                report.error(
                    where,
                    f"option levels {levels} are not {full_scale} but there is no mapping note",
                )
            if levels and sorted(levels) != levels:
                report.error(where, f"option levels {levels} are not in ascending order")
            if levels and max(levels) != max_level:
                report.error(where, f"the highest level {max_level} cannot be reached")
            for field in ("numerator", "denominator"):
                if q.get(field):
                    report.error(where, f"{field} set on a {kind} question")
            if q.get("thresholds"):
                report.error(where, f"thresholds on a {kind} question")
        if kind == "descriptors":
            if not q.get("gate_vi"):
                report.error(where, "descriptors question without a gate question")
            if options and (options[0].get("level") != 0 or options[0].get("label_vi") != "Không"):
                report.error(where, "the first option must be the gate's “Không” at level 0")
        if kind == "scale" and q.get("gate_vi"):
            report.error(where, "scale question with a gate question")
        if kind == "figures":
            if options:
                report.error(where, "figures question with options")
            if q.get("gate_vi") or q.get("prompt_vi"):
                report.error(where, "figures question with a gate or prompt")
            numerator, denominator = q.get("numerator"), q.get("denominator")
            for field, key in (("numerator", numerator), ("denominator", denominator)):
                if key not in figures:
                    report.error(where, f"{field} {key!r} is not a key of figures")
                else:
                    used.setdefault(key, []).append(code)
            if numerator == denominator:
                report.error(where, "numerator and denominator are the same figure")
            if (
                numerator in figures
                and denominator in figures
                and figures[numerator]["unit"] != figures[denominator]["unit"]
            ):
                report.error(where, "numerator and denominator have different units")
            own = "c" + str(code).replace(".", "_")
            if numerator != own + "_num":
                report.error(where, f"numerator should be the question's own {own}_num")
            if (
                denominator in figures
                and not figures[denominator].get("shared")
                and denominator != own + "_den"
            ):
                report.error(where, f"own denominator should be {own}_den")
            thresholds = q.get("thresholds") or []
            if [t.get("level") for t in thresholds] != list(range(1, max_level + 1)):
                report.error(where, f"thresholds must be for levels 1..{max_level}, in order")
            mins = [t.get("min_percent") for t in thresholds]
            for m in mins:
                if not isinstance(m, int) or isinstance(m, bool) or not 0 <= m <= 100:
                    report.error(where, f"min_percent {m!r} is not an integer 0..100")
            if all(isinstance(m, int) for m in mins) and mins != sorted(mins):
                report.error(where, f"min_percent {mins} is not non-decreasing")
            if not (q.get("threshold_note_vi") and q.get("threshold_note_en")):
                report.error(where, "figures question without a threshold note")
        published = q.get("published_text_vi", "")
        if published:
            if published == text_by_code.get(code):
                report.error(where, "published_text_vi equals the catalog's text")
            if not (q.get("correction_note_vi") and q.get("correction_note_en")):
                report.error(where, "published_text_vi without a correction note")
        elif q.get("correction_note_vi") or q.get("correction_note_en"):
            report.error(where, "correction note without published_text_vi")
    for key, figure in figures.items():
        users = used.get(key, [])
        if not users:
            report.error(f"figure {key}", "is not used by any question")
        elif not figure.get("shared") and len(users) > 1:
            report.error(f"figure {key}", f"own figure used by several questions {users}")


def check_survey(doc: dict[str, Any], report: Report) -> None:
    survey = doc.get("survey") or {}
    scale = survey.get("scale") or []
    if [s.get("value") for s in scale] != [1, 2, 3, 4, 5]:
        report.error("$.survey.scale", "values must be 1..5 in order")
    codes: set[str] = set()
    for i, barrier in enumerate(survey.get("barriers") or []):
        code = barrier.get("code")
        if not code or code in codes or not barrier.get("text_vi"):
            report.error(f"$.survey.barriers[{i}]", "missing or duplicate code, or no text")
        codes.add(code)
    if not survey.get("barriers"):
        report.error("$.survey.barriers", "empty")
    statement_codes: set[str] = set()
    for i, group in enumerate(survey.get("perception_groups") or []):
        where = f"$.survey.perception_groups[{i}]"
        group_code = group.get("code")
        if not group_code or not group.get("name_vi") or not group.get("statements"):
            report.error(where, "needs a code, a name and statements")
            continue
        for j, statement in enumerate(group["statements"], 1):
            code = statement.get("code")
            if code != f"{group_code}.{j}" or code in statement_codes:
                report.error(
                    f"{where}.statements[{j - 1}]", f"code {code!r} should be {group_code}.{j}"
                )
            statement_codes.add(code)
            if not statement.get("text_vi"):
                report.error(f"{where}.statements[{j - 1}]", "no text")
    needs = survey.get("support_needs") or []
    need_codes = [n.get("code") for n in needs]
    if len(set(need_codes)) != len(need_codes) or not all(
        isinstance(c, str) and KEY_RE.match(c) for c in need_codes
    ):
        report.error("$.survey.support_needs", f"codes must be unique snake_case: {need_codes}")
    for i, need in enumerate(needs):
        if not isinstance(need.get("asks_text"), bool):
            report.error(f"$.survey.support_needs[{i}]", "asks_text must be true or false")


def count_verbatim(doc: dict[str, Any], seed: dict[str, Any]) -> list[str]:
    """Print the seed texts found word for word where the file should carry them; return the
    departures that have no known reason (they fail the check)."""
    questions = {q["criterion"]: q for q in doc["questions"]}
    figures = {f["key"]: f for f in doc["figures"]}
    survey = doc["survey"]
    counts: dict[str, list[int]] = {}
    misses: list[tuple[str, str, str, str]] = []  # category, where, text, reason
    unexplained: list[str] = []

    def tally(
        category: str, where: str, text: str, found: bool, known: tuple[str, str, int] | None = None
    ) -> None:
        hit_total = counts.setdefault(category, [0, 0])
        hit_total[1] += 1
        if found:
            hit_total[0] += 1
            return
        reason = KNOWN_DEPARTURES.get(known) if known else None
        if reason is None:
            anywhere = any(text == value for _, value in walk_strings(doc))
            reason = "NOT EXPLAINED" + (
                " (it does appear elsewhere in the file)" if anywhere else ""
            )
            unexplained.append(f"{category} {where}: {text}")
        misses.append((category, where, text, reason))

    for criterion in seed["criteria"]:
        code = criterion["code"]
        q = questions.get(code)
        if q is None:
            unexplained.append(f"criterion {code} missing")
            continue
        if criterion["gate_question"]:
            tally(
                "gate questions",
                code,
                criterion["gate_question"],
                q["gate_vi"] == criterion["gate_question"],
            )
        if criterion["descriptor_prompt"]:
            tally(
                "prompts",
                code,
                criterion["descriptor_prompt"],
                q["prompt_vi"] == criterion["descriptor_prompt"],
            )
        labels = [o["label_vi"] for o in q["options"]]
        if q["kind"] == "descriptors":
            labels = labels[1:]  # after the gate's "Không"
        for i, descriptor in enumerate(criterion["descriptors"]):
            category = "scale options (5.2.4)" if criterion["kind"] == "scale" else "descriptors"
            found = i < len(labels) and labels[i] == descriptor
            tally(category, f"{code} #{i + 1}", descriptor, found)
        terms = [q.get("numerator"), q.get("denominator")]
        for i, quantity in enumerate(criterion["quantities"]):
            figure = figures.get(terms[i]) if i < 2 and terms[i] else None
            found = figure is not None and figure["label_vi"] == quantity["label"]
            tally(
                "quantity labels",
                f"{code} {quantity['role']}",
                quantity["label"],
                found,
                ("quantity", code, i),
            )
        if criterion["kind"] == "quantities" and criterion["period"]:
            figure = figures.get(q.get("numerator") or "")
            found = figure is not None and figure["period_vi"] == criterion["period"]
            tally("periods", code, criterion["period"], found)

    barriers = {b["code"]: b["text_vi"] for b in survey["barriers"]}
    for barrier in seed["barriers"]:
        tally(
            "barriers",
            barrier["code"],
            barrier["text"],
            barriers.get(barrier["code"]) == barrier["text"],
        )
    groups = {g["code"]: g for g in survey["perception_groups"]}
    for group in seed["self_perception"]:
        mine = groups.get(group["code"], {})
        tally(
            "part-B group names",
            group["code"],
            group["short_name"],
            mine.get("name_vi") == group["short_name"],
        )
        tally(
            "part-B group texts",
            group["code"],
            group["group"],
            mine.get("description_vi") == group["group"],
        )
        statements = [s["text_vi"] for s in mine.get("statements", [])]
        for i, item in enumerate(group["items"]):
            found = i < len(statements) and statements[i] == item
            tally("part-B statements", f"{group['code']}.{i + 1}", item, found)
    scale = {s["value"]: s["label_vi"] for s in survey["scale"]}
    for name in ("barrier_scale", "self_perception_scale"):
        for label in seed[name]:
            tally(
                f"scale labels ({name})",
                str(label["value"]),
                label["label"],
                scale.get(label["value"]) == label["label"],
            )
    needs = [n["label_vi"] for n in survey["support_needs"]]
    for i, need in enumerate(seed["support_needs"]):
        tally("support needs", str(i + 1), need, i < len(needs) and needs[i] == need)

    hits = sum(h for h, _ in counts.values())
    total = sum(t for _, t in counts.values())
    print()
    print("Seed texts carried word for word where the file asks them")
    for category, (hit, count) in counts.items():
        print(f"  {category:<36} {hit:>4} / {count}")
    print(f"  {'TOTAL':<36} {hits:>4} / {total}")
    print(
        f"VERBATIM: {hits} of {total} seed texts appear verbatim in the file; "
        f"{total - hits} do not."
    )
    for category, where, text, reason in misses:
        print(f"  not verbatim: [{category}] {where}: “{text}” — {reason}")
    return unexplained


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--framework", type=Path, default=None)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    args = parser.parse_args(argv)

    doc = json.loads(args.file.read_text(encoding="utf-8"))
    framework_path = (
        args.framework or ROOT / "fixtures" / "frameworks" / f"{doc.get('framework')}.json"
    )
    framework = json.loads(framework_path.read_text(encoding="utf-8"))

    report = Report()
    check_header(doc, framework, report)
    check_texts(doc, report)
    figures = check_figures(doc, report)
    check_questions(doc, framework, figures, report)
    check_survey(doc, report)

    kinds: dict[str, int] = {}
    for q in doc.get("questions", []):
        kinds[q.get("kind")] = kinds.get(q.get("kind"), 0) + 1
    print(f"{args.file}: {len(doc.get('questions', []))} questions {kinds}, {len(figures)} figures")

    if args.seed.exists():
        seed = json.loads(args.seed.read_text(encoding="utf-8"))
        for item in count_verbatim(doc, seed):
            report.error("seed", f"seed text not carried and not explained: {item}")
    else:
        print(f"(seed {args.seed} not found: verbatim count skipped)")

    print()
    if report.errors:
        for message in report.errors:
            print("ERROR", message)
        print(f"FAILED: {len(report.errors)} problem(s)")
        return 1
    print("OK: the file matches the format")
    return 0


if __name__ == "__main__":
    sys.exit(main())
