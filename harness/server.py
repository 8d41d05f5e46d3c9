"""`streamlit run app.py` on a free port of this machine, and the free ports
themselves: for the browser tests, the benchmarks and any test that starts a server."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on now (the system's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(count: int, address: str = "127.0.0.1", tries: int = 50) -> int:
    """A port P such that P, P+1, ..., P+count-1 are all free now."""
    for _ in range(tries):
        base = free_port()
        if base + count > 65535:
            continue
        if all(_bindable(address, p) for p in range(base, base + count)):
            return base
    raise RuntimeError(f"found no {count} free ports in a row")


def _bindable(address: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def wait_listening(port: int, timeout: float = 15) -> None:
    """Wait until something accepts connections on 127.0.0.1:`port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def stop_process(process: subprocess.Popen | None, timeout: float) -> None:
    """SIGTERM, as Ctrl+C would, and wait; SIGKILL if it is still there after
    `timeout` seconds. Nothing to do for a process never started or already ended."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def process_status(process: subprocess.Popen | None) -> str:
    if process is None:
        return "not started"
    code = process.poll()
    return "running" if code is None else f"exited with code {code}"


class ServerDidNotStart(RuntimeError):
    pass


class Server:
    """`streamlit run app.py` on a free localhost port, its output in `log_path`."""

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.log_path = Path(log_path)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip

    def start(self, timeout: float = 60.0) -> float:
        """Start the server and wait until /_stcore/health says ok; returns the seconds
        that took. Raises ServerDidNotStart, with the server's output, if it does not."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        began = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
        log.close()  # the child holds its own copy
        health = f"{self.url}_stcore/health"
        deadline = began + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise ServerDidNotStart(
                    f"`streamlit run app.py` exited with {self.process.returncode} "
                    f"before it was healthy. Its output:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(health, timeout=1) as reply:
                    if reply.read().decode().strip() == "ok":
                        return time.perf_counter() - began
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)
        self.stop()
        raise ServerDidNotStart(
            f"`streamlit run app.py` was not healthy at {health} after {timeout:.0f} s. "
            f"Its output:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        stop_process(self.process, timeout=10)

    def status(self) -> str:
        return process_status(self.process)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return "(no output captured)"
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"


@contextmanager
def running_server(log_path: Path) -> Iterator[Server]:
    server = Server(log_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()
