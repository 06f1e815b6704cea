"""The set-up script: idempotent on this machine, and a clear message where apt is missing."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETUP = ROOT / "scripts" / "setup.sh"

# What the script itself needs from a POSIX system, without any package manager.
BASIC_TOOLS = ("bash", "cat", "cut", "dirname", "grep", "id", "sed", "sha256sum", "tr", "env")


def _bin_without(tmp_path: Path, tools: tuple[str, ...]) -> Path:
    fake = tmp_path / "bin"
    fake.mkdir()
    for tool in tools:
        real = shutil.which(tool)
        assert real, f"{tool} missing on the test machine"
        (fake / tool).symlink_to(real)
    return fake


def test_no_apt_and_missing_tools_gives_one_clear_message(tmp_path: Path) -> None:
    fake = _bin_without(tmp_path, BASIC_TOOLS)
    result = subprocess.run(
        ["bash", str(SETUP)],
        env={"PATH": str(fake), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith("setup: error: no apt-get on this machine")
    for tool in ("pkg-config", "cc", "latex", "dvisvgm"):
        assert tool in first
    assert "brew install" in result.stderr  # says how, for macOS


def test_no_apt_but_everything_present_goes_on(tmp_path: Path) -> None:
    tools = (*BASIC_TOOLS, "pkg-config", "cc", "latex", "dvisvgm", "python3")
    missing = [t for t in tools if not shutil.which(t)]
    assert not missing, f"this machine should have the full toolchain after set-up: {missing}"
    fake = _bin_without(tmp_path, tools)
    # A project copy whose venv is already up to date, so the script touches nothing real.
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(SETUP, project / "scripts" / "setup.sh")
    shutil.copy(ROOT / "pyproject.toml", project / "pyproject.toml")
    (project / ".venv" / "bin").mkdir(parents=True)
    (project / ".venv" / "bin" / "python").symlink_to(shutil.which("python3"))
    digest = hashlib.sha256(
        (project / "pyproject.toml").read_bytes() + (project / "scripts" / "setup.sh").read_bytes()
    ).hexdigest()
    (project / ".venv" / ".installed").write_text(digest + "\n")
    result = subprocess.run(
        ["bash", str(project / "scripts" / "setup.sh")],
        env={"PATH": str(fake), "HOME": str(tmp_path), **_pkg_config_env()},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "setup: no apt-get; the tools manim needs are all present",
        "setup: virtual environment: up to date",
    ]


def test_second_run_skips_everything() -> None:
    result = subprocess.run(
        ["bash", str(SETUP)], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(
        ["bash", str(SETUP)], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "setup: system packages: all present",
        "setup: virtual environment: up to date",
    ]


def _pkg_config_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("PKG_CONFIG")}
