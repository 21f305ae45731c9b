"""Which push endpoints the server may post to: the guard against SSRF.

A member's browser hands over the endpoint, so it is a URL anyone can write. Checking
the host with one parser and sending with another is how `https://127.0.0.2\\@fcm...`
got through: `urlsplit` read fcm.googleapis.com, urllib3 (which requests sends with)
read 127.0.0.2. So an endpoint is accepted only when it has the plain shape every push
service uses (no userinfo, port, fragment, backslash, IP literal, control character or
percent-encoded host) and both parsers read the same scheme, host and port from it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

MAX_LENGTH = 1000
# The push services of the browsers people use; an endpoint elsewhere is refused.
PUSH_SERVICES = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera, Brave
    "updates.push.services.mozilla.com",  # Firefox
    "push.services.mozilla.com",
    "web.push.apple.com",  # Safari, and every browser on iPhone and iPad
    "notify.windows.com",  # Edge on Windows
)
# Lower-case DNS names of two labels or more whose last label starts with a letter: no
# IP address in any spelling (dotted, decimal, hex, octal; IPv6 needs brackets) fits.
_HOST = r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?"
# What the services' paths and queries are made of (FCM has ':', WNS '?', '=', '%').
_PATH = r"/[A-Za-z0-9._~:/?=&%+-]*"
_PUBLIC = re.compile(rf"https://(?P<host>{_HOST}){_PATH}")
# Development and tests only: a local push service, plain http and a port allowed.
_LOCAL = re.compile(rf"https?://(?P<host>[a-z0-9.-]+)(?::[0-9]{{1,5}})?{_PATH}")


class EndpointRefused(ValueError):
    pass


def _is_under(host: str, names: tuple[str, ...]) -> bool:
    return any(host == name or host.endswith("." + name) for name in names)


def check(endpoint: str, config: dict) -> str:
    """The endpoint when the server may post to it; EndpointRefused otherwise."""
    if len(endpoint) > MAX_LENGTH:
        raise EndpointRefused("too long for a push service's address")
    public = _PUBLIC.fullmatch(endpoint)
    local_names = tuple(config.get("PUSH_EXTRA_SERVICES", ()))
    local = _LOCAL.fullmatch(endpoint) if local_names else None
    if public and _is_under(public["host"], PUSH_SERVICES):
        host = public["host"]
    elif local and local["host"] in local_names:
        host = local["host"]
        if endpoint.startswith("http:") and not config.get("PUSH_ALLOW_HTTP"):
            raise EndpointRefused("not https")
    else:
        raise EndpointRefused("not a known push service")
    _check_parsers_agree(endpoint, host)
    return endpoint


def _check_parsers_agree(endpoint: str, host: str) -> None:
    """The host checked here is the host urllib3 will connect to."""
    try:
        sender, checker = parse_url(endpoint), urlsplit(endpoint)
        checker_port = checker.port
    except (LocationParseError, ValueError) as error:
        raise EndpointRefused("not a URL") from error
    seen = {
        (sender.scheme, sender.host, sender.port, sender.auth),
        (checker.scheme, checker.hostname, checker_port, checker.username),
    }
    if len(seen) != 1 or sender.host != host or sender.auth is not None:
        raise EndpointRefused("read differently by the parser that sends")
