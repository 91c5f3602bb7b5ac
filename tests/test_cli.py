from __future__ import annotations

import pytest

from duban_core.cli import main


def test_demo_prints_a_deadline_for_every_category(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--on", "2024-09-27"]) == 0
    out = capsys.readouterr().out
    # S0-4.4: five days from 2024-09-27 end on 国庆节, so the limit moves to 2024-10-08.
    assert "2024-10-08" in out
    assert "S0-4.4" in out
    assert "国庆节" in out
