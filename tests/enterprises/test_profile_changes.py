"""enterprises.profile_changes: the apps above follow a profile change, each once, in the
caller's transaction (the column results' part is in tests/reports/test_denormalized.py)."""

from assessments.column_results import column_results_follow_enterprises
from enterprises import profile_changes


def test_the_assessments_app_follows_profile_changes():
    assert column_results_follow_enterprises in profile_changes._followers


def test_a_follower_registered_twice_is_called_once(monkeypatch):
    monkeypatch.setattr(profile_changes, "_followers", [])
    calls = []

    def follower(*, enterprise_ids):
        calls.append(enterprise_ids)

    profile_changes.profile_follower_register(follower)
    profile_changes.profile_follower_register(follower)
    profile_changes.enterprises_profile_changed(enterprise_ids=(3, 5))
    assert calls == [[3, 5]]


def test_no_enterprise_changed_calls_no_follower(monkeypatch):
    calls = []
    monkeypatch.setattr(profile_changes, "_followers", [lambda **kw: calls.append(kw)])
    profile_changes.enterprises_profile_changed(enterprise_ids=[])
    assert calls == []
