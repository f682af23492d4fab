"""数据导入 as a short conversation, and 导入词表 — under AppTest, with real DuckDB files and
real workbooks: a value the vocabulary does not hold is asked once and the file waits
until it is answered; an unknown column is mapped on the page; an event's category is
changed on the page; every answer is listed, and removing one brings the question back."""
from __future__ import annotations

import re

import pytest

from data import taught
from data.importer import import_file
from data.store import Store
from tests.apptest_util import open_page, rerun
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LATIN = re.compile(r"[A-Za-z]")
EXCEL_COLUMN = re.compile(r"\b[A-Z]{1,3} 列")  # where a cell is: Excel's own column letters
HEADER = ["活动名称", "日期", "姓名", "出勤"]


@pytest.fixture
def office_db(empty_app_db, tmp_path):
    """The app's database with a small roster imported."""
    store = Store.open(empty_app_db)
    roster = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *ROSTER_ROWS]})
    assert import_file(store, roster, user="办公室").status == "imported"
    return store


def attendance_file(tmp_path, rows, header=HEADER, name="出勤.xlsx"):
    return write_xlsx(tmp_path / name, {"出勤": [header, *rows]})


def upload(at, path, name="2025年出勤登记.xlsx"):
    at.file_uploader[0].upload(name, path.read_bytes(), XLSX)
    return rerun(at)


def texts(elements) -> str:
    return "\n".join(str(e.value) for e in elements)


def attendance(store: Store):
    return store.df("SELECT name, event_name, category, status, mark FROM attendance "
                    "WHERE superseded_by IS NULL ORDER BY name")


def chinese_only(at) -> list[str]:
    """Every text the page shows in its main area that holds a Latin letter."""
    main = at.main
    shown = [at.title[0].value] if at.title else []
    for kind in ("expander",):
        shown += [e.label for e in main.get(kind)]
    for kind in ("warning", "info", "success", "error", "caption", "markdown"):
        shown += [str(e.value) for e in main.get(kind)]
    for box in main.selectbox:
        shown += [box.label, *box.options]
    shown += [b.label for b in main.button] + [c.label for c in main.checkbox]
    for frame in main.dataframe:
        value = frame.value
        shown += [str(c) for c in value.columns]
        shown += [v for c in value.columns for v in value[c] if isinstance(v, str)]
    allowed = ("选择 Excel 文件", ".xlsx", ".xls")  # the uploader, not part of this change
    return [s for s in shown if LATIN.search(EXCEL_COLUMN.sub("", s)) and not any(a in s for a in allowed)]


# -- (a) an unknown mark is asked, the file waits, the answer is remembered ---------------------------------
def test_unknown_mark_is_asked_then_the_file_imports(office_db, tmp_path):
    store = office_db
    before = store.table_contents()
    path = attendance_file(tmp_path, [["全体会议", "2025-01-10", "王刚", "出席"],
                                      ["全体会议", "2025-01-10", "李春", "公出"],
                                      ["常委会议", "2025-03-02", "李春", "公出"]])
    at = open_page("import_files")
    upload(at, path)
    assert at.expander[0].label == "2025年出勤登记.xlsx — 有 1 个值需要确认"
    assert "1 个文件有值需要确认含义，暂不导入" in texts(at.info)
    import_button = at.button(key="import_button")
    assert import_button.label == "导入 0 个文件" and import_button.disabled
    ask = next(s for s in at.selectbox if s.label == "「公出」的含义")
    assert ask.value == "请假" and "缺席" in ask.options  # the suggestion, offered, not applied
    page = texts(at.markdown)
    assert "出勤标记" in page and "「公出」" in page and "「出勤」第 3 行" in page
    assert chinese_only(at) == []
    rerun(at)
    assert store.table_contents() == before  # nothing written while the question is open

    ask = next(s for s in at.selectbox if s.label == "「公出」的含义")
    ask.select_index(ask.options.index("请假"))
    at.button(key=next(b.key for b in at.button if b.label == "确认这些含义")).click()
    rerun(at)
    assert "已记住 1 个值的含义" in texts(at.success)
    assert "可以导入：3 条记录" in at.expander[0].label
    assert not [s for s in at.selectbox if s.label == "「公出」的含义"]
    at.button(key="import_button").click()
    rerun(at)
    assert "已导入为批次 #2" in texts(at.success)
    rows = attendance(store)
    assert sorted(rows["status"]) == ["attend", "leave", "leave"]
    assert set(rows[rows["mark"] == "公出"]["status"]) == {"leave"}
    log = store.df("SELECT username, action, object FROM audit_log WHERE action = 'teach'")
    assert len(log) == 1 and log["object"][0] == "出勤标记：「公出」= 请假"


def test_a_suggested_meaning_is_preset(office_db, tmp_path):
    path = attendance_file(tmp_path, [["全体会议", "2025-01-10", "王刚", "休假"]])
    at = upload(open_page("import_files"), path)
    ask = next(s for s in at.selectbox if s.label == "「休假」的含义")
    assert ask.value == "请假"  # offered, not applied: the file still waits
    assert at.button(key="import_button").disabled


# -- (b) an unknown column is mapped on the page ----------------------------------------------------------
def test_an_unknown_column_mapped_on_the_page_is_read(office_db, tmp_path):
    store = office_db
    path = attendance_file(tmp_path, [["全体会议", "2025-01-10", "王刚", "出席"],
                                      ["全体会议", "2025-01-10", "李春", "请假"]],
                           header=["活动名称", "日期", "姓名", "到会与否"])
    at = upload(open_page("import_files"), path)
    assert "处错误，不能导入" in at.expander[0].label  # the required 出勤 column is not found
    columns = next(d.value for d in at.dataframe if list(d.value.columns) == ["列名", "读作"])
    assert dict(zip(columns["列名"], columns["读作"]))["到会与否"] == "未使用"
    column = next(s for s in at.selectbox if s.label == "未使用的列")
    assert column.options == ["到会与否"]
    field = next(s for s in at.selectbox if s.label == "读作")
    assert "出勤" in field.options and not any(LATIN.search(o) for o in field.options)
    field.select_index(field.options.index("出勤"))
    at.button(key=next(b.key for b in at.button if b.label == "保存映射")).click()
    rerun(at)
    assert "「到会与否」列读作「出勤」" in texts(at.success)
    assert "可以导入：2 条记录" in at.expander[0].label
    columns = next(d.value for d in at.dataframe if list(d.value.columns) == ["列名", "读作"])
    assert dict(zip(columns["列名"], columns["读作"]))["到会与否"] == "出勤（办公室映射）"
    assert not [s for s in at.selectbox if s.label == "未使用的列"]  # no unused column left
    assert set(taught.taught_table(store)["written"]) == {"出勤|到会与否"}
    at.button(key="import_button").click()
    rerun(at)
    assert sorted(attendance(store)["status"]) == ["attend", "leave"]


def test_a_mapping_for_any_sheet_holds_on_another_sheet(office_db, tmp_path):
    store = office_db
    path = attendance_file(tmp_path, [["全体会议", "2025-01-10", "王刚", "出席"]],
                           header=["活动名称", "日期", "姓名", "到会与否"])
    at = upload(open_page("import_files"), path)
    field = next(s for s in at.selectbox if s.label == "读作")
    field.select_index(field.options.index("出勤"))
    next(s for s in at.checkbox if s.label == "应用于任意工作表").check()
    at.button(key=next(b.key for b in at.button if b.label == "保存映射")).click()
    rerun(at)
    assert "任意工作表的「到会与否」列" in texts(at.success)
    other = write_xlsx(tmp_path / "另一个.xlsx", {"三月": [["活动名称", "日期", "姓名", "到会与否"],
                                                         ["常委会议", "2025-03-02", "李春", "出席"]]})
    assert import_file(store, other).status == "imported"


# -- (c) 导入词表 lists the answers; removing one brings the question back ------------------------------------
def test_taught_page_lists_answers_and_removing_one_asks_again(office_db, tmp_path):
    store = office_db
    taught.teach(store, [("mark", "公出", "leave"), ("column", "*:到会与否", "mark"),
                         ("event", "2025-01-10|茶话会", "study")], "办公室")
    at = open_page("taught")
    assert at.title[0].value == "导入词表"
    assert "下一个用到它的文件会重新询问" in texts(at.caption)
    table = at.dataframe[0].value
    assert list(table.columns) == ["类别", "写法", "含义", "添加人", "时间"]
    rows = {(k, w, m) for k, w, m in zip(table["类别"], table["写法"], table["含义"])}
    assert rows == {("出勤标记", "「公出」", "请假"), ("列映射", "任意工作表的「到会与否」列", "出勤"),
                    ("活动的类别", "茶话会（2025-01-10）", "学习活动")}
    assert set(table["添加人"]) == {"办公室"}
    assert chinese_only(at) == []

    at.selectbox(key="taught_domain").select("mark")
    rerun(at)
    assert len(at.dataframe[0].value) == 1
    remove = at.selectbox(key="taught_remove")
    assert remove.options == ["出勤标记：「公出」 → 请假"]
    assert at.button(key="taught_delete").disabled
    at.checkbox[0].check()
    rerun(at)
    at.button(key="taught_delete").click()
    rerun(at)
    assert "已删除「出勤标记：「公出」 → 请假」" in texts(at.success)
    assert set(taught.taught_table(store)["domain"]) == {"column", "event"}
    assert store.scalar("SELECT count(*) FROM audit_log WHERE action = 'forget'") == 1

    path = attendance_file(tmp_path, [["全体会议", "2025-01-10", "李春", "公出"]])
    at = upload(open_page("import_files"), path)
    assert at.expander[0].label == "2025年出勤登记.xlsx — 有 1 个值需要确认"


def test_taught_page_on_an_empty_table_says_how_answers_come(office_db):
    at = open_page("taught")
    assert "还没有确认过任何答案" in texts(at.info)


# -- (d) an event's category changed on the page is remembered ---------------------------------------------
def test_an_event_category_changed_on_the_page_is_remembered(office_db, tmp_path):
    store = office_db
    path = attendance_file(tmp_path, [["茶话会", "2025-01-10", "王刚", "出席"],
                                      ["茶话会", "2025-01-10", "李春", "请假"],
                                      ["常委会议", "2025-03-02", "李春", "出席"]])
    at = upload(open_page("import_files"), path)
    assert "未找到类别列：活动类别按活动名称中的关键词判断（见下方活动列表）" in texts(at.warning)
    editor = at.data_editor[0]
    events = editor.value
    assert list(events.columns) == ["名称", "日期", "类别", "判断依据"]
    assert list(events["类别"]) == ["其他会议", "常委会议"]
    assert set(events["判断依据"]) == {"活动名称中的关键词"}
    save = at.button(key=next(b.key for b in at.button if b.label == "保存活动类别"))
    assert save.disabled  # nothing changed yet
    assert chinese_only(at) == []

    at.session_state[editor.key] = {"edited_rows": {0: {"类别": "学习活动"}}, "added_rows": [], "deleted_rows": []}
    rerun(at)
    at.button(key=save.key).click()
    rerun(at)
    assert "已记住 1 个活动的类别" in texts(at.success)
    events = at.data_editor[0].value
    assert list(events["类别"]) == ["学习活动", "常委会议"]
    assert list(events["判断依据"]) == ["办公室指定", "活动名称中的关键词"]
    at.button(key="import_button").click()
    rerun(at)
    rows = attendance(store)
    assert set(rows[rows["event_name"] == "茶话会"]["category"]) == {"study"}
    assert set(rows[rows["event_name"] == "常委会议"]["category"]) == {"standing"}

    # the same event in a later file gets the category the office gave it
    later = attendance_file(tmp_path, [["茶话会", "2025-01-10", "张国强", "出席"]], name="补登.xlsx")
    assert import_file(store, later, year=2025).status == "imported"
    rows = attendance(store)
    assert set(rows[rows["event_name"] == "茶话会"]["category"]) == {"study"} and len(rows) == 4


def test_a_title_and_a_file_name_of_two_years_are_asked_on_the_page(office_db, tmp_path):
    """Which year the file is: asked with the two years to choose from, never guessed."""
    store = office_db
    book = write_xlsx(tmp_path / "y.xlsx", {"出勤": [["2024年度委员活动出勤登记"], HEADER, ["视察", "5月1日", "王刚", "出席"]]})
    at = upload(open_page("import_files"), book, name="2025年出勤登记.xlsx")
    assert at.expander[0].label == "2025年出勤登记.xlsx — 有 1 个值需要确认"
    label = "「文件名「2025年出勤登记」,标题「2024年度委员活动出勤登记」」的含义"
    ask = next(s for s in at.selectbox if s.label == label)
    assert ask.value is None and ask.options == ["2024 年度", "2025 年度"]
    assert "文件的年度" in texts(at.markdown)
    ask.select_index(1)
    at.button(key=next(b.key for b in at.button if b.label == "确认这些含义")).click()
    rerun(at)
    assert "可以导入：1 条记录" in at.expander[0].label
    at.button(key="import_button").click()
    rerun(at)
    assert store.rows("SELECT event_date::VARCHAR, year FROM cur_attendance") == [("2025-05-01", 2025)]
