"""`{% kept "name", key... %}...{% endkept %}`: a part of a template rendered once per
key and process, then served as it was (Jinja's documented fragment-cache extension,
kept in a dict). For the layout's parts that are the same on every page for everyone
with the same key: its links, static paths and translated words were a fifth of a
member page's time (the layout alone, without a page in it, 0.8 of 4.2 ms per home).

Only for parts with nothing of the reader's own in them, and whatever they depend on
in the key: the language, and the path the app is served under. In debug mode nothing
is kept, so an edited template shows at once.
"""

from __future__ import annotations

from flask import current_app
from jinja2 import nodes
from jinja2.ext import Extension

# Languages x parts x the few paths the app is served under; past this, a part is
# rendered every time rather than the dict growing with whatever a request brings.
KEPT_AT_MOST = 256


class KeptFragments(Extension):
    tags = {"kept"}

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.extend(kept_fragments={})

    def parse(self, parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        key = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            key.append(parser.parse_expression())
        body = parser.parse_statements(("name:endkept",), drop_needle=True)
        call = self.call_method("_kept", [nodes.Tuple(key, "load")])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _kept(self, key: tuple, caller) -> str:
        kept = self.environment.kept_fragments
        html = kept.get(key)
        if html is None:
            html = caller()
            if not current_app.debug and len(kept) < KEPT_AT_MOST:
                kept[key] = html
        return html
