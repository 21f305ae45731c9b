import pytest

from tests.conftest import csrf_token, sign_in

CSP_PARTS = ["default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]


def assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    for part in CSP_PARTS:
        assert part in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/login"),
        ("GET", "/reset"),
        ("GET", "/healthz"),
        ("GET", "/static/css/kring.css"),
        ("GET", "/does-not-exist"),
        ("GET", "/invite/forged"),
        ("POST", "/login"),  # no CSRF token: an error page
        ("GET", "/logout"),  # wrong method
    ],
)
def test_headers_on_every_kind_of_response(client, method, path):
    response = client.open(path, method=method)
    assert_security_headers(response)


def test_headers_on_signed_in_pages_and_no_caching_of_personal_pages(client, world):
    sign_in(client, "a@example.org")
    for path in ("/", "/more"):
        response = client.get(path)
        assert response.status_code == 200
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_a_member_cannot_reach_the_therapist_area(client, world):
    sign_in(client, "a@example.org")
    for path in ("/therapist/", f"/therapist/groups/{world.group_a.id}"):
        assert client.get(path).status_code == 404


def test_anonymous_visitors_cannot_reach_the_therapist_area(client, world):
    response = client.get("/therapist/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_therapist_sees_only_the_groups_they_lead(client, world):
    sign_in(client, "ta@example.org")
    overview = client.get("/therapist/").get_data(as_text=True)
    assert "Groep A" in overview
    assert "Groep B" not in overview and "Groep C" not in overview
    assert client.get(f"/therapist/groups/{world.group_b.id}").status_code == 404
    assert client.get(f"/therapist/groups/{world.group_c.id}").status_code == 404
    page = client.get(f"/therapist/groups/{world.group_a.id}").get_data(as_text=True)
    assert "Anna" in page and "Bart" not in page


def test_a_member_sees_no_other_member(client, world, factory, db):
    factory.member(world.group_a, name="Zwaantje")
    db.commit()
    sign_in(client, "a@example.org")
    for path in ("/", "/more"):
        assert "Zwaantje" not in client.get(path).get_data(as_text=True)


def test_sign_out_needs_a_post_with_a_token(client, world):
    sign_in(client, "a@example.org")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/more")})
    assert client.get("/").status_code == 302
