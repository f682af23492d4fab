"""A year with no imported records is not scored on the pages either: the chair sees a
notice, never a ranking in which every member is 不称职."""
from __future__ import annotations

import pytest

from data.importer import import_file
from data.store import Store
from tests.apptest_util import open_page
from tests.conftest import ROSTER_HEADER, ROSTER_ROWS, write_xlsx


@pytest.mark.parametrize("page", ["overview", "ranking", "warnings", "export"])
def test_a_year_without_records_shows_a_notice_not_scores(empty_app_db, tmp_path, page):
    store = Store.open(empty_app_db)
    roster = write_xlsx(tmp_path / "委员名册.xlsx", {"名册": [ROSTER_HEADER, *ROSTER_ROWS]})
    assert import_file(store, roster, user="办公室").status == "imported"
    at = open_page(page)
    notices = " ".join(str(i.value) for i in at.info)
    assert "年度还没有导入任何出勤、提案、社情民意或其他履职记录，暂不计分" in notices
    shown = " ".join(str(d.value) for d in at.dataframe) + " ".join(str(m.value) for m in at.markdown)
    assert "不称职" not in shown
