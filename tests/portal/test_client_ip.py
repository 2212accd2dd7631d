"""One answer to "which address is this visitor": allauth's, through the
proxies the portal trusts (TRUSTED_PROXY_COUNT)."""

from portal.http import client_ip


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "10.0.0.9"


def test_behind_one_proxy_the_address_it_added_counts(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = rf.get(
        "/",
        REMOTE_ADDR="10.0.0.1",
        # The visitor wrote the first entry; the load balancer appended the last.
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    assert client_ip(request) == "203.0.113.7"


def test_behind_two_proxies_the_outer_ones_entry_counts(rf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.2"
    )
    assert client_ip(request) == "203.0.113.7"
