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

# No app server answered (HAProxy down, none in rotation, or a timeout): instead
# of Varnish's own "Backend fetch failed", the site's "temporarily unavailable"
# page (as cms/errors.py renders it during a database outage), in the language of
# the URL, with Retry-After, and never kept.
sub vcl_backend_error {
    set beresp.status = 503;
    set beresp.http.Content-Type = "text/html; charset=utf-8";
    set beresp.http.Retry-After = "30";
    set beresp.http.Cache-Control = "no-store, no-cache, must-revalidate, max-age=0";
    set beresp.ttl = 0s;
    set beresp.grace = 0s;
    set beresp.uncacheable = true;
    if (bereq.url ~ "^/ko(/|$)") {
        set beresp.http.Content-Language = "ko";
        synthetic({"<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>일시적으로 이용할 수 없습니다 — NKHR</title></head>
<body>
  <main>
    <h1>일시적으로 이용할 수 없습니다</h1>
    <p>지금은 이 페이지를 표시할 수 없습니다. 잠시 후 다시 시도해 주세요.</p>
    <p><a href="/ko/">홈으로 가기</a></p>
  </main>
</body>
</html>
"});
    } else {
        set beresp.http.Content-Language = "en";
        synthetic({"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temporarily unavailable — NKHR</title></head>
<body>
  <main>
    <h1>Temporarily unavailable</h1>
    <p>The site cannot show this page at the moment. Please try again in a minute.</p>
    <p><a href="/en/">Go to the home page</a></p>
  </main>
</body>
</html>
"});
    }
    return (deliver);
}
