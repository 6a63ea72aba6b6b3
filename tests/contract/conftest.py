"""pytest hooks shared by every contract test run (consumers and providers alike).

Each run uses a project's own pytest settings (``-c <project>/pyproject.toml``) with
``--confcutdir tests/contract``, so this folder's conftests apply and the project's do not.
"""

from __future__ import annotations

import pytest


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    # Remember whether the test body passed: a consumer writes its pact only then.
    report = yield
    if report.when == "call":
        item.contract_passed = report.passed
    return report


def pytest_terminal_summary(terminalreporter) -> None:
    from pactkit.provider import VERIFIED

    for line in VERIFIED:
        terminalreporter.write_line(line)
