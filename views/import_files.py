"""数据导入: check uploaded workbooks sheet by sheet — what each column is read as, what a
missing column means for the scores, the values and events the office is asked about —
answer once (remembered in the taught table), import the files that are ready as
batches, undo a batch, download blank templates."""
from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from data import importer, taught
from reading import reader, vocab
from reading.knowledge import category_label, choices
from reading.values import Question
from data.backup import BackupError
from data.importer import Analysis, SheetReport
from data.templates import template_bytes
from metrics.labels import actor_label, time_text
from ui import auth, i18n, state, tables
from ui.text import plain

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
UNUSED = "未使用"
TAUGHT_MARK = "（办公室映射）"
MATRIX_EVENT = "活动（每列一个活动）"
FLASH_STYLE = {"imported": st.success, "done": st.success, "unchanged": st.info, "empty": st.info,
               "rejected": st.error, "refused": st.error}


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


# -- what the office is asked: columns, values, events --------------------------------------------
def field_label(kind: str | None, fld: str) -> str:
    """A field's Chinese label as the sheet's kind names it."""
    if fld == reader.EVENT_COLUMN:
        return MATRIX_EVENT
    own = [c.label for c in vocab.columns_of(kind or "") if c.field == fld]
    return (own or [c.label for c in vocab.COLUMNS if c.field == fld] or [fld])[0]


def columns_table(report: SheetReport) -> pd.DataFrame:
    """列名 → 读作: every column of the sheet, what it is read as, 办公室映射 when taught."""
    return pd.DataFrame({
        "列名": [label or f"第{i + 1}列" for i, (label, _) in enumerate(report.columns)],
        "读作": [field_label(report.kind, fld) + (TAUGHT_MARK if label in report.taught else "")
                 if fld else UNUSED for label, fld in report.columns],
    })


def teach(entries: list[tuple[str, str, str]], done: str) -> None:
    """Remember the answers, drop the kept analyses (the files are read again with them)
    and rerun; a bad answer is said in place."""
    try:
        changed = taught.teach(state.store(), entries, user())
    except taught.TeachError as exc:
        st.error(plain(exc))
        return
    st.session_state[FLASH] = [("done", done if changed else "这些答案已经记住了，没有更改。")]
    st.session_state.pop(ANALYSES, None)
    st.rerun()


def mapping_form(report: SheetReport, key: str) -> None:
    """Map one unused column of the sheet to a field of its kind — of any kind for a sheet
    not recognised yet, whose kind then follows from its columns (remembered)."""
    unused = [label for label, fld in report.columns if not fld and label]
    used = {fld for _, fld in report.columns if fld}
    # label → field; the selects offer Chinese words only (and give them back)
    offered = vocab.columns_of(report.kind) if report.kind else vocab.COLUMNS
    fields = {c.label: c.field for c in offered if c.field not in used}
    if not unused or not fields:
        return
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    column = left.selectbox("未使用的列", unused, key=f"map_column_{key}")
    label = middle.selectbox("读作", list(fields), key=f"map_field_{key}")
    anywhere = right.checkbox("应用于任意工作表", key=f"map_any_{key}")
    if st.button("保存映射", key=f"map_save_{key}"):
        sheet = "*" if anywhere else report.sheet
        where = "任意工作表" if anywhere else f"工作表「{report.sheet}」"
        teach([("column", f"{sheet}:{column}", fields[label])],
              f"已记住：{where}的「{column}」列读作「{label}」。文件已按此重新检查。")


def show_columns(report: SheetReport, key: str) -> None:
    st.markdown(f"**工作表「{plain(report.sheet)}」的列**（{vocab.KINDS.get(report.kind, '未识别')}）")
    tables.table(columns_table(report), hide_index=True, width="stretch")
    mapping_form(report, key)


def show_questions(questions: list[Question], key: str) -> None:
    """One row per distinct value: where it is, how often, and a select of its meaning."""
    st.markdown(f"**有 {len(questions)} 个值不认识，请确认其含义**（确认一次后会记住，以后的文件不再询问）")
    widths = [1.2, 1.2, 3, 0.6, 2]
    for column, title in zip(st.columns(widths), ("列", "写法", "出现位置", "次数", "含义")):
        column.caption(title)
    answers = []
    for n, q in enumerate(questions):
        meanings = {text: meaning for meaning, text in choices(q).items()}
        options = list(meanings)
        suggested = choices(q).get(q.suggestion) if q.suggestion is not None else None
        row = st.columns(widths, vertical_alignment="center")
        row[0].markdown(plain(q.label))
        row[1].markdown(f"「{plain(q.value)}」")
        row[2].markdown(plain(q.where()))
        row[3].write(str(len(q.cells)))
        chosen = row[4].selectbox(f"「{plain(q.value)}」的含义", options,
                                  index=options.index(suggested) if suggested in options else None,
                                  placeholder="请选择含义", label_visibility="collapsed", key=f"meaning_{key}_{n}")
        answers.append((q, meanings.get(chosen)))
    if st.button("确认这些含义", type="primary", key=f"answer_{key}"):
        chosen = [(q.domain, q.value, m) for q, m in answers if m is not None]
        if not chosen:
            st.warning("请先为每个值选择含义。")
            return
        left = len(answers) - len(chosen)
        teach(chosen, f"已记住 {len(chosen)} 个值的含义，文件已重新检查。"
              + (f"还有 {left} 个值未选择含义。" if left else ""))


def events_table(report: SheetReport) -> pd.DataFrame:
    return pd.DataFrame({
        "名称": [e["name"] for e in report.events],
        "日期": [e["date"] for e in report.events],
        "类别": [category_label(e["category"] or "") for e in report.events],
        "判断依据": [e["how"] for e in report.events],
    })


def show_events(report: SheetReport, key: str) -> None:
    """The sheet's events and the category each got; a changed category is remembered."""
    st.markdown(f"**工作表「{plain(report.sheet)}」中的活动**（类别可修改，保存后以后导入同一活动也按此类别）")
    edited = tables.editor(
        # keyed by the data revision too: after a save the table starts afresh from what was taught
        events_table(report), hide_index=True, width="stretch", key=f"events_{key}_{state.store().revision()}",
        disabled=["名称", "日期", "判断依据"],
        column_config={"类别": st.column_config.SelectboxColumn(
            "类别", options=[name for _, name, _ in vocab.EVENT_CATEGORIES], required=True),
            "日期": st.column_config.DateColumn("日期", format="YYYY年M月D日")})
    codes = vocab.category_names()
    changed = [(e, codes[name]) for e, name in zip(report.events, edited["类别"])
               if name in codes and codes[name] != e["category"]]
    if st.button("保存活动类别", key=f"events_save_{key}", disabled=not changed):
        teach([("event", e["key"], code) for e, code in changed],
              f"已记住 {len(changed)} 个活动的类别，文件已重新检查。")


def file_header(outcome) -> tuple[str, str]:
    if outcome.errors:
        asked = f"，另有 {len(outcome.questions)} 个值需要确认" if outcome.questions else ""
        return f"{plain(outcome.file)} — {len(outcome.errors)} 处错误，不能导入{asked}", ":material/error:"
    if outcome.questions:
        return f"{plain(outcome.file)} — 有 {len(outcome.questions)} 个值需要确认", ":material/help:"
    records = sum(s.records for s in outcome.sheets)
    return (f"{plain(outcome.file)} — 可以导入：{records} 条记录，待匹配姓名 {len(outcome.pending)} 个",
            ":material/check_circle:")


def show_analysis(analysis: Analysis, batches: pd.DataFrame, index: int) -> None:
    outcome = analysis.outcome
    header, icon = file_header(outcome)
    key = f"{index}_{analysis.sha256[:8]}"
    with st.expander(header, expanded=bool(outcome.errors or outcome.questions), icon=icon):
        if outcome.errors:
            st.error("此文件有错误，不会导入，数据库不会有任何更改。请按下表修改后重新上传。")
            tables.table(errors_table(analysis), hide_index=True, width="stretch")
        elif same := imported_before(analysis, batches):
            st.info(f"相同内容的文件已导入过（批次 {'、'.join(f'#{b}' for b in same)}），再次导入不会重复计分。")
        for report in outcome.sheets:
            for sentence in report.warnings:
                st.warning(f"工作表「{plain(report.sheet)}」：{plain(sentence)}")
        if outcome.questions:
            show_questions(outcome.questions, key)
        if outcome.sheets:
            tables.table(sheets_table(outcome.sheets), hide_index=True, width="stretch")
        for j, report in enumerate(outcome.sheets):
            if report.columns:
                show_columns(report, f"{key}_{j}")
            if report.events:
                show_events(report, f"{key}_{j}")
            if report.preview:
                st.caption(f"工作表「{plain(report.sheet)}」前 {len(report.preview)} 行（表头在第 {report.header_row} 行）")
                tables.table(preview_table(report), hide_index=True, width="stretch")


def import_valid(valid: list[Analysis]) -> list[tuple[str, str]]:
    """Write the checked files one by one, rosters first, with a progress bar; the
    (status, message) of each. A failed backup stops the rest: nothing more is written."""
    bar = st.progress(0.0, text="开始导入…")
    said = []
    for i, analysis in enumerate(importer.in_import_order(valid)):
        bar.progress(i / len(valid), text=f"正在导入 {i + 1}/{len(valid)}：{plain(analysis.outcome.file)}")
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
        FLASH_STYLE.get(status, st.info)(plain(message))


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
    for i, analysis in enumerate(analyses):
        show_analysis(analysis, batches, i)
    valid = [a for a in analyses if not a.outcome.errors and not a.outcome.questions]
    rejected = sum(1 for a in analyses if a.outcome.errors)
    waiting = len(analyses) - len(valid) - rejected
    if rejected:
        st.warning(f"{rejected} 个文件有错误，不会导入。")
    if waiting:
        st.info(f"{waiting} 个文件有值需要确认含义，暂不导入：在上方确认后即可导入。")
    if st.button(f"导入 {len(valid)} 个文件", type="primary", disabled=not valid, key="import_button"):
        st.session_state[FLASH] = import_valid(valid) + [(a.outcome.status, a.outcome.summary())
                                                         for a in analyses if not any(a is v for v in valid)]
        st.session_state[UPLOAD_ROUND] = st.session_state.get(UPLOAD_ROUND, 0) + 1
        st.session_state.pop(ANALYSES, None)
        st.rerun()


def undone_text(when, who) -> str:
    return f"{time_text(when)} {actor_label(who)}" if time_text(when) else ""


def batches_table(batches: pd.DataFrame) -> pd.DataFrame:
    shown = batches.sort_values("batch_id", ascending=False)
    shown = shown.assign(status=shown["status"].map(BATCH_STATUS),
                         year=pd.array(shown["year"], dtype="Int64"),
                         imported_at=pd.to_datetime(shown["imported_at"]),
                         imported_by=shown["imported_by"].map(actor_label),
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
    confirmed = st.checkbox(f"确认撤销批次 #{batch}（{plain(files[batch])}）：删除它导入的全部记录，恢复被它替换的旧版本",
                            key=f"undo_confirm_{batch}")
    if st.button("撤销此批次", disabled=not confirmed, key="undo_button"):
        try:
            importer.undo_batch(state.store(), int(batch), user())
        except (importer.UndoError, BackupError) as exc:
            st.error(plain(exc))
            return
        st.session_state[FLASH] = [("done", f"批次 #{batch}（{files[batch]}）已撤销，数据已恢复到导入它之前的状态。")]
        st.rerun()


def batch_section(batches: pd.DataFrame) -> None:
    st.subheader("导入批次")
    if batches.empty:
        st.caption("还没有导入过文件。")
        return
    tables.table(batches_table(batches), hide_index=True, width="stretch")
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
