"""The address phones open: the teacher's page's own, this machine's on the local
network in place of a loopback one, or the public address an administrator set.

A teacher often opens the lesson at http://localhost:8501/lesson. A join link or QR
code built on that address names the phone itself, so no student can open it. When the
page was opened at a loopback address, the links use this machine's address on the
local network instead, as Streamlit's own "Network URL" does, keeping the page's port
and path. NNADD_PUBLIC_URL (the app's address behind a balancer or on a school's
domain, such as https://class.school.example/nnadd) overrides both.

Nothing here looks anything up: the page passes its address, the network address it
found (nnadd/ui/streamlit_internals.network_address) and the variable's value.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from nnadd.i18n import _

ENV = "NNADD_PUBLIC_URL"
EXAMPLE = "https://class.school.example/nnadd"


@dataclass(frozen=True)
class PublicAddress:
    """Where the page's links point, and what the page should say about it."""

    url: str | None  # the page's address as phones open it (no query); None: unknown
    network: str | None  # "192.168.1.23:8501" when it replaced a loopback address
    problem: str | None  # why NNADD_PUBLIC_URL was left out, one sentence; None: it wasn't


def on_this_machine(host: str | None) -> bool:
    """Whether `host` is a loopback address (localhost, 127.x, ::1): this machine to
    itself, and to a phone the phone."""
    host = (host or "").strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_address(
    page_url: str | None, network_address: str | None, public_url: str | None
) -> PublicAddress:
    """The address to build phones' links on, from the page's own address (st.context.url),
    this machine's address on the local network (None: no network) and NNADD_PUBLIC_URL
    (None or empty: unset).

    - NNADD_PUBLIC_URL, when it is a web address: the app is there, so the page is its
      own name (the last segment of its path, e.g. "lesson") under it.
    - Else a page opened at a loopback address, with a network address: the page's
      address with the network address as its host; its scheme, port and path kept.
    - Else the page's own address.

    A variable that is not a web address is left out, and `problem` says so."""
    page = (page_url or "").split("?")[0].split("#")[0] or None
    public, problem = _checked(public_url)
    try:  # the browser says where the page is: anything may come
        parts = urlsplit(page) if page else None
        port = parts.port if parts else None
    except ValueError:
        parts = port = None
    if public is not None:
        name = parts.path.rstrip("/").rpartition("/")[2] if parts else ""
        return PublicAddress(f"{public}/{name}", None, problem)
    network = _address(network_address)
    if parts is None or network is None or not on_this_machine(parts.hostname):
        return PublicAddress(page, None, problem)
    host = f"[{network}]" if ":" in network else network
    netloc = host if port is None else f"{host}:{port}"
    return PublicAddress(parts._replace(netloc=netloc).geturl(), netloc, problem)


def _address(found: str | None) -> str | None:
    """The network address if it is one a phone could reach: an IP address, not loopback."""
    try:
        ip = ipaddress.ip_address((found or "").strip())
    except ValueError:
        return None
    return None if ip.is_loopback or ip.is_unspecified else str(ip)


def _checked(value: str | None) -> tuple[str | None, str | None]:
    """NNADD_PUBLIC_URL without its trailing slashes, or None and why it was left out."""
    value = (value or "").strip()
    if not value:
        return None, None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port that is not a number raises here)
        usable = (
            parts.scheme in ("http", "https")
            and bool(parts.hostname)
            and "@" not in parts.netloc
            and not parts.query
            and not parts.fragment
            and value.isprintable()
            and " " not in value
        )
    except ValueError:
        usable = False
    if usable:
        return value.rstrip("/"), None
    return None, _(
        "{name} is {value}, which is not a web address such as {example}: the links leave it out."
    ).format(name=ENV, value=value, example=EXAMPLE)


def where_phones_go(network: str) -> str:
    """The line under a QR code whose link names this machine's network address."""
    # Translators: {address} is this computer's address on the network, e.g. 192.168.1.23:8501
    return _("Phones reach this computer at {address}.").format(address=network)
