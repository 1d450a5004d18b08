"""Remove credentials from text before it is stored in the queue state or shown to the user.

Why: servers echo requests in their error pages (``Authorization: Bearer …`` in a proxy's
diagnostic page, ``?access_token=…`` in a redirect URL, a service key's ``private_key`` in a
JSON validation error). The queue state is a plain JSON file in the QGIS profile and error
texts end up in screenshots and bug reports: no secret may reach either. QGIS-free.
"""

from __future__ import annotations

import re

REMOVED = "[removed]"
# names whose values are secrets wherever they appear (JSON, query strings, headers, forms)
_SECRET_NAMES = (
    r"(?:proxy-)?authorization", r"access[_-]?token", r"refresh[_-]?token", r"id[_-]?token",
    r"token", r"api[_-]?key", r"apikey", r"key", r"secret", r"client[_-]?secret", r"password",
    r"passwd", r"private[_-]?key", r"signature", r"sig", r"x-amz-signature",
    r"x-amz-credential", r"x-amz-security-token", r"session[_-]?token", r"assertion",
)
_NAMES = "|".join(_SECRET_NAMES)
_HEADERS = r"(?:proxy-)?authorization|x-api-key|api[_-]?key|apikey|cookie|set-cookie|" \
    r"x-amz-security-token"
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # PEM blocks (a service key's private_key) first: they span lines
    (re.compile(r"-----BEGIN [A-Z ]+-----.*?(?:-----END [A-Z ]+-----|$)", re.S), REMOVED),
    # header lines: "Authorization: Bearer abc", "X-Api-Key: abc"
    (re.compile(rf"(?im)^(\s*(?:{_NAMES}|{_HEADERS})\s*:\s*).*$"), rf"\g<1>{REMOVED}"),
    # JSON members: "access_token": "abc"  (also single quotes, as Python reprs print them)
    (re.compile(rf"""(?i)(["'](?:{_NAMES})["']\s*:\s*)(["']).*?(?<!\\)\2"""),
     rf"\g<1>\g<2>{REMOVED}\g<2>"),
    # query strings and forms: ?token=abc&x=1
    (re.compile(rf"(?i)(?<![\w-])((?:{_NAMES})=)[^&\s\"'<>]+"), rf"\g<1>{REMOVED}"),
    # schemes anywhere in running text
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/-]{12,}=*"), rf"\g<1> {REMOVED}"),
    (re.compile(r"(?i)\b(basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}=*"),
     rf"\g<1> {REMOVED}"),
    # header-like pairs inside flattened text ("… Authorization: xyz Host: …")
    (re.compile(rf"(?i)(?<![\w-])((?:{_HEADERS})\s*:\s*)(?!\[removed)[^\s,;\"'<>]+"),
     rf"\g<1>{REMOVED}"),
    # bare JWTs (header.payload.signature) and AWS access key ids
    (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*"), REMOVED),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), REMOVED),
)


def scrub(text: str | None) -> str:
    """``text`` with every credential-looking value replaced by ``[removed]``."""
    if not text:
        return ""
    out = str(text)
    for pattern, repl in _PATTERNS:
        out = pattern.sub(repl, out)
    return out
