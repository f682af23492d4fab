"""What every page needs: the store, the year chosen in the sidebar, the rule set in
force, and the year's scores cached by (database, year, rule set, data revision) — so
any write (import, undo, resolve, rule change) makes the next run compute afresh."""
from __future__ import annotations

from datetime import date

import streamlit as st

from data import queries
from data.store import FileHeld, Store, db_path, open_store
from metrics import labels
from metrics.roster import record_years
from metrics.rules import Rules, parse_rules, rules_for_year
from metrics.scope import Scope, scoped_result
from metrics.scoring import ScoreResult, score_year
from ui.text import plain

YEAR_KEY = "year"
YEAR_PARAM = "year"  # the chosen year in the address, so a link (a name to its 档案) keeps it


@st.cache_resource
def _open_store(path: str) -> Store:
    """One connection per process and database file; pages take cursors from it."""
    return open_store(path)


def store() -> Store:
    """The database; while another program holds it (a command-line import, a restore),
    a Chinese notice saying who and what to do, and the page stops."""
    try:
        return _open_store(str(db_path().resolve()))
    except FileHeld as held:
        st.error(f"数据库文件正被另一个程序{held.holder}使用，多半是命令行正在导入、撤销或恢复备份。"
                 "请等它结束后刷新本页；如果一直如此，请停止占用数据库的程序。", icon=":material/lock:")
        st.stop()


def available_years(s: Store | None = None) -> list[int]:
    """Years with records, newest first (the current year when there are none)."""
    found = set().union(*record_years(s or store()).values())
    return sorted(found, reverse=True) or [date.today().year]


def year() -> int:
    """The year chosen in the sidebar (the newest year with records by default)."""
    years = available_years()
    chosen = st.session_state.get(YEAR_KEY)
    return chosen if chosen in years else years[0]


def rules(for_year: int | None = None) -> Rules:
    """The rule set in force for the year: saved for it, else the default."""
    return rules_for_year(store(), for_year or year())


@st.cache_resource(max_entries=16, show_spinner="正在计算得分…")
def _scores(path: str, for_year: int, rules_toml: str, revision: int) -> ScoreResult:
    return score_year(_open_store(path), for_year, parse_rules(rules_toml))


def whole_scores(for_year: int | None = None, with_rules: Rules | None = None) -> ScoreResult:
    """The year's whole-body scores under the rules in force (or the rules given), cached —
    for what needs the whole body (group metrics, a checked member's own details)."""
    s = store()
    for_year = for_year or year()
    with_rules = with_rules or rules(for_year)
    return _scores(str(s.path), for_year, with_rules.toml, s.revision())


def scope() -> Scope:
    """What the signed-in user may see (ui.auth.current_scope)."""
    from ui.auth import current_scope

    return current_scope()


def scores(for_year: int | None = None, with_rules: Rules | None = None) -> ScoreResult:
    """The year's scores as the signed-in user may see them (metrics.scope.scoped_result
    of the cached whole-body result: unchanged for 管理员 and 主席会议)."""
    return scoped_result(whole_scores(for_year, with_rules), scope())


def year_scores(for_year: int | None = None) -> ScoreResult:
    """``scores`` of a year that has imported records; for a year without any, a notice
    instead of the page — never a list in which every member is 不称职."""
    result = scores(for_year)
    if not any(result.imported.values()):
        st.info(f"{result.year}年度还没有导入任何出勤、提案、社情民意或其他履职记录，暂不计分。"
                "请在侧栏选择其他年度，或到「数据导入」页导入该年度的文件。")
        st.stop()
    return result


def require_data() -> Store:
    """The store; on an empty database, the offer of the demo city instead of the page."""
    s = store()
    if not queries.is_empty(s):
        return s
    st.info("数据库中还没有委员名册。可以到「数据导入」页导入本单位的 Excel 文件，"
            "或先载入示例城市（约 450 位委员、两个年度）体验全部功能。")
    if st.button("载入示例数据", type="primary", key="load_demo"):
        from data.demo import load_demo

        bar = st.progress(0.0, text="正在生成示例文件…")
        load_demo(s, progress=lambda i, n, name: bar.progress(i / n, text=f"已导入 {i}/{n}：{name}"))
        st.success("示例数据已导入。")
        st.rerun()
    st.stop()


def year_asked(years: list[int]) -> int | None:
    """The year in the address (``?year=2024``) when it is one of ``years``."""
    asked = st.query_params.get(YEAR_PARAM, "")
    return int(asked) if asked.isdigit() and int(asked) in years else None


def sidebar() -> None:
    """Year selector (a new session starts on the year in the address, and the choice is
    mirrored there), the rule set in force and data freshness."""
    s = store()
    years = available_years(s)
    if YEAR_KEY not in st.session_state and year_asked(years):
        st.session_state[YEAR_KEY] = year_asked(years)
    with st.sidebar:
        st.markdown("### 履职考评看板")
        chosen = st.selectbox("考评年度", years, key=YEAR_KEY, format_func=lambda y: f"{y}年度")
        st.query_params[YEAR_PARAM] = str(chosen)
        r = rules()
        st.caption(f"计分规则：{plain(r.name)}（{plain(labels.rule_version_label(r.version))}）")
        last = queries.last_import(s)
        st.caption(f"最近导入：{labels.time_text(last)}" if last else "尚未导入数据")


def audited_download(what: str, make):
    """A download button's data callable that builds the file and records the export in
    the audit log (who, what) when the button is pressed."""
    from data.audit import audit_export

    who, where = st.session_state.get("user", "办公室"), store()  # the file is built later

    def build() -> bytes:
        data = make()
        audit_export(where, who, what)
        return data

    return build


def publication_badge(result: ScoreResult) -> None:
    """已审定（date who） or 未审定（结果随导入变化） above a page's results."""
    if result.frozen:
        st.success(plain(result.publication_text), icon=":material/verified:")
    else:
        st.warning(plain(result.publication_text), icon=":material/pending:")
