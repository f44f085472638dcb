"""The only module that imports ``label_studio_sdk``. Everything goes in and out as plain
dicts, lists and ints; SDK and HTTP errors become :class:`LabelStudioError` (the token is
never part of a message).

Every request goes through :class:`RetryTransport`: a bounded retry with exponential backoff
when the server answers 500, 502, 503 or 504, times out, or drops the connection. Only
requests that are safe to repeat are retried after they reached the server (GET, HEAD,
OPTIONS, PUT, DELETE, and PATCH, which the workbench only uses to set fields to given
values); a POST is retried only when the connection was refused, so nothing is created
twice. When the budget is spent the user gets :class:`ServerUnavailable`, one line naming
the server and what to do."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from workbench.errors import LabelStudioError

T = TypeVar("T")
IMPORT_BATCH = 250
#: Statuses that mean "the server (or a proxy in front of it) is not well right now".
RETRY_STATUSES = frozenset({500, 502, 503, 504})
#: Methods repeated after they reached the server (see the module's docstring).
REPEATABLE = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF = 0.5
DEFAULT_TIMEOUT = 300.0
WORDS = {1: "once", 2: "twice", 3: "three times", 4: "four times", 5: "five times"}


def times(n: int) -> str:
    return WORDS.get(n, f"{n} times")


class ServerUnavailable(LabelStudioError):
    """Label Studio answered 5xx, timed out or could not be reached, every time we asked."""

    def __init__(self, url: str, problem: str, attempts: int, then: str = "try again") -> None:
        self.url, self.problem, self.attempts, self.then = url, problem, attempts, then
        super().__init__(
            f"Label Studio at {url} {problem} {times(attempts)}; check that it is running "
            f"(workbench labelstudio status) and {then}"
        )

    def again(self, then: str) -> ServerUnavailable:
        """The same failure, with the command to run again named."""
        return ServerUnavailable(self.url, self.problem, self.attempts, then)


def _problem(exc: BaseException, timeout: float) -> str:
    import httpx

    if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
        return f"did not answer within {timeout:g} s"
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
        return "could not be reached"
    return f"dropped the connection ({exc.__class__.__name__})"


def _transport_class() -> type:
    import httpx

    class RetryTransport(httpx.HTTPTransport):
        """httpx's transport with a bounded retry and exponential backoff (see the module)."""

        def __init__(
            self,
            *,
            attempts: int = DEFAULT_ATTEMPTS,
            backoff: float = DEFAULT_BACKOFF,
            sleep: Callable[[float], None] = time.sleep,
            **kwargs: Any,
        ) -> None:
            super().__init__(**kwargs)
            self.attempts = max(1, int(attempts))
            self.backoff = max(0.0, float(backoff))
            self._sleep = sleep
            self.last_attempts = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            repeatable = request.method.upper() in REPEATABLE
            attempt = 0
            while True:
                attempt += 1
                self.last_attempts = attempt
                last = attempt >= self.attempts
                try:
                    response = super().handle_request(request)
                    if repeatable and response.status_code not in RETRY_STATUSES:
                        response.read()  # a body cut off mid-way is tried again too
                except (httpx.ConnectError, httpx.ConnectTimeout):
                    if last:
                        raise
                except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError):
                    if last or not repeatable:
                        raise
                else:
                    if response.status_code not in RETRY_STATUSES or last or not repeatable:
                        return response
                    response.close()
                self._sleep(self.backoff * 2 ** (attempt - 1))

    return RetryTransport


def _short(body: Any) -> str:
    text = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False, default=str)
    return text if len(text) <= 300 else text[:300] + "…"


class LSClient:
    """A thin, typed wrapper over the SDK client for what the workbench needs.

    ``attempts`` bounds the tries of one request and ``backoff`` is the first wait between
    them in seconds (doubled each time); ``timeout`` is the seconds one try may take."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff: float = DEFAULT_BACKOFF,
    ) -> None:
        if not url or not token:
            raise LabelStudioError("Label Studio URL and token are both needed")
        import httpx
        from label_studio_sdk import LabelStudio

        self.url = url.rstrip("/")
        self.timeout = float(timeout)
        self._transport = _transport_class()(attempts=attempts, backoff=backoff)
        http = httpx.Client(transport=self._transport, timeout=timeout, follow_redirects=True)
        # The SDK's own retries are switched off: the transport's are bounded and configured.
        self._sdk = LabelStudio(
            base_url=self.url, api_key=token, timeout=timeout, max_retries=0, httpx_client=http
        )

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        import httpx
        from label_studio_sdk.core.api_error import ApiError

        try:
            yield
        except ApiError as exc:
            if exc.status_code in RETRY_STATUSES:
                raise ServerUnavailable(
                    self.url, f"answered {exc.status_code}", self._transport.last_attempts
                ) from None
            raise LabelStudioError(
                f"{action}: HTTP {exc.status_code}: {_short(exc.body)}"
            ) from None
        except httpx.TransportError as exc:
            raise ServerUnavailable(
                self.url, _problem(exc, self.timeout), self._transport.last_attempts
            ) from None
        except httpx.HTTPError as exc:
            raise LabelStudioError(f"{action}: {exc.__class__.__name__}: {exc}") from None

    @property
    def sdk(self) -> Any:
        """The underlying SDK client (tests and benchmarks drive Label Studio with it)."""
        return self._sdk

    def _call(self, action: str, fn: Callable[[], T]) -> T:
        with self._errors(action):
            return fn()

    def _http(self, method: str, path: str, **kwargs: Any) -> Any:
        """A raw request through the SDK's HTTP client (plain JSON, no model parsing)."""
        wrapper = self._sdk._client_wrapper
        with self._errors(f"{method} {path}"):
            resp = wrapper.httpx_client.request(path, method=method, **kwargs)
            if resp.status_code in RETRY_STATUSES:
                raise ServerUnavailable(
                    self.url, f"answered {resp.status_code}", self._transport.last_attempts
                )
            if resp.status_code >= 400:
                raise LabelStudioError(
                    f"{method} {path}: HTTP {resp.status_code}: {_short(resp.text)}"
                )
            return resp.json() if resp.content else None

    # -- identity and users ---------------------------------------------------------------
    def whoami(self) -> dict[str, Any]:
        me = self._call("who am I", self._sdk.users.whoami)
        return {"id": me.id, "email": me.email, "organization": me.active_organization}

    def users(self) -> dict[int, str]:
        """Every user id with its email."""
        found = self._call("list users", self._sdk.users.list)
        return {u.id: (u.email or "") for u in found}

    def create_user(
        self,
        *,
        email: str,
        password: str | None,
        organization: int,
        first_name: str = "",
        last_name: str = "",
    ) -> int:
        user = self._call(
            "create user",
            lambda: self._sdk.users.create(
                username=email,
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                active_organization=organization,
            ),
        )
        return int(user.id)

    def sign_up(self, *, email: str, password: str) -> int:
        """Create an account that can log in with ``password``, through the organization's
        invite link (the API's user creation ignores passwords). Returns the new user's id."""
        import re

        import httpx

        invite = self._http("GET", "api/invite")
        token = str((invite or {}).get("token") or "")
        if not token:
            raise LabelStudioError("sign up: the server gave no invite token")
        path = "/user/signup/"
        with self._errors("sign up"), httpx.Client(base_url=self.url, timeout=60.0) as web:
            form = web.get(path, params={"token": token})
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
            if form.status_code != 200 or not found:
                raise LabelStudioError(f"sign up: no signup form (HTTP {form.status_code})")
            sent = web.post(
                path,
                params={"token": token},
                data={"csrfmiddlewaretoken": found.group(1), "email": email, "password": password},
                headers={"Referer": f"{self.url}{path}"},
            )
        if sent.status_code != 302:
            errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>\s*([^<]+?)\s*<', sent.text)
            reason = "; ".join(dict.fromkeys(errors)) or f"HTTP {sent.status_code}"
            raise LabelStudioError(f"sign up {email}: the server refused: {_short(reason)}")
        for uid, known in self.users().items():
            if known.lower() == email.lower():
                return uid
        raise LabelStudioError(f"sign up {email}: the account does not appear in the user list")

    # -- projects -------------------------------------------------------------------------
    def project_config(self, project_id: int) -> tuple[str, str]:
        """A project's title and labelling config (XML)."""
        project = self._call("read project", lambda: self._sdk.projects.get(id=project_id))
        return str(project.title or ""), str(project.label_config or "")

    def project_exists(self, project_id: int) -> bool:
        from label_studio_sdk.core.api_error import ApiError

        with self._errors(f"read project {project_id}"):
            try:
                self._sdk.projects.get(id=project_id)
            except ApiError as exc:
                if exc.status_code == 404:
                    return False
                raise
        return True

    def create_project(self, **fields: Any) -> int:
        project = self._call("create project", lambda: self._sdk.projects.create(**fields))
        return int(project.id)

    def update_project(self, project_id: int, **fields: Any) -> None:
        self._call("update project", lambda: self._sdk.projects.update(id=project_id, **fields))

    def delete_project(self, project_id: int) -> None:
        self._call("delete project", lambda: self._sdk.projects.delete(id=project_id))

    # -- tasks and predictions ------------------------------------------------------------
    def import_tasks(self, project_id: int, tasks: list[dict[str, Any]]) -> list[int]:
        """Import tasks (with inline predictions or annotations); their ids, in order."""
        ids: list[int] = []
        for i in range(0, len(tasks), IMPORT_BATCH):
            batch = tasks[i : i + IMPORT_BATCH]
            resp = self._call(
                "import tasks",
                lambda b=batch: self._sdk.projects.import_tasks(
                    id=project_id, request=b, return_task_ids=True
                ),
            )
            got = list(resp.task_ids or [])
            if len(got) != len(batch):
                raise LabelStudioError(
                    f"import returned {len(got)} task ids for {len(batch)} tasks"
                )
            ids.extend(int(t) for t in got)
        return ids

    def update_task_data(self, task_id: int, data: dict[str, Any]) -> None:
        self._call("update task", lambda: self._sdk.tasks.update(id=str(task_id), data=data))

    def replace_predictions(self, task_id: int, predictions: list[dict[str, Any]]) -> None:
        """Delete a task's predictions and create ``predictions`` instead."""
        old = self._call("list predictions", lambda: self._sdk.predictions.list(task=task_id))
        for pred in old:
            self._call("delete prediction", lambda p=pred: self._sdk.predictions.delete(id=p.id))
        for pred in predictions:
            self._call(
                "create prediction",
                lambda p=pred: self._sdk.predictions.create(
                    task=task_id,
                    model_version=p["model_version"],
                    score=p.get("score", 0.0),
                    result=p["result"],
                ),
            )

    # -- annotations ----------------------------------------------------------------------
    def create_annotation(
        self, task_id: int, result: list[dict[str, Any]], completed_by: int | None = None
    ) -> int:
        ann = self._call(
            "create annotation",
            lambda: self._sdk.annotations.create(
                id=task_id, result=result, completed_by=completed_by
            ),
        )
        return int(ann.id)

    def update_annotation(self, annotation_id: int, result: list[dict[str, Any]]) -> None:
        self._call(
            "update annotation",
            lambda: self._sdk.annotations.update(id=annotation_id, result=result),
        )

    def delete_annotation(self, annotation_id: int) -> None:
        self._call("delete annotation", lambda: self._sdk.annotations.delete(id=annotation_id))

    # -- reading everything back ----------------------------------------------------------
    def export_json(self, project_id: int) -> list[dict[str, Any]]:
        """Full JSON export of the annotated tasks: keeps relations and per-span fields."""
        return self._http(
            "GET",
            f"api/projects/{project_id}/export",
            params={
                "exportType": "JSON",
                "download_all_tasks": "false",
                "download_resources": "false",
            },
        )

    def list_tasks_json(self, project_id: int, page_size: int = 500) -> list[dict[str, Any]]:
        """Every task with its annotations, read page by page from the task list."""
        tasks: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self._http(
                "GET",
                "api/tasks",
                params={
                    "project": project_id,
                    "fields": "all",
                    "page": page,
                    "page_size": page_size,
                },
            )
            items = body.get("tasks", []) if isinstance(body, dict) else body
            tasks.extend(items)
            total = body.get("total", len(tasks)) if isinstance(body, dict) else len(tasks)
            if not items or len(tasks) >= total:
                return tasks
            page += 1


def config_tags(xml: str) -> list[dict[str, Any]]:
    """The tags of a labelling config, parsed with the SDK's ``LabelInterface``: each with
    ``tag``, ``name``, ``to_name`` (list), ``value`` (objects: ``$key``) and ``labels``.
    A config that does not parse raises :class:`LabelStudioError`."""
    from label_studio_sdk.label_interface import LabelInterface

    try:
        parsed = LabelInterface(xml)
    except Exception as exc:  # the SDK raises several kinds on malformed XML
        raise LabelStudioError(f"the labelling config does not parse: {_short(str(exc))}") from None
    tags: list[dict[str, Any]] = []
    for control in parsed.controls:
        targets = [t if isinstance(t, str) else t.name for t in (control.to_name or [])]
        tags.append(
            {
                "tag": control.tag,
                "name": control.name,
                "to_name": targets,
                "value": None,
                "labels": [str(v) for v in (getattr(control, "labels", None) or [])],
            }
        )
    for obj in parsed.objects:
        tags.append(
            {"tag": obj.tag, "name": obj.name, "to_name": [], "value": obj.value, "labels": []}
        )
    return tags
