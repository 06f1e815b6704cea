"""The set-up script's logic, run on a copy of the project against stand-in tools.

Nothing here depends on what this machine has installed: apt, dpkg, the compilers, LaTeX
and the venv's Python are small scripts that record how they were called, so the tests
check what the script decides (install or skip, which packages, which extras), not the
machine's toolchain.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP = ROOT / "scripts" / "setup.sh"

# What the script itself needs from a POSIX system, without any package manager.
BASIC_TOOLS = ("bash", "cat", "cut", "dirname", "grep", "id", "sed", "sha256sum", "tr", "env",
               "printf")  # fmt: skip
TOOLCHAIN = ("pkg-config", "cc", "latex", "dvisvgm", "python3")


def _recorder(path: Path, log: Path, body: str = "exit 0") -> None:
    """A stand-in command that appends its name and arguments to ``log``."""
    path.write_text(f'#!/bin/sh\necho "${{0##*/}} $*" >> "{log}"\n{body}\n')
    path.chmod(0o755)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the script and pyproject.toml, with a fake bin folder and a call log."""
    copy = tmp_path / "project"
    (copy / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, copy / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in BASIC_TOOLS:
        real = shutil.which(tool)
        assert real, f"{tool} missing on the test machine"
        (fake / tool).symlink_to(real)
    return copy


def _run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    fake = project.parent / "bin"
    return subprocess.run(
        ["bash", str(project / "scripts" / "setup.sh"), *args],
        env={"PATH": str(fake), "HOME": str(project.parent)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _calls(project: Path) -> list[str]:
    log = project.parent / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def _fake_toolchain(project: Path, *, apt: bool, installed: bool = True) -> None:
    fake, log = project.parent / "bin", project.parent / "calls.log"
    for tool in TOOLCHAIN:
        _recorder(fake / tool, log)
    if apt:
        status = "install ok installed" if installed else "unknown ok not-installed"
        _recorder(fake / "dpkg-query", log, f'printf "%s" "{status}"')
        _recorder(fake / "apt-get", log)
    venv_python = project / ".venv" / "bin" / "python"
    venv_python.parent.mkdir(parents=True)
    _recorder(venv_python, log)


def _stamp(project: Path, mode: str) -> None:
    digest = hashlib.sha256(
        (project / "pyproject.toml").read_bytes() + (project / "scripts" / "setup.sh").read_bytes()
    ).hexdigest()
    (project / ".venv" / ".installed").write_text(f"{digest} {mode}\n")


def test_no_apt_and_missing_tools_gives_one_clear_message(project: Path) -> None:
    result = _run(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith("setup: error: no apt-get on this machine")
    for tool in ("pkg-config", "cc", "latex", "dvisvgm"):
        assert tool in first
    assert "brew install" in result.stderr  # says how, for macOS


def test_no_apt_but_everything_present_goes_on(project: Path) -> None:
    _fake_toolchain(project, apt=False)
    _stamp(project, "render")
    result = _run(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "setup: no apt-get; the tools manim needs are all present",
        "setup: virtual environment: up to date",
    ]
    assert not [c for c in _calls(project) if c.startswith("python")]  # nothing installed


def test_missing_packages_are_installed_and_the_project_with_them(project: Path) -> None:
    _fake_toolchain(project, apt=True, installed=False)
    result = _run(project)
    assert result.returncode == 0, result.stderr
    installs = [c for c in _calls(project) if c.startswith("apt-get") and " install " in c]
    assert len(installs) == 1
    assert "libcairo2-dev" in installs[0] and "texlive-latex-extra" in installs[0]
    assert "chromium" not in installs[0]  # a render set-up stays lean
    assert "python -m pip install --quiet -e ." in _calls(project)


def test_the_test_set_up_adds_the_browser_libreoffice_and_the_dev_extras(project: Path) -> None:
    _fake_toolchain(project, apt=True, installed=False)
    result = _run(project, "test")
    assert result.returncode == 0, result.stderr
    install = next(c for c in _calls(project) if c.startswith("apt-get") and " install " in c)
    assert "chromium" in install and "libreoffice-impress" in install
    assert "python -m pip install --quiet -e .[dev]" in _calls(project)


def test_second_run_skips_everything(project: Path) -> None:
    _fake_toolchain(project, apt=True, installed=True)
    _stamp(project, "render")
    result = _run(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "setup: system packages: all present",
        "setup: virtual environment: up to date",
    ]
    assert not [c for c in _calls(project) if c.startswith(("apt-get", "python"))]


def test_a_test_set_up_serves_render_but_not_the_other_way_round(project: Path) -> None:
    _fake_toolchain(project, apt=True, installed=True)
    _stamp(project, "test")
    assert _run(project).stdout.splitlines()[-1] == "setup: virtual environment: up to date"
    _stamp(project, "render")
    result = _run(project, "test")
    assert "installing the project" in result.stdout
    assert "python -m pip install --quiet -e .[dev]" in _calls(project)


def test_an_unknown_mode_is_refused(project: Path) -> None:
    result = _run(project, "everything")
    assert result.returncode == 2
    assert result.stderr.strip() == "setup: error: unknown mode everything (render or test)"
