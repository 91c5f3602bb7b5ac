"""The FastAPI service and its server-rendered pages.

JSON API (``/api/…``) and HTML pages share one :class:`~host_app.service.Service`. The
signed-in actor comes from the session (a signed cookie set by ``/login``); the time of a
command from the host's clock. Neither is ever read from the request body: that is the
trust boundary (docs/embedding.md).

Errors go back as JSON ``{"error": {"code", "clause", "message", "en", …}}``: the library's
``DubanError.to_dict()`` — ``StaleVersion`` as 409, ``Unauthorized`` as 403, other refusals
as 422; malformed form fields as 422 with one Chinese message per field.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from duban_core import Action, Actor, DubanError, Ledger, Role, RuleSet, StaleVersion, Unauthorized, jsonable
from duban_core.events import form_schema
from duban_core.oversight import alert_for, comprehensive_register

from .directory import DIRECTORY
from .service import Clock, Service, system_clock
from .store import DEFAULT_URL, EventStore

__all__ = ["DIRECTORY", "create_app", "form_data", "widgets"]

_TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))


def _status(exc: DubanError) -> int:
    if isinstance(exc, StaleVersion):
        return 409
    if isinstance(exc, Unauthorized):
        return 403
    return 422


def _error_body(exc: Exception) -> tuple[int, dict[str, Any]]:
    if isinstance(exc, DubanError):
        return _status(exc), {"error": exc.to_dict()}
    # from_form turns a form's invalid values into a FormError (a DubanError); a pydantic
    # error reaching here came from elsewhere, and is answered in the same shape.
    assert isinstance(exc, ValidationError)
    errors = [{"loc": list(e["loc"]), "message": e["msg"]} for e in exc.errors(include_url=False)]
    return 422, {
        "error": {"code": "form.invalid", "clause": None, "message": "表单填写有误", "errors": errors}
    }


def _current_actor(request: Request) -> Actor:
    key = request.session.get("user")
    actor = DIRECTORY.get(key) if isinstance(key, str) else None
    if actor is None:
        raise HTTPException(status_code=401, detail="请先登录")
    return actor


ActorDep = Annotated[Actor, Depends(_current_actor)]


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(_service)]


def _view(service: Service, on: date | None) -> tuple[Ledger, date]:
    """The ledger as of ``on`` (default: the host's today). A day before today is answered
    from the events up to that day, never from today's facts."""
    ledger = service.ledger()
    today = service.today()
    if on is None or on >= today:
        return ledger, on or today
    return ledger.as_of(on), on


# -- forms as HTML ---------------------------------------------------------------------------


@dataclass
class Widget:
    """One input of an action's form, derived from the event's form schema."""

    name: str
    title: str
    kind: str  # text, number, date, checkbox, select, list, actor, leader
    required: bool
    options: list[tuple[str, str]] = field(default_factory=list)
    minimum: str | None = None  # the earliest day a date input accepts


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str):
        return _resolve(schema, schema["$defs"][ref.rsplit("/", 1)[-1]])
    choices = [c for c in node.get("anyOf", ()) if c.get("type") != "null"]
    if len(choices) == 1 and "oneOf" not in node:
        return {**_resolve(schema, choices[0]), **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def widgets(event_type: str, action: Action | None = None) -> list[Widget]:
    """The inputs of ``event_type``'s form, from :func:`form_schema`, narrowed by what the
    library says of the ``action`` (``Ledger.allowed``): only the return kinds this actor
    may use, only the unit head who must sign, no day before the earliest allowed."""
    schema = form_schema(event_type)
    required = set(schema.get("required", ()))
    out = []
    for name, raw in schema.get("properties", {}).items():
        node = _resolve(schema, raw)
        title = str(raw.get("title") or node.get("title") or name)
        options = [(str(v), str(v)) for v in node.get("enum", ())]
        options += [
            (str(c["const"]), str(c.get("title", c["const"]))) for c in node.get("oneOf", ()) if "const" in c
        ]
        kind = (
            "select"
            if options
            else "actor"
            if node.get("type") == "object" or "properties" in node
            else "checkbox"
            if node.get("type") == "boolean"
            else "date"
            if node.get("format") == "date"
            else "number"
            if node.get("type") in ("number", "integer")
            else "list"
            if node.get("type") == "array"
            else "text"
        )
        minimum = None
        if kind == "actor" and "role" not in node.get("properties", {}):
            # 批示领导 (forms.LeaderForm): a leader with a rank, sent as name and rank (S4-20(三)).
            kind = "leader"
            options = [
                (key, actor.describe())
                for key, actor in DIRECTORY.items()
                if actor.role is Role.LEADER and actor.rank is not None
            ]
        elif kind == "actor":
            signer = action.signer_unit if action else None
            options = [
                (key, actor.describe())
                for key, actor in DIRECTORY.items()
                if signer is None or (actor.role is Role.UNIT_HEAD and actor.unit == signer)
            ]
        if action is not None and name == "kind" and action.return_kinds:
            options = [(value, text) for value, text in options if value in action.return_kinds]
        if action is not None and kind == "date" and action.earliest_due is not None:
            minimum = action.earliest_due.isoformat()
        out.append(Widget(name, title, kind, name in required, options, minimum))
    return out


_LIST_SEPARATORS = re.compile(r"[,，、;；\s]+")


def form_data(event_type: str, form: Mapping[str, str]) -> dict[str, Any]:
    """An HTML form's strings as the data :func:`from_form` takes: empty inputs left out (so
    the event's defaults apply), lists split, a chosen person as that actor."""
    data: dict[str, Any] = {}
    for widget in widgets(event_type):
        value = form.get(widget.name, "").strip()
        if not value:
            continue
        if widget.kind == "list":
            data[widget.name] = [part for part in _LIST_SEPARATORS.split(value) if part]
        elif widget.kind == "actor" and value in DIRECTORY:
            data[widget.name] = DIRECTORY[value].model_dump(mode="json")
        elif widget.kind == "leader" and value in DIRECTORY:
            leader = DIRECTORY[value]
            data[widget.name] = {"name": leader.name, "rank": leader.rank.value if leader.rank else ""}
        else:
            data[widget.name] = value
    return data


# -- the application -------------------------------------------------------------------------


def create_app(
    url: str | None = None,
    *,
    clock: Clock = system_clock,
    rules: RuleSet | None = None,
    secret: str | None = None,
) -> FastAPI:
    """The service on the store at ``url`` (default: ``$DUBAN_DATABASE_URL``, else a SQLite
    file). ``clock`` is the host's time source (tests pass a fixed one); ``secret`` signs the
    session cookie (default ``$DUBAN_SECRET``, else a random one: sessions end on restart)."""
    store = EventStore(url or os.environ.get("DUBAN_DATABASE_URL") or DEFAULT_URL)
    service = Service(store, rules, clock)
    app = FastAPI(title="督查督办（duban_core 参考宿主应用）")
    app.state.service = service
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret or os.environ.get("DUBAN_SECRET") or secrets.token_urlsafe(32),
        same_site="strict",
    )

    @app.exception_handler(DubanError)
    @app.exception_handler(ValidationError)
    async def _refused(request: Request, exc: Exception) -> JSONResponse:
        status, body = _error_body(exc)
        return JSONResponse(body, status_code=status)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        if exc.status_code == 401 and not request.url.path.startswith("/api/"):
            return RedirectResponse("/login", status_code=303)
        code = {401: "auth.required", 404: "not_found"}.get(exc.status_code, "http")
        return JSONResponse(
            {"error": {"code": code, "clause": None, "message": str(exc.detail)}}, status_code=exc.status_code
        )

    # -- session ---------------------------------------------------------------------------

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        return _TEMPLATES.TemplateResponse(request, "login.html", {"directory": DIRECTORY})

    @app.post("/login")
    def login(request: Request, user: Annotated[str, Form()]) -> Response:
        if user not in DIRECTORY:
            raise HTTPException(status_code=401, detail="没有这个用户")
        request.session["user"] = user
        return RedirectResponse("/register", status_code=303)

    @app.post("/logout")
    def logout(request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    # -- JSON API --------------------------------------------------------------------------

    @app.get("/api/me")
    def me(actor: ActorDep) -> Any:
        return jsonable(actor)

    @app.get("/api/forms/{event_type}")
    def form(event_type: str) -> Any:
        return form_schema(event_type)

    @app.post("/api/commands/{event_type}", status_code=201)
    def command(
        event_type: str,
        actor: ActorDep,
        service: ServiceDep,
        data: Annotated[dict[str, Any], Body()],
        expected_version: int | None = None,
    ) -> Any:
        receipt = service.submit(event_type, data, actor=actor, expected_version=expected_version)
        return {
            "stream": receipt.stream,
            "version": receipt.version,
            "position": receipt.position,
            "event": jsonable(receipt.event),
        }

    def _item_view(service: Service, actor: Actor, item_id: str, on: date | None) -> dict[str, Any]:
        ledger, day = _view(service, on)
        item = ledger.items.get(item_id)
        if item is None:
            raise HTTPException(status_code=404, detail=f"没有编号为 {item_id} 的督查事项")
        current = service.ledger()
        live = current.items.get(item_id)
        return {
            "on": day,
            "item": item,
            "alert": alert_for(ledger, item_id, day),
            "timeline": ledger.timeline(item_id),
            # What the signed-in actor may do now (not as of a past day).
            "allowed": current.allowed(item_id, actor, service.clock()) if live else (),
            "version": live.version if live else 0,
        }

    @app.get("/api/items/{item_id}")
    def item(item_id: str, actor: ActorDep, service: ServiceDep, on: date | None = None) -> Any:
        view = _item_view(service, actor, item_id, on)
        deadline = view["item"].deadline
        return {
            **{k: jsonable(v) for k, v in view.items()},
            "explanation": deadline.explanation if deadline else None,
        }

    @app.get("/api/items/{item_id}/allowed")
    def item_allowed(item_id: str, actor: ActorDep, service: ServiceDep) -> Any:
        ledger = service.ledger()
        if item_id not in ledger.items:
            raise HTTPException(status_code=404, detail=f"没有编号为 {item_id} 的督查事项")
        return jsonable(ledger.allowed(item_id, actor, service.clock()))

    @app.get("/api/register")
    def register(actor: ActorDep, service: ServiceDep, on: date | None = None) -> Any:
        ledger, day = _view(service, on)
        return {"on": day.isoformat(), "rows": jsonable(comprehensive_register(ledger, day))}

    @app.get("/api/alerts")
    def alerts(actor: ActorDep, service: ServiceDep, on: date | None = None) -> Any:
        ledger, day = _view(service, on)
        return {"on": day.isoformat(), "alerts": jsonable(ledger.alerts(day))}

    # -- pages -----------------------------------------------------------------------------

    @app.get("/")
    def home() -> Response:
        return RedirectResponse("/register", status_code=303)

    @app.get("/register", response_class=HTMLResponse)
    def register_page(
        request: Request, actor: ActorDep, service: ServiceDep, on: Annotated[date | None, Query()] = None
    ) -> Response:
        ledger, day = _view(service, on)
        return _TEMPLATES.TemplateResponse(
            request, "register.html", {"actor": actor, "on": day, "rows": comprehensive_register(ledger, day)}
        )

    def _item_page(
        request: Request, service: Service, actor: Actor, item_id: str, on: date | None, error: Any = None
    ) -> Response:
        view = _item_view(service, actor, item_id, on)
        forms = [(action, widgets(action.event, action)) for action in view["allowed"]]
        status = 200 if error is None else error[0]
        return _TEMPLATES.TemplateResponse(
            request,
            "item.html",
            {**view, "actor": actor, "forms": forms, "error": None if error is None else error[1]["error"]},
            status_code=status,
        )

    @app.get("/items/{item_id}", response_class=HTMLResponse)
    def item_page(
        request: Request,
        item_id: str,
        actor: ActorDep,
        service: ServiceDep,
        on: Annotated[date | None, Query()] = None,
    ) -> Response:
        return _item_page(request, service, actor, item_id, on)

    @app.post("/items/{item_id}/actions/{event_type}", response_class=HTMLResponse)
    async def item_action(
        request: Request, item_id: str, event_type: str, actor: ActorDep, service: ServiceDep
    ) -> Response:
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        expected = form.pop("_expected_version", "")
        try:
            # The service blocks (a database transaction): run it off the event loop.
            await run_in_threadpool(
                service.submit,
                event_type,
                {**form_data(event_type, form), "item_id": item_id},
                actor=actor,
                expected_version=int(expected) if expected.isdigit() else None,
            )
        except (DubanError, ValidationError) as exc:
            return _item_page(request, service, actor, item_id, None, _error_body(exc))
        return RedirectResponse(f"/items/{item_id}", status_code=303)

    return app
