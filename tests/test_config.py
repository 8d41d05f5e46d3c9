"""What `.streamlit/config.toml` promises, read as Streamlit reads it: no usage
statistics and no external lookups, an unexpected error shows a student neither
a traceback nor links to other sites, and a class's server does not spend its time
watching files or forcing garbage collections (issue 12)."""

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
    assert settings["server"]["fileWatcherType"] == "none"
    assert settings["runner"]["postScriptGC"] is False
    assert settings["server"]["maxUploadSize"] == 1  # megabytes; the model file is 64 KiB


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
    assert 'fileWatcherType = "none"' in lines
    assert "maxUploadSize = 1" in lines
    # runner.postScriptGC is a hidden option, which `config show` leaves out
    read = subprocess.run(
        [sys.executable, "-c", "from streamlit import config; config.get_config_options(); "
         "print(config.get_option('runner.postScriptGC'))"],
        cwd=CONFIG.parents[1], capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert read.stdout.strip() == "False", read.stderr
