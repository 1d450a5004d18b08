"""CLMS service key → RS256 JWT → bearer token, refresh rules, CDSE password grant, secrecy."""

from __future__ import annotations

import json
import logging

import pytest
from _download_stub import ClmsStub, make_service_key

from clms_toolbox.clms_plugin.catalog import auth


@pytest.fixture
def stub(clms_api_dir):
    with ClmsStub(clms_api_dir) as srv:
        yield srv


class Clock:
    def __init__(self):
        import time

        self.now = time.time()

    def __call__(self):
        return self.now


def test_token_exchange_verified_by_public_key(stub):
    key = auth.ServiceKey.from_json(json.dumps(stub.new_key()))
    client = auth.ClmsAuth(key)
    resp = client.request("GET", stub.api_url + "/@format_conversion_table")
    assert resp.status_code == 200 and resp.json()["Netcdf"]["Geotiff"] is True
    assert stub.token_errors == [] and len(stub.issued) == 1
    token_calls = [r for r in stub.requests if r["path"] == "/@@oauth2-token"]
    assert token_calls and token_calls[0]["auth"] is None  # never an Authorization header
    assert stub.requests[-1]["auth"] == f"Bearer {stub.issued[0]}"


def test_jwt_claims_follow_the_server_rules(stub):
    import jwt

    key = auth.ServiceKey.from_json(stub.new_key())
    token = auth.make_jwt(key, now=1_700_000_000)
    claims = jwt.decode(token, stub.public_key_pem, algorithms=["RS256"],
                        audience=key.token_uri, options={"verify_exp": False})
    assert claims == {"iss": key.client_id, "sub": key.user_id, "aud": key.token_uri,
                      "iat": 1_700_000_000, "exp": 1_700_003_600}
    assert jwt.get_unverified_header(token)["alg"] == "RS256"


def test_401_invalid_token_refreshes_and_resends_once(stub):
    client = auth.ClmsAuth(auth.ServiceKey.from_json(stub.new_key()))
    client.token()
    stub.expire_next = 1  # the server considers the current token expired
    resp = client.request("GET", stub.api_url + "/@projections", params={"uid": "x"})
    assert resp.status_code == 200 and resp.json()[0] == "EPSG:4326"
    calls = [r for r in stub.requests if r["path"] == "/api/@projections"]
    assert len(calls) == 2 and calls[0]["auth"] != calls[1]["auth"]
    assert len(stub.issued) == 2
    stub.expire_next = 2  # refreshed token refused too: re-sent once only, 401 surfaces
    resp = client.request("GET", stub.api_url + "/@projections")
    assert resp.status_code == 401
    assert len([r for r in stub.requests if r["path"] == "/api/@projections"]) == 4


def test_refresh_five_minutes_before_expiry(stub):
    clock = Clock()
    client = auth.ClmsAuth(auth.ServiceKey.from_json(stub.new_key()), clock=clock)
    first = client.token()
    clock.now += 3600 - 301
    assert client.token() == first
    clock.now += 2  # now inside the 5-minute margin
    second = client.token()
    assert second != first and client.refresh_count == 2


def test_wrong_key_is_refused_without_leaking(stub, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    stub.new_key()
    other, _ = make_service_key(stub.token_uri)  # a key the server does not know
    client = auth.ClmsAuth(auth.ServiceKey.from_json(other))
    with pytest.raises(auth.AuthError) as err:
        client.token()
    text = str(err.value) + repr(client) + repr(auth.ServiceKey.from_json(other))
    assert "invalid_grant" not in text or "JWT invalid" in text
    assert "PRIVATE KEY" not in text and other["private_key"][40:80] not in text
    out = capsys.readouterr()
    assert "PRIVATE KEY" not in out.out + out.err + caplog.text


def test_service_key_validation_messages():
    with pytest.raises(auth.AuthError, match="not valid JSON"):
        auth.ServiceKey.from_json("{nope")
    with pytest.raises(auth.AuthError, match="lacks: token_uri, private_key"):
        auth.ServiceKey.from_json({"client_id": "a", "user_id": "b"})
    with pytest.raises(auth.AuthError, match="not a PEM"):
        auth.ServiceKey.from_json({"client_id": "a", "user_id": "b", "token_uri": "u",
                                   "private_key": "secret-value"})


def test_cdse_password_grant(stub):
    user, password = stub.cdse_user
    cdse = auth.CdseAuth(user, password, token_url=stub.url + "/cdse-token")
    resp = cdse.request("GET", stub.api_url + "/@projections")
    assert resp.status_code == 200
    assert password not in repr(cdse)
    bad = auth.CdseAuth(user, "wrong", token_url=stub.url + "/cdse-token")
    with pytest.raises(auth.AuthError, match="Invalid user credentials") as err:
        bad.token()
    assert "wrong" not in str(err.value)
