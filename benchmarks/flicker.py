"""Does the live chart flicker? Records every frame Chromium paints during a Watch run
(a CDP screencast) and counts the frames in which the chart shows no lines at all.

    python -m benchmarks.flicker [--seconds 6] [--repeats 3]

A blank frame is one where the chart's area has fewer than 200 strongly coloured
pixels: the weights' and the error's lines are blue, orange, purple and red.
"""

from __future__ import annotations

import argparse
import base64
import io
import tempfile
import time
from pathlib import Path

from PIL import Image

import harness as h

VIEWPORT = {"width": 1280, "height": 1300}


def coloured_pixels(frame: Image.Image, box: dict) -> int:
    scale_x = frame.width / VIEWPORT["width"]
    scale_y = frame.height / VIEWPORT["height"]
    area = frame.crop((
        int(box["x"] * scale_x), int(box["y"] * scale_y),
        int((box["x"] + box["width"]) * scale_x), int((box["y"] + box["height"]) * scale_y),
    ))  # fmt: skip
    pixels = area.convert("RGB").get_flattened_data()
    return sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 90)


def one_run(browser, url: str, seconds: float, scheme: str) -> tuple[int, int, str]:
    visit = h.open_visit(browser, url, viewport=VIEWPORT)
    page = visit.page
    try:
        page.emulate_media(color_scheme=scheme)  # Streamlit follows the system's theme
        h.load(page, url)
        box = page.locator(h.LIVE_CHART).bounding_box()
        frames: list[bytes] = []
        cdp = page.context.new_cdp_session(page)

        def keep(event: dict) -> None:
            frames.append(base64.b64decode(event["data"]))
            cdp.send("Page.screencastFrameAck", {"sessionId": event["sessionId"]})

        cdp.on("Page.screencastFrame", keep)
        cdp.send("Page.startScreencast", {"format": "png", "everyNthFrame": 1,
                                          "maxWidth": VIEWPORT["width"],
                                          "maxHeight": VIEWPORT["height"]})  # fmt: skip
        h.button(page, "Train").click()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            page.wait_for_timeout(50)
        cdp.send("Page.stopScreencast")
        background = page.evaluate(
            "getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        h.button(page, "Pause").click()
    finally:
        visit.close()
    # from the first frame with lines on: before it, the untrained chart shows dots only
    counts = [coloured_pixels(Image.open(io.BytesIO(f)), box) for f in frames]
    first = next((i for i, c in enumerate(counts) if c >= 200), len(counts))
    painted = counts[first:]
    return len(painted), sum(1 for c in painted if c < 200), background


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    log = Path(tempfile.mkdtemp()) / "server.log"
    with h.running_server(log) as server, h.chromium() as browser:
        for scheme in ("light", "dark"):
            for _ in range(args.repeats):
                frames, blank, bg = one_run(browser, server.url, args.seconds, scheme)
                print(
                    f"{scheme:>5} (page background {bg}): {frames} frames painted during "
                    f"a Watch run, {blank} with a blank chart"
                )


if __name__ == "__main__":
    main()
