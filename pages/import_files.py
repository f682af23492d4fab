"""数据导入: check uploaded workbooks sheet by sheet, import the valid ones as batches,
undo a batch, download blank templates."""
from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from data import importer
from reading import vocab
from data.backup import BackupError
from data.importer import Analysis, SheetReport
from data.templates import template_bytes
from ui import auth, i18n, state

auth.require_page("import_files")

FLASH = "import_flash"          # outcomes of the last import / undo, shown after the rerun
UPLOAD_ROUND = "import_round"   # bumped after an import: a fresh, empty uploader
ANALYSES = "import_analyses"    # ((file ids, kind, year, revision), [Analysis])
AUTO = "auto"

BATCH_COLUMNS = {
    "batch_id": "批次", "file_name": "文件", "year": "年度", "status": "状态", "imported_at": "导入时间",
    "imported_by": "导入人", "records_new": "新增", "records_changed": "更新", "records_unchanged": "未变",
    "pending": "待匹配姓名", "undone": "撤销",
}
BATCH_STATUS = {"active": "有效", "undone": "已撤销"}
FLASH_STYLE = {"imported": st.success, "done": st.success, "unchanged": st.info, "empty": st.info,
               "rejected": st.error}


def user() -> str:
    return st.session_state.get("user", "办公室")


def analyse_uploads(uploads: list, kind: str | None, year: int) -> list[Analysis]:
    """The uploaded files read and checked together (nothing written), under their real
    names: a roster among them counts for the names in the others."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, upload in enumerate(uploads):
            path = Path(tmp) / f"upload{i}{Path(upload.name).suffix.lower()}"
            path.write_bytes(upload.getvalue())
            files.append((path, upload.name))
        return importer.analyse_files(state.store(), files, kind=kind, year=year)


def analyses_of(uploads: list, kind: str | None, year: int) -> list[Analysis]:
    """The analyses of the uploaded files, kept across reruns until the files or the data
    change."""
    key = (tuple(u.file_id for u in uploads), kind, year, state.store().revision())
    kept = st.session_state.get(ANALYSES)
    if not kept or kept[0] != key:
        kept = st.session_state[ANALYSES] = (key, analyse_uploads(uploads, kind, year))
    return kept[1]


def sheets_table(sheets: list[SheetReport]) -> pd.DataFrame:
    return pd.DataFrame({
        "工作表": [s.sheet for s in sheets],
        "识别为": [vocab.KINDS.get(s.kind, "未识别") if s.kind else "未识别" for s in sheets],
        "表头行": pd.array([s.header_row for s in sheets], dtype="Int64"),
        "读取行数": [s.rows_read for s in sheets],
        "跳过行数": [s.rows_skipped for s in sheets],
        "跳过原因": [s.skipped_text() for s in sheets],
        "记录数": [s.records for s in sheets],
        "待匹配姓名": ["、".join(n for n, _ in s.pending) for s in sheets],
        "说明": ["；".join(s.notes) for s in sheets],
    })


def errors_table(analysis: Analysis) -> pd.DataFrame:
    errors = analysis.outcome.errors
    return pd.DataFrame({
        "工作表": [e.sheet for e in errors],
        "行": pd.array([e.row for e in errors], dtype="Int64"),
        "列": [e.column for e in errors],
        "值": [e.value for e in errors],
        "应为": [e.expected for e in errors],
    })


def preview_table(report: SheetReport) -> pd.DataFrame:
    """The first data rows under the sheet's own header labels (unique, none blank)."""
    width = max(len(r) for r in report.preview)
    labels, seen = [], set()
    for i in range(width):
        label = (report.labels[i] if i < len(report.labels) else "") or f"第{i + 1}列"
        while label in seen:
            label += "′"
        seen.add(label)
        labels.append(label)
    rows = [list(r) + [""] * (width - len(r)) for r in report.preview]
    frame = pd.DataFrame(rows, columns=labels).astype("str")
    filled = [c for c in frame.columns if (frame[c].fillna("") != "").any()]
    return frame[filled]


def imported_before(analysis: Analysis, batches: pd.DataFrame) -> list[int]:
    """Active batches of the very same file content."""
    same = batches[(batches["sha256"] == analysis.sha256) & (batches["status"] == "active")]
    return [int(b) for b in same["batch_id"]]


def show_analysis(analysis: Analysis, batches: pd.DataFrame) -> None:
    outcome = analysis.outcome
    if outcome.errors:
        header, icon = f"{outcome.file} — {len(outcome.errors)} 处错误，不能导入", ":material/error:"
    else:
        records = sum(s.records for s in outcome.sheets)
        header = f"{outcome.file} — 可以导入：{records} 条记录，待匹配姓名 {len(outcome.pending)} 个"
        icon = ":material/check_circle:"
    with st.expander(header, expanded=bool(outcome.errors), icon=icon):
        if outcome.errors:
            st.error("此文件有错误，不会导入，数据库不会有任何更改。请按下表修改后重新上传。")
            st.dataframe(errors_table(analysis), hide_index=True, width="stretch")
        elif same := imported_before(analysis, batches):
            st.info(f"相同内容的文件已导入过（批次 {'、'.join(f'#{b}' for b in same)}），再次导入不会重复计分。")
        if outcome.sheets:
            st.dataframe(sheets_table(outcome.sheets), hide_index=True, width="stretch")
        for report in outcome.sheets:
            if report.preview:
                st.caption(f"工作表「{report.sheet}」前 {len(report.preview)} 行（表头在第 {report.header_row} 行）")
                st.dataframe(preview_table(report), hide_index=True, width="stretch")


def import_valid(valid: list[Analysis]) -> list[tuple[str, str]]:
    """Write the checked files one by one, rosters first, with a progress bar; the
    (status, message) of each. A failed backup stops the rest: nothing more is written."""
    bar = st.progress(0.0, text="开始导入…")
    said = []
    for i, analysis in enumerate(importer.in_import_order(valid)):
        bar.progress(i / len(valid), text=f"正在导入 {i + 1}/{len(valid)}：{analysis.outcome.file}")
        try:
            outcome = importer.write_analysis(state.store(), analysis, user())
        except BackupError as exc:
            said.append(("rejected", f"「{analysis.outcome.file}」未导入：{exc}"))
            break
        said.append((outcome.status, outcome.summary()))
    bar.progress(1.0, text="导入完成")
    return said


def show_flash() -> None:
    for status, message in st.session_state.pop(FLASH, []):
        FLASH_STYLE.get(status, st.info)(message)


def upload_limits() -> str:
    return (f"每个文件不超过 {vocab.MAX_UPLOAD_MB} MB；每个工作表不超过 {vocab.MAX_SHEET_ROWS:,} 行、"
            f"{vocab.MAX_SHEET_COLUMNS:,} 列。加密（有打开密码）的文件请先去除密码；隐藏的工作表不导入。")


def upload_section(batches: pd.DataFrame) -> None:
    st.subheader("上传文件")
    left, middle = st.columns([2, 1])
    kind = left.selectbox("导入类型", [AUTO, *vocab.KINDS], key="import_kind",
                          format_func=lambda k: "自动识别（按列名判断每个工作表）" if k == AUTO else vocab.KINDS[k])
    year = middle.number_input("考评年度（文件标题和文件名中没有年度时使用）", min_value=2000, max_value=2100,
                               value=state.year(), step=1, key="import_year")
    i18n.chinese_file_uploader(vocab.MAX_UPLOAD_MB)
    uploads = st.file_uploader("选择 Excel 文件（可多选，.xlsx / .xls）", type=["xlsx", "xls"],
                               accept_multiple_files=True, help=upload_limits(),
                               key=f"import_upload_{st.session_state.get(UPLOAD_ROUND, 0)}")
    if not uploads:
        st.caption("每个文件先检查、后导入：有错误的文件整份不导入；同一内容再次导入不会重复计分。")
        return
    analyses = analyses_of(uploads, None if kind == AUTO else kind, int(year))
    for analysis in analyses:
        show_analysis(analysis, batches)
    valid = [a for a in analyses if not a.outcome.errors]
    rejected = len(analyses) - len(valid)
    if rejected:
        st.warning(f"{rejected} 个文件有错误，不会导入。")
    if st.button(f"导入 {len(valid)} 个文件", type="primary", disabled=not valid, key="import_button"):
        st.session_state[FLASH] = import_valid(valid) + [(a.outcome.status, a.outcome.summary())
                                                         for a in analyses if a.outcome.errors]
        st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
        st.session_state.pop(ANALYSES, None)
        st.rerun()


def undone_text(when, who) -> str:
    return f"{when:%Y-%m-%d %H:%M} {who}" if when is not None else ""


def batches_table(batches: pd.DataFrame) -> pd.DataFrame:
    shown = batches.sort_values("batch_id", ascending=False)
    shown = shown.assign(status=shown["status"].map(BATCH_STATUS),
                         year=pd.array(shown["year"], dtype="Int64"),
                         imported_at=pd.to_datetime(shown["imported_at"]),
                         undone=[undone_text(w, u) for w, u in zip(shown["undone_at"], shown["undone_by"])])
    return shown[list(BATCH_COLUMNS)].rename(columns=BATCH_COLUMNS)


def undo_section(batches: pd.DataFrame) -> None:
    active = batches[batches["status"] == "active"].sort_values("batch_id", ascending=False)
    if active.empty:
        return
    files = dict(zip(active["batch_id"], active["file_name"]))
    # keyed by the newest batch: after an import the new batch is offered first
    batch = st.selectbox("撤销一个批次", list(files), key=f"undo_batch_{max(files)}",
                         format_func=lambda b: f"#{b} {files[b]}")
    confirmed = st.checkbox(f"确认撤销批次 #{batch}（{files[batch]}）：删除它导入的全部记录，恢复被它替换的旧版本",
                            key=f"undo_confirm_{batch}")
    if st.button("撤销此批次", disabled=not confirmed, key="undo_button"):
        try:
            importer.undo_batch(state.store(), int(batch), user())
        except (importer.UndoError, BackupError) as exc:
            st.error(str(exc))
            return
        st.session_state[FLASH] = [("done", f"批次 #{batch}（{files[batch]}）已撤销，数据已恢复到导入它之前的状态。")]
        st.rerun()


def batch_section(batches: pd.DataFrame) -> None:
    st.subheader("导入批次")
    if batches.empty:
        st.caption("还没有导入过文件。")
        return
    st.dataframe(batches_table(batches), hide_index=True, width="stretch")
    undo_section(batches)


def template_section() -> None:
    st.subheader("空白模板")
    st.caption("模板只是方便填写：办公室现有的表格不必改成模板格式，表头用常见列名即可识别。")
    columns = st.columns(3)
    for i, (kind, label) in enumerate(vocab.KINDS.items()):
        columns[i % 3].download_button(
            f"下载「{label}」模板", data=partial(template_bytes, kind), file_name=f"模板-{label}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore", key=f"template_{kind}", icon=":material/download:")


st.title("数据导入")
show_flash()
all_batches = importer.list_batches(state.store())
upload_section(all_batches)
batch_section(all_batches)
template_section()
