# Varnish in front of the NKHR site (docs/deploy.md). Debian's varnish 7.
# nginx (TLS, /media/) -> this Varnish :6081 -> HAProxy :8080 -> gunicorn app servers.
#
# It keeps only what the site itself marks "public" (Cache-Control), i.e. pages that
# are the same bytes for every visitor (nkhr_pages/shared_caches.py). Everything
# private, every POST, the admin, sessions and the health check go through.
# Publishing purges the page, its subtree and its parent (Wagtail's front-end cache,
# FRONTEND_CACHE_PURGE_URL=http://127.0.0.1:6081); other pages (menus, listings)
# follow within PAGE_TTL. PURGE and BAN are accepted only from the app servers.
vcl 4.1;

import std;

backend balancer {
    .host = "127.0.0.1";
    .port = "8080";                 # HAProxy, which balances between the app servers
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .between_bytes_timeout = 30s;
    # HAProxy's monitor URI answers 503 when no app server is up: Varnish then
    # serves what it holds (grace) instead of errors.
    .probe = {
        .url = "/haproxy-up";
        # Two good probes of three, one a second: Varnish sends traffic again
        # within ~2 s of HAProxy having a server back (the monitor URI is answered
        # by HAProxy itself, so probing often costs nothing).
        .interval = 1s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Only the app servers (where Wagtail publishes) may purge. Add each app host.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # BAN /en/campaigns/ removes every URL starting with it.
        ban("obj.http.x-url ~ ^" + req.url);
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|health)/" || req.url ~ "^/(en|ko)/search/\?") {
        return (pass);
    }
    # Editors, visitors who typed a page's password, and messages after a form.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # While the app servers are up, an expired page is refetched after 10 s of
    # grace at most; when none is, whatever is held (up to a day) is served.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    # A CSRF cookie alone does not make a page personal: the site marks every
    # response that uses it private, and those are never stored.
    return (hash);
}

sub vcl_hash {
    # One site under several host names (nkhr.or.kr, www.): the path alone, so the
    # PURGE that Wagtail sends with the site's own host name finds the object.
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    set beresp.http.x-url = bereq.url;      # for BAN
    set beresp.grace = 24h;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public"
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 5s;                # remember "do not cache" briefly: the
                                            # next answer may be the public one
        return (deliver);
    }
    if (beresp.http.Cache-Control ~ "max-age=0") {
        # "public, max-age=0": browsers revalidate, Varnish keeps it until a
        # purge, or PAGE_TTL for the pages that only show what changed.
        set beresp.ttl = 120s;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
}
