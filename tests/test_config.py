"""What `.streamlit/config.toml` promises, read as Streamlit reads it: no usage
statistics and no external lookups, and an unexpected error shows a student neither
a traceback nor links to other sites."""

import subprocess
import sys
import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml"


def test_the_config_keeps_the_page_offline_and_quiet_about_errors():
    settings = tomllib.loads(CONFIG.read_text())
    assert settings["browser"]["gatherUsageStats"] is False
    assert settings["client"]["showErrorDetails"] == "none"
    assert settings["client"]["showErrorLinks"] is False


def test_streamlit_reads_the_same_values_from_the_file():
    """`streamlit config show`, run where `streamlit run app.py` runs, prints the
    values it took from the file."""
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=CONFIG.parents[1], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    lines = {line.strip() for line in shown.stdout.splitlines()}
    assert {"showErrorLinks = false", 'showErrorDetails = "none"'} <= lines
    assert "gatherUsageStats = false" in lines
