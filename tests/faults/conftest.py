"""Fixtures of the fault suite: private servers that a test may stop and start again."""

import pytest

from .servers import PrivatePostgres, PrivateRedis, private_postgres, private_redis


@pytest.fixture
def own_redis() -> PrivateRedis:
    with private_redis() as redis:
        yield redis


@pytest.fixture
def own_postgres() -> PrivatePostgres:
    with private_postgres() as postgres:
        yield postgres
