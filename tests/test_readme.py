"""Every command the README shows works as written, on a fresh copy of the project.

The README is read, not trusted: each `make` target and `kring` command it names must be
run here (or be named below with the reason it is not), so a command added to the README
later cannot go untried. `make run` builds its own virtual environment from nothing,
as on a new machine; the operator's `kring` commands then run in that environment with
the production settings the README's "Deploying" section lists."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from server import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")

#: Shown in the README but not run by this test, and why.
NOT_RUN_HERE = {
    "make test": "it is the command running this test (CI runs it on a fresh clone)",
    "make test-later": "the same suite again, with the clock 400 days ahead",
    "make bench": "a benchmark of minutes with wrk; measured in bench/, never in tests",
    "make lighthouse": "a benchmark that installs Lighthouse from npm; not a test",
    "make screenshots": "redraws the README's pictures; bench/screenshots.py, not a test",
    "make icons": "redraws the PNG icons from their SVGs; a maintainer's step, not a test",
    "kring run": "Flask's development server; `make run` runs it above",
    "kring demo --scale": "load-test data of minutes; tests/test_scale.py covers it",
}


def commands_in_readme() -> set[str]:
    """`make <target>` and `kring <command>` as the README names them."""
    shown = set(re.findall(r"\bmake ([a-z-]+)", README))
    # `kring <command>` at the start of a code span or after `.venv/bin/`, not the
    # database or the user that the deployment examples also call "kring".
    kring = set(re.findall(r"(?:`|bin/)kring ([a-z][a-z-]+(?: --scale)?)", README))
    return {f"make {t}" for t in shown} | {f"kring {c}" for c in kring}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fresh_copy(target: Path) -> Path:
    """The project's files as a new clone has them: nothing built, nothing installed."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def clean_environment(**extra: str) -> dict:
    """The environment of a new shell: none of the test run's own settings."""
    keep = ("PATH", "HOME", "LANG", "TMPDIR", "PIP_CACHE_DIR", "PIP_INDEX_URL")
    return {**{k: os.environ[k] for k in keep if k in os.environ}, **extra}


def run(command: str, cwd: Path, env: dict, timeout: int = 300) -> str:
    done = subprocess.run(  # noqa: S602 - the README's command line, as a shell runs it
        command, shell=True, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"`{command}` exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A fresh copy on which `PORT=... make run` has set itself up and served."""
    copy = fresh_copy(tmp_path_factory.mktemp("readme") / "kring")
    port = free_port()
    server = subprocess.Popen(  # noqa: S602 - the README's command line
        f"PORT={port} make run",
        shell=True,
        cwd=copy,
        env=clean_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        served = wait_until_served(f"http://127.0.0.1:{port}/login", server)
        yield copy, served
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_until_served(url: str, server: subprocess.Popen, limit: float = 600) -> str:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert server.poll() is None, f"make run stopped:\n{server.stdout.read()[-3000:]}"
        try:
            # The port opens before the worker has imported the app: on a busy
            # machine the first answer can take seconds, so only connecting is short.
            answer = requests.get(url, timeout=(2, 60))
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(1)
            continue
        assert answer.status_code == 200
        return answer.text
    raise AssertionError(f"make run did not serve {url} within {limit} s")


def test_the_readme_names_only_commands_this_test_knows():
    known = set(NOT_RUN_HERE) | {
        "make run",
        "make lint",
        "make extract-messages",
        *(f"kring {name}" for name in OPERATOR),
        "kring demo",
        "kring demo-code",
    }
    assert commands_in_readme() - known == set()
    assert {"make run", "make test"} <= commands_in_readme()
    assert README.index("make run") < README.index("## ")  # the two commands come first


def test_make_run_serves_the_demo_and_demo_code_prints_a_code(project):
    copy, login_page = project
    assert "Inloggen" in login_page
    # As the README says, in the same folder after `make run`, with no settings.
    code = run(".venv/bin/kring demo-code", copy, clean_environment()).strip()
    assert re.fullmatch(r"\d{6}", code)
    # `make run` is safe to run again: the demo is loaded once (its second load adds nothing).
    again = run(".venv/bin/kring demo", copy, clean_environment(KRING_ENV="development"))
    assert "member@example.org" in again


def test_make_lint_and_extract_messages(project):
    copy, _ = project
    run("make lint", copy, clean_environment())
    run("make extract-messages", copy, clean_environment())
    changed = subprocess.run(
        [
            "diff",
            "-r",
            str(PROJECT_ROOT / "server/translations"),
            str(copy / "server/translations"),
        ],
        capture_output=True,
        text=True,
    ).stdout
    # Nothing but the template's date changed: every text of the code was extracted.
    lines = [line for line in changed.splitlines() if line[:2] in ("< ", "> ")]
    assert [line for line in lines if "POT-Creation-Date" not in line] == []


#: The operator's commands, each with arguments like the README's, in the order an
#: operator would run them on a new production installation.
OPERATOR = {
    "vapid-keys": "",
    "migrate": "",
    "create-practice": "--name 'Praktijk Noord' --admin-email beheer@example.org",
    "create-therapist": (
        "--practice 'Praktijk Noord' --email eva@example.org --name Eva"
        " --password 'een lang genoeg wachtwoord'"
    ),
    "send-reminders": "",
    "audit-export": "--from 2026-01-01 --to 2026-12-31",
    "attendance-export": "--practice 'Praktijk Noord' --from 2026-11-01 --to 2026-11-30",
    "backup": "{backup}",
}


def test_the_operators_commands_on_a_production_installation(project, tmp_path):
    copy, _ = project
    env = clean_environment(
        KRING_ENV="production",
        SECRET_KEY="readme-test-secret-key-of-enough-length",
        DATABASE_URL=f"sqlite:///{tmp_path / 'kring.sqlite3'}",
        BASE_URL="https://kring.example.nl",
        VAPID_SUBJECT="mailto:beheer@kring.example.nl",
    )
    keys = run(".venv/bin/kring vapid-keys", copy, env)
    env.update(line.split("=", 1) for line in keys.splitlines() if "=" in line)
    for name, arguments in OPERATOR.items():
        arguments = arguments.format(backup=tmp_path / "backup.sqlite3")
        run(f".venv/bin/kring {name} {arguments}", copy, env)
    assert (tmp_path / "backup.sqlite3").stat().st_size > 0
    # The deployment's app server, as the README starts it.
    port = free_port()
    gunicorn = subprocess.Popen(
        [
            str(copy / ".venv/bin/gunicorn"),
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "server:create_app()",
        ],
        cwd=copy,
        env=env,
        start_new_session=True,
    )
    try:
        assert "Inloggen" in wait_until_served(f"http://127.0.0.1:{port}/login", gunicorn, 60)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def test_a_missing_setting_is_a_message_not_a_traceback(project):
    copy, _ = project
    done = subprocess.run(
        [str(copy / ".venv/bin/kring"), "migrate"],
        cwd=copy,
        env=clean_environment(KRING_ENV="production"),
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr and "Traceback" not in done.stderr
