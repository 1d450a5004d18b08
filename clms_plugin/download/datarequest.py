"""CLMS data requests: build, validate as the server would, post, poll, cancel (QGIS-free).

Why validate locally: the server's refusals arrive one at a time and only after a round trip
(clms_api.md §1.7); users deserve all problems at once, before anything is queued. The rules
are the server's (clms.downloadtool ``post.py``/``validation.py``): ≤ 5 items, the format
conversion table, the projection list, a mandatory ``OutputGCS``, a mandatory time filter and
its day limit for time series, bounding boxes sent as ``[W, N, E, S]``. When the server still
refuses, its ``msg`` is raised verbatim in :class:`DataRequestRefused`.

Polling (§1.8–1.9): ``@datarequest_status_get`` with back-off until ``Finished_ok`` /
``Finished_nok`` / ``Rejected`` / ``Cancelled``; CDSE-backed datasets get no ``TaskID`` in the
POST answer, their parent task is found later in ``@datarequest_search``. Download links expire
(72 h documented, sometimes sooner): the expiry is computed from ``FinalizationDateTime``.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog.auth import ClmsAuth, raise_for_status
from ..catalog.errors import CatalogHTTPError, server_message_from
from .request_rules import (  # the rules live there; these names stay importable here
    AREA_LIMIT,
    DEFAULT_PROJECTIONS,
    LINK_LIFETIME,
    MAX_ITEMS,
    STATUSES,
    TERMINAL,
    CustomExtraction,
    DataRequestError,
    DataRequestRefused,
    DatasetRules,
    Entry,
    PrepackagedFile,
    ValidationError,
    _normalise_table,
    bbox_wnes,
    server_area,
    server_projection,
    to_epoch_ms,
    validate,
)
from .scrub import scrub


# ------------------------------------------------------------------------------------------
# Task status
# ------------------------------------------------------------------------------------------
@dataclass
class TaskStatus:
    task_id: str
    status: str
    message: str = ""
    download_url: str | None = None
    file_size: int | None = None
    registered: dt.datetime | None = None
    finalized: dt.datetime | None = None
    datasets: list[dict[str, Any]] = field(default_factory=list)
    cdse_role: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL

    @property
    def link_expires(self) -> dt.datetime | None:
        """When the download link stops working (72 h after finalisation, as documented)."""
        return self.finalized + LINK_LIFETIME if self.finalized else None

    def link_expired(self, now: dt.datetime | None = None) -> bool:
        exp = self.link_expires
        return bool(exp and (now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)) >= exp)

    @classmethod
    def from_json(cls, task_id: str, data: dict[str, Any]) -> TaskStatus:
        size = data.get("FileSize")
        return cls(
            task_id=str(task_id), status=str(data.get("Status", "")),
            message=scrub(str(data.get("Message") or "")),
            download_url=data.get("DownloadURL") or None,
            file_size=int(size) if isinstance(size, (int, float, str)) and str(size).isdigit()
            else None,
            registered=_parse_time(data.get("RegistrationDateTime")),
            finalized=_parse_time(data.get("FinalizationDateTime")),
            datasets=list(data.get("Datasets") or []),
            cdse_role=data.get("cdse_task_role"), raw=data)


def _parse_time(value: Any) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:  # naive UTC throughout
        parsed = parsed.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return parsed


# ------------------------------------------------------------------------------------------
# Client
# ------------------------------------------------------------------------------------------
class DataRequestClient:
    """Calls ``@datarequest_*`` with a :class:`ClmsAuth` (token refresh included)."""

    def __init__(self, api_url: str, auth: ClmsAuth) -> None:
        self.api_url = api_url.rstrip("/")
        self.auth = auth

    def _url(self, endpoint: str) -> str:
        return f"{self.api_url}/{endpoint}"

    def _json(self, method: str, endpoint: str, **kw: Any) -> Any:
        resp = self.auth.request(method, self._url(endpoint), **kw)
        if resp.status_code >= 400:
            message = server_message_from(resp.content, resp.headers.get("Content-Type", ""))
            raise DataRequestRefused(message or f"HTTP {resp.status_code}", resp.status_code)
        if resp.status_code == 204 or not resp.content:
            return None
        return resp.json()

    def conversion_table(self) -> dict[str, Any]:
        return self._json("GET", "@format_conversion_table")

    def projections(self, uid: str) -> list[str]:
        return list(self._json("GET", "@projections", params={"uid": uid}))

    def post(self, entries: Sequence[Entry], rules: dict[str, DatasetRules] | None = None,
             conversion_table: dict[str, Any] | None = None, *, check: bool = True
             ) -> list[str]:
        """Validate (unless ``check=False``) then post; return the TaskIDs.

        The list is empty for CDSE-backed datasets: use :meth:`find_cdse_parent`.
        """
        if check:
            problems = validate(entries, rules or {}, conversion_table)
            if problems:
                raise ValidationError(problems)
        data = self._json("POST", "@datarequest_post",
                          json={"Datasets": [e.to_json() for e in entries]})
        data = data or {}
        errors = data.get("ErrorTaskIds") or []
        ids = [str(t.get("TaskID")) for t in data.get("TaskIds") or [] if t.get("TaskID")]
        if errors and not ids:
            raise DataRequestRefused(f"the server could not create the task(s): {errors}")
        return ids

    def status(self, task_id: str) -> TaskStatus:
        data = self._json("GET", "@datarequest_status_get", params={"TaskID": task_id})
        return TaskStatus.from_json(task_id, data)

    def search(self, status: str | None = None) -> dict[str, TaskStatus]:
        """All of the user's tasks (optionally one status), child CDSE tasks hidden."""
        params = {"status": status} if status else None
        data = self._json("GET", "@datarequest_search", params=params) or {}
        tasks = {str(k): TaskStatus.from_json(k, v) for k, v in data.items()
                 if isinstance(v, dict)}
        return {k: t for k, t in tasks.items() if t.cdse_role != "child"}

    def find_cdse_parent(self, dataset_uids: Iterable[str], since: dt.datetime,
                         known: Iterable[str] = ()) -> TaskStatus | None:
        """The parent task of a CDSE-backed request posted at ``since`` (naive UTC).

        It is not in the POST answer: it appears asynchronously in ``@datarequest_search``.
        """
        uids = set(dataset_uids)
        skip = set(known)
        best: TaskStatus | None = None
        for task in self.search().values():
            if task.task_id in skip or task.cdse_role not in (None, "parent"):
                continue
            if task.registered is not None and task.registered < since - dt.timedelta(minutes=1):
                continue
            if not uids & {str(d.get("DatasetID")) for d in task.datasets}:
                continue
            if best is None or (task.registered or since) > (best.registered or since):
                best = task
        return best

    def cancel(self, task_id: str) -> None:
        """Cancel through ``@datarequest_delete`` (204); the server's refusal is re-raised."""
        try:
            self._json("DELETE", "@datarequest_delete", json={"TaskID": int(task_id)
                                                              if str(task_id).isdigit()
                                                              else task_id})
        except CatalogHTTPError as exc:  # pragma: no cover - _json raises Refused already
            raise DataRequestRefused(exc.server_message, exc.status) from None

    def poll(self, task_id: str, *, interval: float = 15.0, max_interval: float = 120.0,
             factor: float = 1.5, timeout: float | None = None,
             sleep: Callable[[float], None] = time.sleep,
             on_status: Callable[[TaskStatus], None] | None = None,
             is_canceled: Callable[[], bool] | None = None) -> TaskStatus:
        """Poll until a terminal status; back-off ``interval × factor^n`` up to ``max_interval``."""
        waited = 0.0
        delay = interval
        while True:
            status = self.status(task_id)
            if on_status is not None:
                on_status(status)
            if status.is_terminal:
                return status
            if is_canceled is not None and is_canceled():
                return status
            if timeout is not None and waited >= timeout:
                raise DataRequestError(f"task {task_id} still '{status.status}' after "
                                       f"{waited:.0f} s")
            sleep(delay)
            waited += delay
            delay = min(delay * factor, max_interval)


__all__ = [
    "CustomExtraction", "DataRequestClient", "DataRequestRefused", "DatasetRules",
    "PrepackagedFile", "TaskStatus", "ValidationError", "bbox_wnes", "raise_for_status",
    "validate",
]


__all__ = [
    "AREA_LIMIT",
    "DEFAULT_PROJECTIONS",
    "LINK_LIFETIME",
    "MAX_ITEMS",
    "STATUSES",
    "TERMINAL",
    "CustomExtraction",
    "DataRequestError",
    "DataRequestRefused",
    "DatasetRules",
    "Entry",
    "PrepackagedFile",
    "ValidationError",
    "_normalise_table",
    "bbox_wnes",
    "server_area",
    "server_projection",
    "to_epoch_ms",
    "validate",
    "DataRequestClient",
    "TaskStatus",
]
