"""The Schemathesis run takes minutes: it is left out of a plain ``pytest`` and runs when asked
for, ``pytest -m schemathesis`` (CI does, .ci/run)."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "schemathesis" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="API fuzzing runs with: pytest -m schemathesis")
    for item in items:
        if item.get_closest_marker("schemathesis"):
            item.add_marker(skip)
