"""审定 / 撤销审定 buttons for the 管理员 (the logic is metrics.publish; audited there)."""
from __future__ import annotations

import streamlit as st

from data.accounts import users
from data.backup import BackupError
from data.published import PublishedError
from metrics import publish
from metrics.scoring import ScoreResult
from ui import auth, state
from ui.text import plain

FLASH = "publish_flash"


def _attempt(action, done: str) -> None:
    try:
        action()
    except (PublishedError, BackupError) as exc:
        st.error(plain(exc))
        return
    st.session_state[FLASH] = done
    st.rerun()


def publish_panel(result: ScoreResult) -> None:
    """For a 管理员: publish the year, or withdraw its publication with a reason."""
    if message := st.session_state.pop(FLASH, None):
        st.success(plain(message))
    user = auth.current_user()
    if user is None or not users.may_publish(user.role):
        return
    year, who = result.year, auth.current_username() or user.username
    st.subheader("审定")
    if result.publication is None:
        st.caption("审定后，本年度的规则、导入批次和每位委员的得分、等次、预警及计分来源被冻结；"
                   "该年度的导入、撤销导入和规则保存将被拒绝，之后年度的连续年度预警读取审定结果。")
        note = st.text_input("审定说明（可选，如会议名称和日期）", key="publish_note", max_chars=200)
        if st.button(f"审定{year}年度考评结果", type="primary", key="publish_year"):
            _attempt(lambda: publish.publish_year(state.store(), year, who, note, role=user.role),
                     f"{year}年度考评结果已审定。")
        return
    st.caption(f"本年度{plain(result.publication.badge)}" + (f"：{plain(result.publication.note)}" if result.publication.note else "")
               + "。撤销审定后结果重新随导入的数据变化；原因记入操作日志。")
    reason = st.text_input("撤销审定的原因（必填）", key="unpublish_reason", max_chars=200)
    if st.button("撤销审定", key="unpublish_year"):
        _attempt(lambda: publish.unpublish_year(state.store(), year, who, reason, role=user.role),
                 f"{year}年度已撤销审定。")
