"""Right after signing in, the page and the service worker (keeping the plan and the
rooster for offline) ask for pages at the same moment, each with the sign-in's cookie.
Whichever answer's cookie the browser keeps, the forms of the others must still work:
the CSRF token is made at sign-in, not by the first page."""

import re

from tests.conftest import sign_in


def test_forms_work_whichever_first_page_answered_last(client, world):
    sign_in(client, "a@example.org")
    cookie_name = client.application.config["SESSION_COOKIE_NAME"]
    signed_in = client.get_cookie(cookie_name).value
    more = client.get("/more").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', more).group(1)
    # The worker's fetch of the plan started with the same cookie and answered last.
    client.set_cookie(cookie_name, signed_in)
    assert client.get("/plan/").status_code == 200
    response = client.post("/language", data={"csrf_token": token, "locale": "en"})
    assert response.status_code == 302
