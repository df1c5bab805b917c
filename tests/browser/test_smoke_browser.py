"""Proves the browser wiring: Playwright starts Debian's Chromium, which loads a
page from pytest-django's live server. Depends on no app page: the OpenAPI
schema view exists from the start (it may answer 401/403 without a login);
?format=json because Chromium would download the default YAML instead of showing it;
only the viewport in the screenshot, as the schema is a very long page."""


def test_chromium_loads_a_page_from_the_live_server(live_server, page, screenshot):
    response = page.goto(live_server.url + "/api/schema/?format=json")

    assert response is not None, "Chromium got no response from the live server"
    assert response.status < 500, f"/api/schema/ answered {response.status}"
    assert screenshot(page, "smoke-api-schema", full_page=False).stat().st_size > 0
