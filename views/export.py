"""年度导出: the year-end evaluation workbook and the members' 履职档案, ready to print
and file. Files are made when their button is clicked (deferred download data)."""
from __future__ import annotations

import streamlit as st

from data.documents import stored
from data.documents.render import TemplateError
from metrics import evaluation, labels, notices
from metrics.board import GROUP_LABELS
from ui import auth, publishing, state
from ui.text import plain

auth.require_page("export")

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BODY_KEY = "export_body"
ARCHIVE_DIMENSIONS = ("liaison_group", "activity_group", "sector", "committee")


def body_name() -> str:
    """The issuing body for titles and footers (shared with the profile page's download)."""
    return st.text_input("制表单位（用于标题和页脚）", value=evaluation.DEFAULT_BODY, key=BODY_KEY,
                         max_chars=40).strip() or evaluation.DEFAULT_BODY


def show_counts(result) -> None:
    s = result.scores
    top = result.rules.tier_names[0]
    cols = st.columns(4)
    cols[0].metric("参评委员", f"{int(s['ranked'].sum())} 人", help=f"名单共 {len(s)} 人（年中离任者列出但不排名）")
    cols[1].metric(plain(top), f"{int((s['tier'] == top).sum())} 人")
    cols[2].metric("被预警委员", f"{int((s['warnings'].str.len() > 0).sum())} 人")
    cols[3].metric("计分规则", labels.rule_version_label(result.rules.version), help=result.rules.name)


store = state.require_data()
year = state.year()
result = state.year_scores(year)

st.title("年度导出")
st.caption(f"{year}年度 · {plain(evaluation.rules_line(result.rules))} · 文件在点击下载时生成")
state.publication_badge(result)
body = body_name()
show_counts(result)

st.subheader("年度考评工作簿")
st.markdown("工作表：**考核结果**（A4 横向一览：界别、党派职务、各大类得分、总分、排名、等次、预警，"
            "末尾有审核签字栏）、**考核明细**（A3 横向：出勤、提案、社情民意、发言、履职报告次数与各项得分）、"
            "**优秀名单**、**预警名单**（含原因）、**界别汇总**、**活动组汇总**、**联络组汇总**（含合计）、"
            "**计分规则**（中文规则表格）。表头每页重复，每个工作表从第 1 页起编页码。")
st.download_button("下载年度考评工作簿", key="export_workbook", icon=":material/download:", type="primary",
                   data=state.audited_download(f"{year}年度考评工作簿",
                                               lambda: evaluation.evaluation_workbook(store, result, body)),
                   file_name=evaluation.evaluation_file_name(year, body), mime=XLSX, on_click="ignore")

st.subheader("委员履职档案")
st.markdown("每位委员一页（A4 纵向，记录很多时按页续排），页脚印委员姓名和本人页码；压缩包内每组一个工作簿，"
            "另有按组分文件夹的每人一个文件，便于逐人打印归档。档案内容：基本情况、考评结果、分项得分、每条计分记录及其来源"
            "（文件、工作表、行号）、本届历年考评、本人确认与联络组意见签字栏。")
dimension = st.selectbox("分册方式", ARCHIVE_DIMENSIONS, key="export_dimension",
                         format_func=lambda d: f"按{GROUP_LABELS[d]}，每组一个工作簿")
groups = evaluation.archive_groups(result, dimension)
group = st.selectbox(GROUP_LABELS[dimension], list(groups), key="export_group",
                     format_func=lambda g: f"{g}（{len(groups[g])} 人）")
term_results = [state.scores(y) for y in evaluation.term_results_needed(store, result)]
left, right = st.columns(2)
with left:
    st.download_button(f"下载“{plain(group)}”的履职档案", key="export_group_archive", icon=":material/download:",
                       data=state.audited_download(
                           f"{year}年度履职档案（{group}）",
                           lambda: evaluation.archive_workbook(store, result, groups[group], term_results, body)),
                       file_name=evaluation.archive_file_name(year, group), mime=XLSX, on_click="ignore")
with right:
    st.download_button("下载全部履职档案（压缩包）", key="export_all_archives", icon=":material/folder_zip:",
                       data=state.audited_download(
                           f"{year}年度全部履职档案",
                           lambda: evaluation.archives_zip(store, result, term_results, body, dimension)),
                       file_name=evaluation.archives_zip_name(year, dimension), mime="application/zip",
                       on_click="ignore")


def document_download(kind: str) -> None:
    zipped = kind not in notices.SINGLE_FILE
    st.download_button(f"下载{kind}" + ("（压缩包，每份一个文件）" if zipped else ""), key=f"doc_{kind}",
                       icon=":material/download:",
                       data=state.audited_download(f"{year}年度{kind}",
                                                   lambda: notices.document_bytes(kind, store, result, body)),
                       file_name=notices.document_file_name(kind, year, body),
                       mime="application/zip" if zipped else stored.DOCX, on_click="ignore")


def replace_template(kind: str) -> None:
    """The upload of a new template, checked against this year's documents."""
    upload = st.file_uploader("上传新模板（.docx）", type=["docx"], key=f"tpl_up_{kind}")
    if upload is not None and st.button("用上传的文件替换模板", key=f"tpl_save_{kind}"):
        try:
            stored.save_template(store, kind, upload.getvalue(),
                                 notices.check_context(kind, store, result, body), auth.current_username())
            st.success(f"“{kind}”模板已替换。")
        except (TemplateError, ValueError) as exc:
            st.error(str(exc))


def template_panel(kind: str) -> None:
    """Download a kind's template; for the office, replace or reset it."""
    may_change = (user := auth.current_user()) is not None and user.role == "admin"
    if may_change:
        replace_template(kind)
    who = stored.uploaded(store, kind)
    st.caption("当前模板：" + ("默认模板" if who is None
                             else f"{labels.actor_label(who[0])} 于 {labels.time_text(who[1])} 上传"))
    st.download_button("下载当前模板", key=f"tpl_get_{kind}", icon=":material/description:",
                       data=stored.template_bytes(store, kind), file_name=f"{kind}模板.docx", mime=stored.DOCX)
    if may_change and who is not None and st.button("恢复为默认模板", key=f"tpl_reset_{kind}"):
        stored.reset_template(store, kind, auth.current_username())
        st.rerun()


def documents_section(kind: str, what: str) -> None:
    st.markdown(f"**{kind}**：{what}")
    document_download(kind)
    with st.expander(f"“{kind}”模板"):
        template_panel(kind)


st.subheader("公文与通知")
st.markdown("按年度考评结果生成 Word 文书（仿宋三号、A4，按公文格式排版），可在 Word 中修改后存档、打印。"
            "每类文书的模板可以下载、在 Word 中修改（保留 {{ }} 占位符）后上传替换，也可恢复为默认模板。")
for kind, what in notices.KINDS.items():
    documents_section(kind, what)
publishing.publish_panel(result)
