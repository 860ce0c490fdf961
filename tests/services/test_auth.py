"""Sign-in, sessions, CSRF, cross-site refusal, rate limits, page guards and security headers over HTTP."""
import json

from conftest import PASSWORD, csrf_token, sign_in

from services import audit, users
from services.access import access_for


def test_sign_in_sets_a_hardened_session_and_shows_the_user(client, engine):
    users.add_user(engine, "budi", PASSWORD, "analis")
    response = sign_in(client, "budi")
    assert response.status_code == 303 and response.headers["Location"] == "/katalog"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    layout = client.get("/_dash-layout").get_data(as_text=True)
    assert "budi" in layout
    log = audit.entries(engine, access_for("admin", "root"))
    assert log.iloc[0]["action"] == "login" and log.iloc[0]["actor"] == "budi"


def test_wrong_password_is_refused_and_audited(client, engine):
    users.add_user(engine, "budi", PASSWORD, "analis")
    response = sign_in(client, "budi", "not the password")
    assert response.status_code == 303 and "gagal=1" in response.headers["Location"]
    assert "budi" not in client.get("/_dash-layout").get_data(as_text=True)
    log = audit.entries(engine, access_for("admin", "root"), action="login_failed")
    assert list(log["actor"]) == ["budi"] and not log.iloc[0]["success"]


def test_next_only_follows_local_paths(client, engine):
    users.add_user(engine, "budi", PASSWORD, "analis")
    token = csrf_token(client)
    response = client.post("/auth/masuk", data={"username": "budi", "password": PASSWORD, "csrf_token": token,
                                                "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_sign_in_without_csrf_token_is_refused(client, engine):
    users.add_user(engine, "budi", PASSWORD, "analis")
    response = client.post("/auth/masuk", data={"username": "budi", "password": PASSWORD})
    assert response.status_code == 400
    assert "budi" not in client.get("/_dash-layout").get_data(as_text=True)


def test_forged_cross_site_posts_are_refused(client, login):
    login(client, "admin")
    evil = {"Origin": "http://evil.example"}
    # a cross-site form post (even one carrying a valid token) is refused
    response = client.post("/auth/keluar", data={"csrf_token": csrf_token(client)}, headers=evil)
    assert response.status_code == 403
    assert "admin-user" in client.get("/_dash-layout").get_data(as_text=True)  # still signed in
    # a cross-site call of a Dash callback is refused before the callback runs
    response = client.post("/_dash-update-component", json={}, headers=evil)
    assert response.status_code == 403
    # a form-encoded post to the callback endpoint (what a cross-site <form> can send) is refused
    response = client.post("/_dash-update-component", data={"output": "x"})
    assert response.status_code == 400
    # the same-origin post works
    response = client.post("/auth/keluar", data={"csrf_token": csrf_token(client)},
                           headers={"Origin": "http://localhost"})
    assert response.status_code == 303
    assert "admin-user" not in client.get("/_dash-layout").get_data(as_text=True)


def test_brute_force_sign_in_is_slowed_by_the_rate_limit(client, engine):
    users.add_user(engine, "budi", PASSWORD, "analis")
    codes = [sign_in(client, "budi", f"guess-{i}").status_code for i in range(7)]
    assert codes[:5] == [303] * 5
    assert codes[5:] == [429, 429]
    # even the right password is refused while the limit holds
    assert sign_in(client, "budi").status_code == 429
    assert "Terlalu banyak" in sign_in(client, "budi").get_data(as_text=True)


def test_protected_pages(client, login, app):
    anonymous = client.get("/admin")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/masuk?next=%2Fadmin")
    analyst = app.server.test_client()
    login(analyst, "analis")
    assert analyst.get("/admin").status_code == 403
    assert analyst.get("/audit").status_code == 403
    admin = app.server.test_client()
    login(admin, "admin")
    assert admin.get("/admin").status_code == 200


def _nav_pages(client) -> set[str]:
    layout = json.loads(client.get("/_dash-layout").get_data(as_text=True))
    found = set()

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if isinstance(props.get("id"), dict) and props["id"].get("type") == "shell-nav-link":
                found.add(props["id"]["index"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found


def test_navigation_shows_pages_by_role(client, login, app):
    assert {"admin", "audit"} & _nav_pages(client) == set()
    walidata = app.server.test_client()
    login(walidata, "walidata")
    assert "audit" in _nav_pages(walidata) and "admin" not in _nav_pages(walidata)
    admin = app.server.test_client()
    login(admin, "admin")
    assert {"admin", "audit"} <= _nav_pages(admin)


def test_security_headers(client):
    response = client.get("/katalog")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    script_src = next(p for p in csp.split(";") if p.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src and "sha256-" in script_src
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Strict-Transport-Security" not in response.headers  # only with DASHBOARD_FORCE_HTTPS


def test_upload_size_limit(app):
    # a 20 MB file arrives base64-encoded in Dash's JSON: the request may be 4/3 larger (the file itself is
    # checked against 20 MB by the import path before it is decoded)
    assert app.server.config["MAX_CONTENT_LENGTH"] == (20 * 4 // 3 + 2) * 1024 * 1024
    assert app.server.config["SESSION_COOKIE_HTTPONLY"] and app.server.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert not app.server.debug


def test_sign_out_token_survives_a_concurrent_response_with_the_older_session(client, engine):
    """A page load fetches /_dash-layout (which hands out the form token) and /_dash-dependencies side by side.
    A signed-in session is re-sent with every response, so the one that arrives last wins the cookie. The
    session made at sign-in must already hold the token, or a late response can drop it and sign-out is
    refused (400; seen in browser runs)."""
    users.add_user(engine, "budi", PASSWORD, "analis")
    assert sign_in(client, "budi").status_code == 303
    after_sign_in = client.get_cookie("satudata_session").value
    token = csrf_token(client)  # what the page's sign-out form carries
    # the concurrent response that started before the layout was served lands last
    client.set_cookie("satudata_session", after_sign_in)
    response = client.post("/auth/keluar", data={"csrf_token": token})
    assert response.status_code == 303
    assert "budi" not in client.get("/_dash-layout").get_data(as_text=True)
