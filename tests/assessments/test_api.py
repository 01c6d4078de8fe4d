import json
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def show(client, method, url, **kw):
    with CaptureQueriesContext(connection) as ctx:
        r = getattr(client, method)(url, **kw)
    print("\n###", method, url, r.status_code, len(ctx.captured_queries))
    for q in ctx.captured_queries:
        print("   Q", q["sql"][:100])
    try:
        print(json.dumps(r.json(), ensure_ascii=False)[:1500])
    except Exception:
        print(r.content[:300])
    return r


def test_x(client):
    show(client, "get", "/api/v1/frameworks/")
    show(client, "get", "/api/v1/frameworks/dbi-sme-2021/")
    show(client, "get", "/api/v1/frameworks/nope/")
    show(
        client,
        "post",
        "/api/v1/frameworks/nope/score/",
        data={"levels": {}},
        content_type="application/json",
    )
    u = "/api/v1/frameworks/dbi-sme-2021/score/"
    show(
        client,
        "post",
        u,
        data={"levels": {"1.1.1": 3, "2.1.1": 4, "3.2.1": 5}},
        content_type="application/json",
    )
    show(
        client,
        "post",
        u,
        data={
            "levels": {
                "9.9.9": 1,
                "1.1.1": 6,
                "1.1.2": -1,
                "1.1.3": 2.5,
                "1.1.4": "3",
                "1.1.5": True,
            }
        },
        content_type="application/json",
    )
    show(
        client,
        "post",
        u,
        data={"levels": {"9.9.9": 1, "1.1.6": None}},
        content_type="application/json",
    )
    show(client, "post", u, data="[1,2]", content_type="application/json")
    show(client, "post", u, data="{}", content_type="application/json")
    show(client, "post", u, data='{"levels": [1]}', content_type="application/json")
    show(client, "post", u, data='{"levels": ', content_type="application/json")
    show(
        client,
        "post",
        u,
        data={"levels": {"9.9.9": 1}},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    show(
        client,
        "post",
        u,
        data='{"levels": ',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    show(client, "get", "/")
    show(client, "get", "/?c-1.1.1=3&c-2.1.1=4")
    show(client, "get", "/?c-1.1.1=9")
    r = show(client, "get", "/api/docs/")
    print(r.content.decode())
    r = show(client, "get", "/api/schema/")
    print(r["Content-Type"], r.content[:300])
