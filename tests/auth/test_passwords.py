from argon2 import extract_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from server.security import _common_passwords, hash_password, password_problem, verify_password


def test_hashes_are_argon2id_with_at_least_64_mib_and_three_passes():
    parameters = extract_parameters(hash_password("een lange genoeg zin"))
    assert parameters.type.name == "ID"
    assert parameters.memory_cost >= 65536
    assert parameters.time_cost >= 3


def test_short_and_common_passwords_are_refused(app):
    with app.app_context():
        assert "10" in password_problem("kort")
        assert password_problem("Wachtwoord123") is not None
        assert password_problem("1234567890") is not None
        assert password_problem("sanne@example.org", "Sanne@example.org") is not None
        assert password_problem("x" * 129) is not None
        assert password_problem("geen regels, wel lang") is None


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=10, max_size=128))
def test_any_password_of_10_to_128_characters_is_accepted_and_not_truncated(password):
    from server import create_app
    from tests.conftest import config_for

    with create_app(config_for("sqlite://")).app_context():
        refused = password_problem(password) is not None
    assert refused == (password.strip().lower() in _common_passwords())
    hashed = hash_password(password)
    assert verify_password(hashed, password)
    assert not verify_password(hashed, password[:-1])
