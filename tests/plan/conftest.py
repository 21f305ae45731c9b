import re

import pytest

from tests.conftest import csrf_token, sign_in


class PlanClient:
    """A signed-in member's client with helpers that read the plan's version."""

    def __init__(self, client):
        self.client = client

    def version(self) -> int:
        page = self.client.get("/plan/sections/warning_signs").get_data(as_text=True)
        return int(re.search(r'name="version" value="(\d+)"', page).group(1))

    def post(self, path, version=None, **data):
        token = csrf_token(self.client, "/plan/")
        version = self.version() if version is None else version
        return self.client.post(path, data={"csrf_token": token, "version": version, **data})

    def add(self, section, text, phase="", version=None):
        return self.post("/plan/items", version, section=section, text=text, phase=phase)

    def page(self, path="/plan/"):
        return self.client.get(path).get_data(as_text=True)


@pytest.fixture
def member(client, world):
    sign_in(client, "a@example.org")
    return PlanClient(client)
