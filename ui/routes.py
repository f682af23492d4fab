"""Which page a request gets (issue 14, item 7): every address a user can open ends on a
page of ours, in Chinese, never on Streamlit's English «Page not found» dialog.

Streamlit sends that dialog when ``st.navigation`` finds no page for the address the
browser asked for. So before calling it we read that address (``requested_path``) and,
when the role's pages do not hold it, add one hidden page at the very address:

- a page the role may not open: «您的角色（…）无权查看「…」页面。» and a link to the
  user's start page;
- an address that is no page: «没有这个页面：/…» and the same link;
- before sign-in: the sign-in form at the address asked for, so that after signing in
  the user is on that page (or on the Chinese refusal).

An address that cannot be a page's ``url_path`` (a nested path, spaces around it) is
shown at ``UNKNOWN_URL_PATH`` instead, and the start page's own name (Streamlit serves it
at ``/`` only) goes to ``/``: both by rewriting what the request intends.

The decisions are the pure functions at the top; the Streamlit calls are below them. The
request is read through Streamlit internals (``ScriptRunContext.pages_manager``);
``internals_missing`` names what a new Streamlit no longer has, and a test asserts it
names nothing, so a change there fails a test instead of routing silently."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import streamlit as st

from data.accounts.users import User
from ui import auth
from ui.text import plain

FORBIDDEN = "您的角色（{role}）无权查看「{title}」页面。"
UNKNOWN = "没有这个页面：/{path}"
TO_START = "前往「{title}」"
SIGN_IN_URL_PATH = "login"
SIGN_IN_TITLE = "登录"
UNKNOWN_URL_PATH = "page-not-found"
PAGE = "page"            # one of the role's pages: nothing to add
START = "start"          # the start page asked for by a name Streamlit does not serve: go to /
FORBIDDEN_PAGE = "forbidden"
UNKNOWN_PAGE = "unknown"


@dataclass(frozen=True)
class Route:
    """What a request gets besides the role's pages: ``kind`` is PAGE (nothing), START
    (the request is turned to ``/``), FORBIDDEN_PAGE or UNKNOWN_PAGE (a hidden page at
    ``url_path`` about ``asked``; ``redirect`` when ``url_path`` is not ``asked``)."""

    kind: str
    asked: str = ""
    url_path: str = ""

    @property
    def redirect(self) -> bool:
        return self.kind == START or self.url_path != self.asked


# -- decisions (no Streamlit) ---------------------------------------------------------------------
def requested_path(name: str | None, script_hash: str | None, known: Mapping[str, str]) -> str:
    """The url path the browser asked for, "" for the start page: the path it named, else
    the path of the page hash it sent (``known``: page hash -> url path)."""
    if name:
        return name
    return known.get(script_hash or "", "")


def can_be_url_path(path: str) -> bool:
    """Whether ``st.Page(url_path=path)`` is served at exactly ``/path``."""
    return bool(path) and path == path.strip().strip("/") and "/" not in path


def start_page(role: str) -> tuple[str, str]:
    """(file, title) of the page a role starts on."""
    return next((p, t) for entries in auth.pages_for(role).values() for p, t, _, default in entries if default)


def route(role: str, path: str) -> Route:
    """What a signed-in ``role`` gets for the url ``path``."""
    if not path:
        return Route(PAGE)
    if path == SIGN_IN_URL_PATH or path == auth.page_name(start_page(role)[0]):
        return Route(START, path)
    if path in auth.page_titles():
        return Route(PAGE if auth.role_may_open(role, path) else FORBIDDEN_PAGE, path, path)
    return Route(UNKNOWN_PAGE, path, path if can_be_url_path(path) else UNKNOWN_URL_PATH)


def sign_in_route(path: str) -> Route:
    """What a visitor not signed in gets for ``path``: the sign-in form there (PAGE with
    ``url_path``), or at ``/`` (START) when ``path`` cannot hold it."""
    if not path:
        return Route(PAGE)
    if path == SIGN_IN_URL_PATH or not can_be_url_path(path):
        return Route(START, path)
    return Route(PAGE, path, path)


def forbidden_text(role_label: str, path: str) -> str:
    return FORBIDDEN.format(role=role_label, title=auth.page_titles()[path])


def unknown_text(path: str) -> str:
    """The unknown-page message; the path comes from the URL and is shown as text."""
    return UNKNOWN.format(path=plain(path))


# -- Streamlit internals ---------------------------------------------------------------------------
_MANAGER_NEEDS = ("intended_page_name", "intended_page_script_hash", "get_pages", "set_script_intent")


def internals_missing() -> list[str]:
    """The Streamlit internals routing reads that this Streamlit does not have (then the
    app routes as Streamlit does, English dialog included, and a test fails)."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils import script_run_context
        from streamlit.util import calc_hash  # noqa: F401
    except ImportError as e:
        return [str(e)]
    missing = [f"PagesManager.{a}" for a in _MANAGER_NEEDS if not hasattr(PagesManager, a)]
    if not hasattr(script_run_context, "get_script_run_ctx"):
        missing.append("get_script_run_ctx")
    return missing


def _pages_manager():
    """This run's ``PagesManager``, None outside a script run or without the internals."""
    if internals_missing():
        return None
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return getattr(ctx, "pages_manager", None)


def page_hashes(previous: Mapping[str, Mapping], names: Iterable[str]) -> dict[str, str]:
    """Page hash -> url path of every page of ours and of the pages of the last run
    (``previous``: Streamlit's page registry), whose hashes a rerun sends."""
    from streamlit.util import calc_hash

    known = {calc_hash(name): name for name in names}
    known.update({h: info["url_pathname"] for h, info in previous.items() if "url_pathname" in info})
    return known


def sign_in_hashes(previous: Mapping[str, Mapping]) -> dict[str, str]:
    """Page hash -> url path of the last run's sign-in pages: before sign-in, a rerun asks
    for a page only from the sign-in form at that page's address (after signing out, the
    page the last user was on is not asked for by whoever signs in next)."""
    return {h: info["url_pathname"] for h, info in previous.items()
            if info.get("page_name") == SIGN_IN_TITLE and "url_pathname" in info}


def asked_path(signed_in: bool = True) -> str:
    """The url path this run was asked for ("" for the start page or without internals)."""
    manager = _pages_manager()
    if manager is None:
        return ""
    previous = manager.get_pages()
    known = page_hashes(previous, auth.page_titles()) if signed_in else sign_in_hashes(previous)
    return requested_path(manager.intended_page_name, manager.intended_page_script_hash, known)


def _go_to(url_path: str) -> None:
    """Make this run resolve to the page at ``url_path`` ("" : the start page)."""
    manager = _pages_manager()
    if manager is not None:
        manager.set_script_intent("", url_path)


# -- pages ---------------------------------------------------------------------------------------
def _sign_in_page() -> None:
    """Sign-in (the form is drawn by ``auth.require_user`` before navigation)."""


def _refusal_page(text: str, role: str) -> None:
    st.error(text, icon=":material/block:")
    path, title = start_page(role)
    st.page_link(path, label=TO_START.format(title=title), icon=":material/home:")


def _hidden(body, title: str, url_path: str) -> st.Page:
    return st.Page(body, title=title, url_path=url_path, visibility="hidden")


def sign_in_navigation() -> None:
    """The hidden sign-in page, at the address asked for when it can be a page's."""
    chosen = sign_in_route(asked_path(signed_in=False))
    pages = [st.Page(_sign_in_page, title=SIGN_IN_TITLE, url_path=SIGN_IN_URL_PATH, default=True)]
    if chosen.url_path:
        pages.append(_hidden(_sign_in_page, SIGN_IN_TITLE, chosen.url_path))
    if chosen.kind == START:
        _go_to("")
    st.navigation(pages, position="hidden")


def extra_page(user: User, chosen: Route) -> st.Page | None:
    """The hidden page a route adds, None for PAGE and START."""
    if chosen.kind == FORBIDDEN_PAGE:
        body = partial(_refusal_page, forbidden_text(user.role_label, chosen.asked), user.role)
        return _hidden(body, "无权查看", chosen.url_path)
    if chosen.kind == UNKNOWN_PAGE:
        return _hidden(partial(_refusal_page, unknown_text(chosen.asked), user.role), "没有这个页面", chosen.url_path)
    return None


def navigation(user: User):
    """``st.navigation`` over the role's pages, with the page a route adds; the page to run."""
    chosen = route(user.role, asked_path())
    pages = auth.navigation_pages(user.role)
    extra = extra_page(user, chosen)
    if extra is not None:
        pages[next(iter(pages))].append(extra)
    if chosen.redirect:
        _go_to("" if chosen.kind == START else chosen.url_path)
    return st.navigation(pages, expanded=True)  # every page listed, no «View more»
