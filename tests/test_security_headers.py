"""The security headers of every response, for every URL of the access matrix and every
principal: a Content-Security-Policy that runs no inline script, a Permissions-Policy, nosniff,
and `Cache-Control: no-store, private` on everything private.

Private is everything but an anonymous visitor's copy of a public page: a signed-in user's
pages, every file, and the links whose URL is the credential (iCalendar feeds, unsubscribe,
invitation and password-reset links).

The templates are checked too: a policy without 'unsafe-inline' only holds if no page needs it.
"""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.http import FileResponse
from django.template.utils import get_app_template_dirs
from django.urls import reverse

from tests.test_access_matrix import CASES, Objects

# Pages that are the same for every anonymous visitor: their anonymous copy may be cached.
PUBLIC_PAGES = {"home", "privacy", "calls:detail"}


def directives(header: str) -> dict[str, list[str]]:
    """A policy header as {directive: [sources]}."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {part[0].lower(): part[1:] for part in parts}


def cache_directives(response) -> set[str]:
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in header.split(",") if part.strip()}


def is_file(response) -> bool:
    return isinstance(response, FileResponse) or response.has_header("Content-Disposition")


def assert_security_headers(response, *, label: str, private: bool):
    policy = directives(response.get("Content-Security-Policy", ""))
    assert policy, f"{label}: no Content-Security-Policy"
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts is not None, f"{label}: the policy leaves scripts unrestricted: {policy}"
    assert "'unsafe-inline'" not in scripts, f"{label}: inline scripts allowed: {scripts}"
    assert "'unsafe-eval'" not in scripts, f"{label}: eval allowed: {scripts}"
    assert policy.get("object-src") == ["'none'"] or policy.get("default-src") == ["'none'"], (
        f"{label}: plugins allowed: {policy}"
    )
    assert policy.get("frame-ancestors"), f"{label}: no frame-ancestors: {policy}"
    permissions = response.get("Permissions-Policy", "")
    assert "camera=()" in permissions, f"{label}: Permissions-Policy {permissions!r}"
    assert response.get("X-Content-Type-Options") == "nosniff", label
    if private or is_file(response):
        got = cache_directives(response)
        assert {"no-store", "private"} <= got, f"{label}: Cache-Control {got}"
        assert "public" not in got, f"{label}: Cache-Control {got}"


@pytest.mark.django_db
@pytest.mark.parametrize(("key", "access", "principal"), CASES)
def test_security_headers(client, request, key, access, principal):
    objects = Objects(request)
    if user := objects.user(principal):
        client.force_login(user)
    path = access.path(objects) if access.path else reverse(key, kwargs=access.kwargs(objects))
    response = getattr(client, access.method)(path)
    assert_security_headers(
        response,
        label=f"{access.method.upper()} {path} ({key}) as {principal}",
        private=principal != "anonymous" or key not in PUBLIC_PAGES,
    )


@pytest.mark.django_db
def test_public_page_for_anonymous_visitor_may_be_cached_but_varies_on_cookie(client):
    response = client.get(reverse("privacy"))

    assert "no-store" not in cache_directives(response)
    assert "Cookie" in response["Vary"]


@pytest.mark.django_db
def test_public_page_for_signed_in_user_is_not_stored(client, applicant):
    client.force_login(applicant)

    response = client.get(reverse("privacy"))

    assert {"no-store", "private"} <= cache_directives(response)


@pytest.mark.django_db
def test_permissions_policy_allows_webauthn_from_the_portal_only(client):
    header = client.get(reverse("home"))["Permissions-Policy"]

    features = dict(item.strip().split("=", 1) for item in header.split(","))
    assert features["publickey-credentials-get"] == "(self)"
    assert features["publickey-credentials-create"] == "(self)"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.mark.django_db
def test_htmx_is_configured_to_need_neither_eval_nor_inline_styles(client):
    page = client.get(reverse("home")).content.decode()

    meta = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", page)
    assert meta, "base.html has no htmx-config meta tag"
    config = json.loads(meta[1])
    assert config["allowEval"] is False
    assert config["allowScriptTags"] is False
    # Its own indicator <style>, and copying style attributes while settling a swap.
    assert config["includeIndicatorStyles"] is False
    assert "style" not in config["attributesToSettle"]


# What a policy without 'unsafe-inline' would block in a page.
INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_BLOCK = re.compile(r"""type=["']application/(ld\+)?json["']""", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.S | re.I)
HTMX_ON = re.compile(r"\b(data-)?hx-on\b", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.S | re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
# Not pages: mails carry their styles inline for mail clients (the outbox previews them in a
# sandboxed frame with a policy of its own) and WeasyPrint renders the PDFs.
STYLED_FOLDERS = ("emails", "pdf")


def project_template_files():
    base = Path(settings.BASE_DIR)
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(folder)
        for folder in get_app_template_dirs("templates")
        if base in Path(folder).parents and ".venv" not in Path(folder).parts
    ]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".svg", ".txt"):
                yield folder, path


def inline_code(text: str, *, styled: bool) -> list[str]:
    """Whatever in a template a strict policy would refuse to run or apply."""
    found = [
        f"<script{match['attrs']}> with content"
        for match in INLINE_SCRIPT.finditer(text)
        if match["body"].strip() and not DATA_BLOCK.search(match["attrs"])
    ]
    checks = [(HANDLER_ATTRIBUTE, "on…= handler"), (HTMX_ON, "hx-on"), (JAVASCRIPT_URL, "URL")]
    if not styled:
        checks += [(STYLE_ATTRIBUTE, "style= attribute"), (STYLE_ELEMENT, "<style> element")]
    for pattern, what in checks:
        found += [f"{what}: {match[0][-60:]!r}" for match in pattern.finditer(text)]
    return found


def test_templates_have_no_inline_scripts_handlers_or_styles():
    problems = []
    for folder, path in project_template_files():
        relative = path.relative_to(folder)
        styled = relative.parts[0] in STYLED_FOLDERS
        problems += [f"{relative}: {item}" for item in inline_code(path.read_text(), styled=styled)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<div hx-on:click="go()">',
        '<a href="javascript:go()">',
        '<div style="width: 40%">',
        "<style>p { color: red }</style>",
    ],
)
def test_inline_code_finds_what_a_strict_policy_refuses(markup):
    assert inline_code(markup, styled=False) != []


@pytest.mark.parametrize(
    "markup",
    [
        '<script src="/static/js/dossier.js" defer></script>',
        '<script id="data" type="application/json">{"a": 1}</script>',
        '<input data-online="1" class="one">',
        "<p>Kies een of meer opties</p>",
    ],
)
def test_inline_code_allows_scripts_from_files_and_data_blocks(markup):
    assert inline_code(markup, styled=False) == []
