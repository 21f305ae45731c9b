"""The kept parts (server/fragments.py: the layout's, the home's install hint) are kept
per language and per kind of reader: one reader's page never brings another's words or
notes."""

from tests.conftest import csrf_token, sign_in


def test_each_language_gets_its_own_layout(client, world):
    sign_in(client, "a@example.org")
    page = client.get("/").get_data(as_text=True)
    assert "Naar de inhoud" in page and "Zet Kring op je beginscherm" in page
    token = csrf_token(client, "/more")
    client.post("/language", data={"csrf_token": token, "locale": "en", "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert "Skip to content" in page and "Naar de inhoud" not in page
    # The home's install hint is kept too, per language.
    assert "Put Kring on your home screen" in page and "beginscherm" not in page


def test_the_offline_queue_note_is_a_members_only(app, world):
    member, therapist = app.test_client(), app.test_client()
    sign_in(member, "a@example.org")
    sign_in(therapist, "ta@example.org")
    for _ in range(2):  # whichever was rendered and kept first
        home, week = member.get("/"), therapist.get("/therapist/")
        assert home.status_code == week.status_code == 200
        assert "data-queue-note" in home.get_data(as_text=True)
        assert "data-queue-note" not in week.get_data(as_text=True)
