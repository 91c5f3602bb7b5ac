"""Smoke test: the pages in a real headless browser (Debian's Chromium and chromedriver,
driven by selenium) against the application served by uvicorn in a subprocess."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from duban_core import Ledger
from duban_core.clock import CST
from host_app._compat import allowed
from host_app.service import Service
from host_app.store import EventStore

from .conftest import free_port, unavailable
from .support import ITEM, OFFICE, STAFF, Fixed, assigned_item

EXAMPLES = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
#: The server's clock (support.browser_app): 26 September 2024, 10:00 China time.
SERVER_NOW = datetime(2024, 9, 26, 10, 0, tzinfo=CST)


def seed(url: str) -> Ledger:
    """Three items whose lights on 26 September 2024 are, by hand: ITEM due 29 Sept → 2
    working days left (27, 29) → YELLOW; 2024-002 due 23 Sept → RED; 2024-003 (本级会议, 7
    日 from 24 Sept: 1 Oct is 国庆节, moved to 8 Oct) → 4 working days left → GREEN."""
    clock = Fixed(datetime(2024, 9, 18, 9, 0, tzinfo=CST))
    service = Service(EventStore(url), clock=clock)
    for item_id, category, received in (
        ("2024-002", "LEADER_INSTRUCTION", "2024-09-18"),
        ("2024-003", "MEETING_DECISION", "2024-09-24"),
    ):
        clock.now = datetime.fromisoformat(f"{received}T09:00:00+08:00")
        data = {"item_id": item_id, "title": f"事项{item_id}", "category": category, "lead_unit": "区交通局"}
        service.submit("Drafted", data, actor=OFFICE)
        service.submit("Registered", {"item_id": item_id}, actor=OFFICE)
        service.submit("Assigned", {"item_id": item_id, "received_on": received}, actor=OFFICE)
    clock.now = datetime(2024, 9, 23, 9, 0, tzinfo=CST)
    assigned_item(service)
    ledger = service.ledger()
    service.store.dispose()
    return ledger


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Ledger]]:
    url = f"sqlite:///{tmp_path / 'events.db'}"
    ledger = seed(url)
    port = free_port()
    env = {
        **os.environ,
        "DUBAN_DATABASE_URL": url,
        "PYTHONPATH": os.pathsep.join(p for p in (str(EXAMPLES), os.environ.get("PYTHONPATH")) if p),
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "host_app.tests.support:browser_app"]
    process = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                    raise RuntimeError(f"uvicorn did not start:\n{output}") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", ledger
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def browser() -> Iterator[object]:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        unavailable("Chromium (Debian packages chromium and chromium-driver) is not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as DriverService

    profile = tempfile.mkdtemp(prefix="duban-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=DriverService(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def test_pages_in_a_headless_browser(server: tuple[str, Ledger], browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as until
    from selenium.webdriver.support.wait import WebDriverWait

    assert isinstance(browser, WebDriver)
    base, ledger = server

    def click_and_wait(element: Any, path: str) -> None:
        # A click that submits a form returns before the next page has loaded.
        element.click()
        WebDriverWait(browser, 30).until(until.url_to_be(f"{base}{path}"))

    browser.get(f"{base}/login")
    click_and_wait(browser.find_element(By.ID, "login-office"), "/register")

    # 台账 with its lights, as of the server's today (26 September 2024).
    lights = {
        row.get_attribute("data-item"): row.find_element(By.CSS_SELECTOR, ".light").get_attribute(
            "data-level"
        )
        for row in browser.find_elements(By.CSS_SELECTOR, "#register tr[data-item]")
    }
    assert lights == {"2024-002": "RED", ITEM: "YELLOW", "2024-003": "GREEN"}

    def buttons() -> set[str]:
        return {
            b.get_attribute("data-event") or ""
            for b in browser.find_elements(By.CSS_SELECTOR, "#actions button")
        }

    # The item page shows exactly the actions the library allows the signed-in actor.
    click_and_wait(browser.find_element(By.LINK_TEXT, ITEM), f"/items/{ITEM}")
    assert browser.find_element(By.ID, "due").text == "2024-09-29"
    assert buttons() == {a.event for a in allowed(ledger, ITEM, OFFICE, SERVER_NOW)}
    assert "Acknowledged" not in buttons()

    click_and_wait(browser.find_element(By.CSS_SELECTOR, "header form button"), "/login")  # 退出
    click_and_wait(browser.find_element(By.ID, "login-jtj-staff"), "/register")
    browser.get(f"{base}/items/{ITEM}")
    assert buttons() == {a.event for a in allowed(ledger, ITEM, STAFF, SERVER_NOW)}

    # Click one: 签收 (Acknowledged) with the handler's name.
    form = browser.find_element(By.CSS_SELECTOR, 'form[data-event="Acknowledged"]')
    form.find_element(By.NAME, "handler").send_keys("赵敏")
    form.find_element(By.CSS_SELECTOR, "button").click()
    WebDriverWait(browser, 30).until(until.text_to_be_present_in_element((By.ID, "state"), "办理中"))
    assert browser.current_url == f"{base}/items/{ITEM}"
    assert "签收" in browser.find_element(By.ID, "timeline").text
    assert "Acknowledged" not in buttons()
