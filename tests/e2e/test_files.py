"""Files in a real browser: the model downloaded after a run is the CLI's network to
the last digit, and uploading it into a fresh page puts that network back."""

import json

import pytest

import harness as h

pytestmark = pytest.mark.e2e


def test_download_the_model_then_upload_it_into_a_fresh_page(visit, browser, server, tmp_path):
    page = visit.page
    reference = h.cli_reference(42)
    h.fast_run_seconds(page, reference)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the model (JSON)").click()
    saved = tmp_path / "model.json"
    download.value.save_as(saved)
    model = json.loads(saved.read_text())
    assert (model["weights"], model["bias"]) == (reference["weights"], reference["bias"])
    assert model["epoch"] == 10_000

    fresh = h.open_visit(browser, server.url)
    try:
        h.load(fresh.page, server.url)
        assert h.epoch(fresh.page) == 0
        before = h.runs_finished(fresh.page)
        fresh.page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(saved)
        h.wait_runs_finished(fresh.page, before)
        h.wait_metric(fresh.page, "Epoch", "10,000")
        assert h.shown_weights(fresh.page) == h.rounded_weights(reference)
        assert "Loaded model.json" in fresh.page.inner_text("[data-testid='stMain']")
        assert not h.exceptions(fresh.page)
    finally:
        fresh.close()
