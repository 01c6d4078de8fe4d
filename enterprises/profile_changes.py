"""Who follows a change of an enterprise's profile (province, ward, sector, size class, type).

Apps above this one keep copies of those fields — ``assessments`` keeps them on every column
result, for the dashboards (``assessments/column_results.py``) — and the copies must move in the
same transaction as the change, so that no dashboard ever counts an enterprise in its old group.
This app sits below them and must not import them, so it depends on this small registry instead
(dependency inversion):

* every write of a profile here — ``services.enterprise_update``, the admin's save, an import
  that updates enterprises — calls ``enterprises_profile_changed`` explicitly, after the save and
  inside its transaction;
* a higher app registers its follower once, in its ``AppConfig.ready`` (``assessments``
  registers ``column_results_follow_enterprises``); the followers run synchronously, in the
  caller's transaction, in the order they registered.

Not a model signal on purpose: a ``post_save`` receiver would fire on every save (the size-class
refresh, a bulk path that does not want it, a test factory) and hide from the reader of a service
that more rows are written; here the call is written out at each place that changes a profile.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol


class ProfileFollower(Protocol):
    def __call__(self, *, enterprise_ids: Collection[int]) -> object: ...


_followers: list[ProfileFollower] = []


def profile_follower_register(follower: ProfileFollower) -> None:
    """Have ``follower(enterprise_ids=…)`` called on every profile change (once, however many
    times it is registered)."""
    if follower not in _followers:
        _followers.append(follower)


def enterprises_profile_changed(*, enterprise_ids: Collection[int]) -> None:
    """Tell every follower that these enterprises' profiles were saved. Call it in the
    transaction that saved them, after the save: the followers write in that transaction."""
    ids = list(enterprise_ids)
    if not ids:
        return
    for follower in _followers:
        follower(enterprise_ids=ids)
