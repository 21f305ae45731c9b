"""User text to HTML (server/plaintext.py): the results are kept by text, which must
not let one text's markup stand in for another's."""

from markupsafe import Markup

from server.plaintext import linkify


def test_the_same_text_gives_the_same_markup_every_time():
    text = "Bel https://113.nl of <b>iemand</b>\nvan de groep"
    first, again = linkify(text), linkify(text)
    assert first == again
    assert '<a href="https://113.nl" rel="noopener noreferrer nofollow">' in first
    assert "&lt;b&gt;iemand&lt;/b&gt;<br>" in first


def test_a_kept_result_for_markup_is_never_served_for_plain_text():
    # Markup and str of the same characters compare equal; escaping treats them
    # differently, so they must not share a cached result.
    assert linkify(Markup("<b>vet</b>")) == "vet"  # markup: tags outside the allowlist go
    assert linkify("<b>vet</b>") == "&lt;b&gt;vet&lt;/b&gt;"  # text: shown as typed
