"""The private servers really stop and come back with their data (the fault tests rely on it)."""

import subprocess

import pytest
import redis as redis_client

pytestmark = pytest.mark.fault


def test_private_redis_stops_and_comes_back_on_its_port(own_redis):
    client = redis_client.Redis.from_url(own_redis.url)
    assert client.ping()
    own_redis.stop()
    with pytest.raises(redis_client.ConnectionError):
        redis_client.Redis.from_url(own_redis.url).ping()
    own_redis.start()
    assert redis_client.Redis.from_url(own_redis.url).ping()


def psql(postgres, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["psql", postgres.url, "-tAc", sql], capture_output=True, text=True, check=False
    )


def test_private_postgres_stops_and_keeps_its_data(own_postgres):
    assert (
        psql(
            own_postgres, "CREATE TABLE kept (name text); INSERT INTO kept VALUES ('Nguyễn')"
        ).returncode
        == 0
    )
    own_postgres.stop()
    assert psql(own_postgres, "SELECT 1").returncode != 0
    own_postgres.start()
    assert psql(own_postgres, "SELECT name FROM kept").stdout.strip() == "Nguyễn"
