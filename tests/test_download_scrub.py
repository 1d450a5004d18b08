"""Credentials never reach the queue state or the screen: the scrubber on real error shapes."""

from __future__ import annotations

import pytest

from clms_toolbox.clms_plugin.download.scrub import REMOVED, scrub

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl"


@pytest.mark.parametrize("text, secret", [
    ("GET /x HTTP/1.1\nAuthorization: Bearer s3cr3t-token-value\nHost: a", "s3cr3t-token-value"),
    ("proxy said: Proxy-Authorization: Basic dXNlcjpwYXNzd29yZA== Host: x", "dXNlcjpwYXNz"),
    ('{"error": "bad", "access_token": "abc.def.ghi-123"}', "abc.def.ghi-123"),
    ("{'refresh_token': 'r-123456789'}", "r-123456789"),
    ("redirected to https://h/x.zip?X-Amz-Signature=deadbeef00&X-Amz-Credential=AK%2F1",
     "deadbeef00"),
    ("https://h/x?token=tok_987654321&format=zip", "tok_987654321"),
    ("https://h/x?apikey=K-1234&x=1", "K-1234"),
    (f"token in text {JWT} here", JWT),
    ('{"private_key": "-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----"}',
     "MIIEow"),
    ("-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----", "MIIEvQ"),
    ("x-api-key: 0123456789abcdef given", "0123456789abcdef"),
    ("S3 key AKIAABCDEFGHIJKLMNOP refused", "AKIAABCDEFGHIJKLMNOP"),
    ("flattened page: GET /x Authorization: Bearer zzzzzzzzzzzzzzzzz Host: 127.0.0.1",
     "zzzzzzzzzzzzzzzzz"),
])
def test_secrets_are_removed(text, secret):
    out = scrub(text)
    assert secret not in out
    assert REMOVED in out


@pytest.mark.parametrize("text", [
    "HTTP 404: There is no content between the selected dates",
    "Bearer error=invalid_token",
    "Basic authentication required",
    "the server announces 12874380 bytes, the request result 12874381",
])
def test_ordinary_messages_are_kept(text):
    assert scrub(text) == text


def test_data_request_refusals_and_task_messages_are_scrubbed():
    from clms_toolbox.clms_plugin.download import datarequest

    refused = datarequest.DataRequestRefused(f"invalid token {JWT} for user", 401)
    assert JWT not in str(refused) and "invalid token" in str(refused)
    status = datarequest.TaskStatus.from_json("7", {
        "Status": "Finished_nok",
        "Message": "FME call failed: https://fme/x?token=fme-secret-123&x=1"})
    assert "fme-secret-123" not in status.message and "FME call failed" in status.message
