"""The FastAPI service and its pages, through HTTP (FastAPI's TestClient), on SQLite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from duban_core.clock import CST
from host_app.directory import DIRECTORY
from host_app.web import create_app, form_data, widgets

from .conftest import FakeClock
from .support import ITEM, OFFICE

CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def app_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'events.db'}"


@pytest.fixture
def client(app_url: str, clock: FakeClock) -> Iterator[TestClient]:
    with TestClient(create_app(app_url, clock=clock, secret="test")) as client:
        yield client


def sign_in(client: TestClient, user: str) -> None:
    client.cookies.clear()
    assert client.post("/login", data={"user": user}, follow_redirects=False).status_code == 303


def command(client: TestClient, event_type: str, data: dict[str, Any], **params: Any) -> Any:
    return client.post(f"/api/commands/{event_type}", json=data, params=params)


def assign(client: TestClient, title: str = "国庆假期道路保畅") -> None:
    """ITEM drafted, registered and assigned on 23 September 2024 (due 29 September, S0-4.4)."""
    sign_in(client, "office")
    drafted = {"item_id": ITEM, "title": title, "category": "LEADER_INSTRUCTION", "lead_unit": "区交通局"}
    assert command(client, "Drafted", drafted).status_code == 201
    assert command(client, "Registered", {"item_id": ITEM}).status_code == 201
    assert command(client, "Assigned", {"item_id": ITEM, "received_on": "2024-09-23"}).status_code == 201


def test_signing_in_is_required(client: TestClient) -> None:
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "auth.required"
    assert CHINESE.search(response.json()["error"]["message"])
    assert client.get("/register", follow_redirects=False).headers["location"] == "/login"
    sign_in(client, "office")
    assert client.get("/api/me").json() == {"name": "李明", "role": "OFFICE", "unit": None}


def test_the_host_stamps_who_and_when(client: TestClient, clock: FakeClock) -> None:
    assign(client)
    clock.now = datetime(2024, 9, 24, 15, 30, tzinfo=CST)
    forged = {"item_id": ITEM, "method": "电话催办", "by": {"name": "随便谁", "role": "LEADER"}}
    refused = command(client, "Urged", forged)
    assert refused.status_code == 422
    assert CHINESE.search(refused.json()["error"]["message"])
    backdated = command(
        client, "Urged", {"item_id": ITEM, "method": "电话催办", "at": "2024-09-20T09:00:00+08:00"}
    )
    assert backdated.status_code == 422
    accepted = command(client, "Urged", {"item_id": ITEM, "method": "电话催办"})
    assert accepted.status_code == 201
    body = accepted.json()
    assert (body["stream"], body["version"], body["position"]) == (f"item:{ITEM}", 4, 4)
    assert body["event"]["by"] == {"name": "李明", "role": "OFFICE", "unit": None}
    assert body["event"]["at"] == "2024-09-24T15:30:00+08:00"


def test_allowed_actions_follow_the_signed_in_actor(client: TestClient) -> None:
    assign(client)
    offered = {}
    for user in ("office", "jtj-staff", "zjj-staff"):
        sign_in(client, user)
        response = client.get(f"/api/items/{ITEM}/allowed")
        assert response.status_code == 200
        offered[user] = {action["event"] for action in response.json()}
        assert all(CHINESE.search(action["label"]) for action in response.json())
    # An assigned item: the office urges (S0-3.2), the lead unit signs for it (签收); a
    # unit with no part in the item may do nothing.
    assert "Urged" in offered["office"]
    assert "Acknowledged" not in offered["office"]
    assert "Acknowledged" in offered["jtj-staff"]
    assert "Urged" not in offered["jtj-staff"]
    assert offered["zjj-staff"] == set()


def test_item_view_explains_the_deadline(client: TestClient) -> None:
    assign(client)
    view = client.get(f"/api/items/{ITEM}", params={"on": "2024-09-26"}).json()
    assert view["item"]["deadline"]["due"] == "2024-09-29"
    # 5 日 counted from 24 Sept end on Saturday 28 Sept, moved to the next working day, Sunday
    # 29 Sept (调休上班) — the explanation says so and cites the clause in words (S0-4.4).
    assert view["item"]["deadline"]["clauses"] == ["S0-4.4"]
    assert "区人民政府《关于进一步加强政务督查工作的通知》第四条第4项" in view["explanation"]
    assert "顺延" in view["explanation"]
    assert view["alert"]["level"] == "YELLOW"  # 27 Sept and 29 Sept left: 2 ≤ warning line 2
    assert [entry["event"] for entry in view["timeline"]] == ["Drafted", "Registered", "Assigned"]
    assert view["version"] == 3


def test_register_and_lights_as_of_a_day(client: TestClient, clock: FakeClock) -> None:
    assign(client)
    sign_in(client, "jtj-staff")
    clock.now = datetime(2024, 9, 25, 10, 0, tzinfo=CST)
    assert command(client, "Acknowledged", {"item_id": ITEM, "handler": "赵敏"}).status_code == 201
    clock.now = datetime(2024, 10, 8, 9, 0, tzinfo=CST)

    def row(on: str) -> Any:
        rows = client.get("/api/register", params={"on": on}).json()["rows"]
        assert [r["item_id"] for r in rows] == [ITEM]
        return rows[0]

    # Hand-computed: working days in (on, 29 Sept]: 24 Sept → 4 (25, 26, 27, 29): GREEN;
    # 26 Sept → 2 (27, 29): YELLOW (warning line 2); 30 Sept → past the due day: RED.
    assert (row("2024-09-24")["level"], row("2024-09-24")["state"]) == ("GREEN", "ASSIGNED")
    assert (row("2024-09-26")["level"], row("2024-09-26")["state"]) == ("YELLOW", "IN_PROGRESS")
    assert (row("2024-09-30")["light"], row("2024-09-30")["days_overdue"]) == ("红灯", 1)
    alerts = client.get("/api/alerts", params={"on": "2024-09-30"}).json()["alerts"]
    assert [(a["item_id"], a["level"]) for a in alerts] == [(ITEM, "RED")]
    page = client.get("/register", params={"on": "2024-09-26"}).text
    assert 'data-level="YELLOW">黄灯<' in page


def test_refusals_come_back_as_json_with_code_and_clause(client: TestClient) -> None:
    assign(client)
    refused = command(client, "Approved", {"item_id": ITEM})
    assert refused.status_code == 422
    error = refused.json()["error"]
    # Nothing has been reported yet: approval (审核办结, S0-3.4) is refused, in Chinese.
    assert error["code"] == "transition.Approved"
    assert "S0-3.4" in error["clause"]
    assert CHINESE.search(error["message"])
    sign_in(client, "jtj-staff")
    forbidden = command(client, "Urged", {"item_id": ITEM, "method": "电话催办"})
    assert forbidden.status_code == 403
    assert forbidden.json()["error"]["code"] == "unauthorized.Urged"
    assert "仅督查室" in forbidden.json()["error"]["message"]
    malformed = command(client, "Acknowledged", {"item_id": ITEM})  # no handler
    assert malformed.status_code == 422
    error = malformed.json()["error"]
    assert error["code"] == "form.invalid"
    assert [problem["loc"] for problem in error["errors"]] == [["handler"]]


def test_a_stale_view_is_a_409(client: TestClient) -> None:
    assign(client)
    assert (
        command(client, "Urged", {"item_id": ITEM, "method": "电话催办"}, expected_version=3).status_code
        == 201
    )
    stale = command(client, "Urged", {"item_id": ITEM, "method": "发督办通知书"}, expected_version=3)
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert (error["code"], error["expected"], error["current"]) == ("concurrency.stale_version", 3, 4)
    assert CHINESE.search(error["message"])


def test_item_page_shows_only_the_allowed_buttons_and_escapes(client: TestClient) -> None:
    assign(client, title="<script>alert(1)</script>保畅")
    allowed = {a["event"] for a in client.get(f"/api/items/{ITEM}/allowed").json()}
    page = client.get(f"/items/{ITEM}").text
    assert set(re.findall(r'<button type="submit" data-event="(\w+)"', page)) == allowed
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "区人民政府《关于进一步加强政务督查工作的通知》第四条第4项" in page  # S0-4.4 in words
    sign_in(client, "zjj-staff")
    assert "data-event=" not in client.get(f"/items/{ITEM}").text


def test_a_page_form_posts_a_command(client: TestClient, clock: FakeClock) -> None:
    assign(client)
    clock.advance(hours=2)
    posted = client.post(
        f"/items/{ITEM}/actions/Urged",
        data={"method": "电话催办", "_expected_version": "3"},
        follow_redirects=False,
    )
    assert (posted.status_code, posted.headers["location"]) == (303, f"/items/{ITEM}")
    assert "电话催办" in client.get(f"/items/{ITEM}").text
    again = client.post(
        f"/items/{ITEM}/actions/Urged", data={"method": "发督办通知书", "_expected_version": "3"}
    )
    assert again.status_code == 409
    assert 'id="error" data-code="concurrency.stale_version"' in again.text


def test_replay_on_restart_serves_the_same_register(app_url: str, clock: FakeClock) -> None:
    with TestClient(create_app(app_url, clock=clock, secret="test")) as first:
        assign(first)
        before = first.get("/api/register").json()
    with TestClient(create_app(app_url, clock=clock, secret="test")) as restarted:
        sign_in(restarted, "office")
        assert restarted.get("/api/register").json() == before
        assert restarted.get("/api/me").json()["name"] == OFFICE.name


def test_forms_are_drawn_from_the_form_schema() -> None:
    returned = {w.name: w for w in widgets("Returned")}
    assert returned["kind"].kind == "select"
    assert {value for value, _ in returned["kind"].options} == {"SUPPLEMENT", "REDO", "LEADER_FOLLOW_UP"}
    assert {w.name: w.kind for w in widgets("ExtensionRequested")}["new_due"] == "date"
    assert {w.name: w.kind for w in widgets("FeedbackSubmitted")}["signed_by"] == "actor"
    # Empty inputs are left out (the event's defaults apply); a chosen person becomes an actor.
    form = {"summary": "已完成", "signed_by": "jtj-head", "percent_complete": "", "work_done": " "}
    assert form_data("FeedbackSubmitted", form) == {
        "summary": "已完成",
        "signed_by": DIRECTORY["jtj-head"].model_dump(mode="json"),
    }


def test_the_instructing_leader_is_chosen_among_ranked_leaders() -> None:
    # 批示领导 (S4-20(三)): only leaders with a recorded rank are offered; sent as name and rank.
    leader = {w.name: w for w in widgets("Drafted")}["instructed_by"]
    assert (leader.kind, leader.title, leader.required) == ("leader", "批示领导", False)
    assert leader.options == [("secretary", "主要领导陈书记")]
    data = form_data("Drafted", {"title": "落实批示", "instructed_by": "secretary"})
    assert data["instructed_by"] == {"name": "陈书记", "rank": "PRINCIPAL"}


def test_feedback_signed_by_the_unit_head_through_the_pages(client: TestClient, clock: FakeClock) -> None:
    assign(client)
    sign_in(client, "jtj-staff")
    clock.advance(hours=1)
    client.post(f"/items/{ITEM}/actions/Acknowledged", data={"handler": "赵敏"})
    clock.advance(days=2)
    # The report must be signed by the head of the lead unit (S0-3.4): the form offers only him.
    html = client.get(f"/items/{ITEM}").text
    feedback_form = html[html.index('data-event="FeedbackSubmitted"') :]
    signer = feedback_form[feedback_form.index('name="signed_by"') : feedback_form.index("</select>")]
    assert re.findall(r'<option value="([^"]+)"', signer) == ["jtj-head"]
    page = client.post(
        f"/items/{ITEM}/actions/FeedbackSubmitted",
        data={"summary": "已完成道路保畅方案", "signed_by": "jtj-head", "_expected_version": "4"},
    )
    assert page.status_code == 200
    assert "已反馈" in client.get(f"/items/{ITEM}").text
    view = client.get(f"/api/items/{ITEM}").json()
    assert view["item"]["state"] == "REPORTED"
    assert view["timeline"][-1]["by"] == {"name": "赵敏", "role": "UNIT_STAFF", "unit": "区交通局"}


def test_a_leader_may_only_send_back_for_follow_up(client: TestClient, clock: FakeClock) -> None:
    assign(client)
    sign_in(client, "jtj-staff")
    clock.advance(hours=1)
    client.post(f"/items/{ITEM}/actions/Acknowledged", data={"handler": "赵敏"})
    client.post(
        f"/items/{ITEM}/actions/FeedbackSubmitted", data={"summary": "已完成", "signed_by": "jtj-head"}
    )
    clock.advance(hours=1)
    sign_in(client, "leader")
    page = client.get(f"/items/{ITEM}").text
    returned = page[page.index('data-event="Returned"') :]
    kinds = returned[returned.index('name="kind"') : returned.index("</select>")]
    # A leader returns an item only with a 领导批示再督查 (S0-3.5); the office may use any kind.
    assert re.findall(r'<option value="([^"]+)"', kinds) == ["LEADER_FOLLOW_UP"]
    posted = client.post(
        f"/items/{ITEM}/actions/Returned", data={"kind": "LEADER_FOLLOW_UP", "reason": "请再督查落实情况"}
    )
    assert posted.status_code == 200
    assert client.get(f"/api/items/{ITEM}").json()["item"]["state"] == "RETURNED"
