"""A phone's first visit, counted by Chromium itself: every response's bytes as
received, and the websocket's."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass

from playwright.sync_api import Browser

from harness.page import wait_idle

PHONE = {"width": 390, "height": 844}


@dataclass
class Response:
    url: str
    status: int
    mime: str
    encoding: str  # Content-Encoding ("" for none)
    size: int  # bytes received: headers and body, as sent (Chromium's encodedDataLength)


@dataclass
class FirstLoad:
    """What one browser's first visit to a page moved, counted by Chromium itself
    through the DevTools protocol: each HTTP response's `encodedDataLength` at
    `Network.loadingFinished` (the bytes received for it: headers, and the body as it
    was sent, compressed or not), and the websocket's messages (their payloads, as
    Chromium hands them to the page)."""

    url: str
    responses: list[Response]
    websocket_bytes: int
    connections: int  # distinct HTTP connections Chromium used

    @property
    def http_bytes(self) -> int:
        return sum(r.size for r in self.responses)

    @property
    def total(self) -> int:
        return self.http_bytes + self.websocket_bytes

    @property
    def requests(self) -> int:
        return len(self.responses)


def first_load(
    browser: Browser, url: str, viewport: dict | None = None, quiet_ms: int = 1500
) -> FirstLoad:
    """A fresh browser context (nothing cached) opens `url` at a phone's size; counted
    until the page is connected, its script has run and no request has started or
    ended for `quiet_ms`."""
    context = browser.new_context(viewport=viewport or PHONE, ignore_https_errors=True)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        asked: dict[str, dict] = {}  # requestId: what is known of it
        websocket = [0]
        last = [time.monotonic()]

        def sent(event) -> None:
            if event["request"]["url"].startswith("http"):
                asked[event["requestId"]] = {"url": event["request"]["url"]}
                last[0] = time.monotonic()

        def answered(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                r = event["response"]
                headers = {k.lower(): v for k, v in r["headers"].items()}
                known.update(
                    status=r["status"], mime=r["mimeType"], connection=r.get("connectionId"),
                    encoding=headers.get("content-encoding", ""),
                )  # fmt: skip

        def finished(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                known["size"] = int(event["encodedDataLength"])
                last[0] = time.monotonic()

        def failed(event) -> None:
            known = asked.get(event["requestId"])
            if known is not None:
                known.setdefault("status", 0)
                known["size"] = 0
                last[0] = time.monotonic()

        def frame(event) -> None:
            data = event["response"]
            payload = data["payloadData"]
            # binary frames come base64-encoded: count the bytes they stand for
            binary = data["opcode"] == 2
            websocket[0] += len(base64.b64decode(payload)) if binary else len(payload.encode())

        cdp.on("Network.requestWillBeSent", sent)
        cdp.on("Network.responseReceived", answered)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.loadingFailed", failed)
        cdp.on("Network.webSocketFrameReceived", frame)
        page.goto(url, timeout=120_000)
        wait_idle(page, timeout=120_000)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (
            time.monotonic() - last[0] < quiet_ms / 1000
            or any("size" not in known for known in asked.values())
        ):
            page.wait_for_timeout(100)
        responses = [
            Response(k["url"], k.get("status", 0), k.get("mime", ""), k.get("encoding", ""),
                     k.get("size", 0))
            for k in asked.values()
        ]  # fmt: skip
        connections = {k.get("connection") for k in asked.values()} - {None, 0}
        return FirstLoad(url, responses, websocket[0], len(connections))
    finally:
        context.close()
