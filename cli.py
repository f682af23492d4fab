"""lvzhi on the command line: the dashboard's jobs without a browser.

Exit status: 0 done, 1 input rejected (errors printed, nothing written), 2 wrong usage,
3 questions: a file holds values whose meaning the office has not given yet (they are
listed with the `cli.py vocab add` lines that record them; nothing written).
"""
from __future__ import annotations

import argparse
import getpass
import shlex
import sys
from pathlib import Path

from start import require_python

require_python()  # before the project's modules, which need Python 3.11

from data import aliases, audit, backup, importer, taught
from data.accounts import users
from data.documents import KINDS as DOCUMENT_KINDS
from data.store import Store, db_path
from metrics.groups import DIMENSIONS as GROUPINGS
from reading import reader, vocab
from reading.knowledge import category_label, choices, describe, field_label

DONE, REJECTED, USAGE, QUESTIONS = 0, 1, 2, 3


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "cli"


def _store(args) -> Store:
    return backup.open_store(db_path(args.db))


def _table(rows: list[list], headers: list[str]) -> str:
    """A plain text table, wide enough for Chinese characters."""
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in s)

    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# -- commands ------------------------------------------------------------------------
def cmd_init(args) -> int:
    store = _store(args)
    print(f"数据库已就绪：{store.path}（结构版本 {store.schema_version()}）")
    return DONE


def print_outcome(outcome: importer.FileOutcome) -> None:
    print(outcome.summary())
    rows = [
        [s.sheet, vocab.KINDS.get(s.kind, "未识别") if s.kind else "未识别", s.header_row or "",
         s.rows_read, s.rows_skipped, s.skipped_text(), s.records, "、".join(n for n, _ in s.pending)]
        for s in outcome.sheets
    ]
    if rows:
        print(_table(rows, ["工作表", "类型", "表头行", "读取行", "跳过行", "跳过原因", "记录", "待匹配姓名"]))
    for s in outcome.sheets:
        print_sheet_reading(s)
    if outcome.questions:
        print_questions(outcome)
    if outcome.errors:
        print(_table([[e.sheet, e.row or "", e.column, e.value, e.expected] for e in outcome.errors],
                     ["工作表", "行", "列", "值", "应为"]))


def print_sheet_reading(s: importer.SheetReport) -> None:
    """What each column of a sheet was read as, what missing columns mean, the new events."""
    if s.columns:
        read = [f"{label or '（无列名）'}→{_read_as(fld, label in s.taught)}" for label, fld in s.columns]
        print(f"  各列（{s.sheet}）：{'；'.join(read)}")
    for warning in s.warnings:
        print(f"  注意（{s.sheet}）：{warning}")
    for note in s.notes:
        print(f"  提示（{s.sheet}）：{note}")
    for e in s.events:
        print(f"  活动（{s.sheet}）：{e['date']} {e['name']} → {category_label(e['category'])}"
              f"（依据：{e['how']}）")


def _read_as(fld: str | None, taught_here: bool) -> str:
    if fld is None:
        return "未使用"
    if fld == reader.EVENT_COLUMN:
        return "活动（矩阵列）"
    return field_label(fld).split("（")[0] + ("（办公室映射）" if taught_here else "")


def print_questions(outcome: importer.FileOutcome) -> None:
    """Each distinct unknown value with its cells, and the line that records its meaning."""
    print(f"以下 {len(outcome.questions)} 个值的含义需要确认（确认一次后会记住，之后的文件不再询问）：")
    for q in outcome.questions:
        meanings = {k: ("" if k == v else v) for k, v in choices(q).items()}
        offered = "、".join(f"{k or '（空）'}={v}" if v else k for k, v in meanings.items())
        print(f"  {q.label}「{q.value}」共 {len(q.cells)} 处：{q.where()}")
        print(f"    可选含义：{offered}")
        guess = q.suggestion if q.suggestion is not None else "含义"
        print(f"    cli.py vocab add {q.domain} {shlex.quote(q.value)} {shlex.quote(guess)}"
              + ("" if q.suggestion is not None else "    # 把“含义”换成上面的一个可选含义"))


def mappings_given(args) -> list[tuple[str, str, str]]:
    """The --map options and the lines of --map-file as column answers: 'SHEET或*:列名=字段'."""
    lines = list(args.map or [])
    if args.map_file:
        lines += [line.strip() for line in Path(args.map_file).read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.strip().startswith("#")]
    answers = []
    for line in lines:
        written, sep, fld = line.rpartition("=")
        if not sep or not written.strip():
            raise taught.TeachError(f"列映射「{line}」应写成 工作表名或*:列名=字段，如 *:审查意见=outcome")
        answers.append(("column", written.strip() if ":" in written else f"*:{written.strip()}", fld.strip()))
    return answers


def cmd_import(args) -> int:
    store = _store(args)
    try:
        answers = mappings_given(args)
        if answers:
            taught.teach(store, answers, user=_user())
    except (taught.TeachError, OSError) as exc:
        print(f"列映射有误：{exc}", file=sys.stderr)
        return USAGE
    for fld in answers:
        print(f"已记住{describe(*taught.check(*fld))}")
    worst = DONE
    for path in args.files:
        outcome = importer.import_file(store, Path(path), kind=args.kind, year=args.year, user=_user(),
                                       year_chosen=args.year is not None)
        print_outcome(outcome)
        if outcome.status == "questions":
            worst = max(worst, QUESTIONS)
        elif not outcome.ok:
            worst = max(worst, REJECTED)
    return worst


def cmd_vocab(args) -> int:
    store = _store(args)
    if args.action == "list":
        df = taught.taught_table(store)
        if args.domain:
            df = df[df["domain"] == args.domain]
        _print_listing(df, "办公室尚未添加任何写法或列映射。", ["类别", "内容", "添加人", "时间"],
                       lambda r: [r.domain, describe(r.domain, r.written, r.meaning), r.created_by,
                                  str(r.created_at)[:19]])
        for term in taught.terms_to_set(store):
            print(f"提示：名册中的届次「{term}」尚未设置第一年（标题中的“{term}X次会议”据此确定年度）："
                  f"cli.py vocab add term {term} 第一年")
        return DONE
    if args.domain is None or args.written is None:
        print("请给出类别和写法：cli.py vocab add 类别 写法 含义 / cli.py vocab remove 类别 写法", file=sys.stderr)
        return USAGE
    if args.action == "add":
        if args.meaning is None:
            print("请给出含义：cli.py vocab add 类别 写法 含义", file=sys.stderr)
            return USAGE
        try:
            changed = taught.teach(store, [(args.domain, args.written, args.meaning)], user=_user())
        except taught.TeachError as exc:
            print(f"无法添加：{exc}", file=sys.stderr)
            return REJECTED
        entry = describe(*taught.check(args.domain, args.written, args.meaning))
        print(f"已记住{entry}" if changed else f"已有相同的记录：{entry}")
        return DONE
    if not taught.forget(store, args.domain, args.written, user=_user()):
        print(f"没有这条记录：{args.domain}「{args.written}」", file=sys.stderr)
        return REJECTED
    print(f"已删除 {args.domain}「{args.written}」：之后的文件遇到它会再次询问。")
    return DONE


def _print_listing(df, empty: str, headers: list[str], row) -> int:
    print(_table([row(r) for r in df.itertuples()], headers) if not df.empty else empty)
    return DONE


def cmd_batches(args) -> int:
    status = {"active": "有效", "undone": "已撤销"}
    return _print_listing(
        importer.list_batches(_store(args)), "尚无导入批次。",
        ["批次", "文件", "年度", "导入时间", "导入人", "状态", "新增", "更新", "待匹配"],
        lambda r: [r.batch_id, r.file_name, r.year or "", str(r.imported_at)[:19], r.imported_by,
                   status.get(r.status, r.status), r.records_new, r.records_changed, r.pending])


def cmd_undo(args) -> int:
    try:
        importer.undo_batch(_store(args), args.batch, user=_user())
    except importer.UndoError as exc:
        print(f"无法撤销：{exc}", file=sys.stderr)
        return REJECTED
    print(f"批次 #{args.batch} 已撤销，数据恢复到导入该批次之前的状态。")
    return DONE


def cmd_pending(args) -> int:
    return _print_listing(
        aliases.pending_names(_store(args)), "没有待匹配的姓名。",
        ["姓名", "所填界别", "记录数", "来源文件", "最接近的名册委员"],
        lambda r: [r.name, r.sector_hint, r.rows, r.files, "；".join(r.suggestions)])


def cmd_resolve(args) -> int:
    try:
        member_id = aliases.resolve(_store(args), args.name, args.member, args.sector or "", user=_user())
    except aliases.ResolveError as exc:
        print(f"无法匹配：{exc}", file=sys.stderr)
        return REJECTED
    print(f"「{args.name}」已匹配为委员 {member_id}，今后导入的文件也将按此匹配。")
    return DONE


def _rules(args):
    """The rule file given, else None (the year's saved rule set, else the default)."""
    from metrics.rules import load_rules

    return load_rules(args.rules) if args.rules else None


def cmd_score(args) -> int:
    from metrics.rules import RuleError
    from metrics.score_csv import write_score_csv
    from metrics.scoring import score_year

    try:
        result = score_year(_store(args), args.year, _rules(args))
    except (RuleError, OSError) as exc:
        print(f"规则文件有误：{exc}", file=sys.stderr)
        return REJECTED
    if not _has_records(result):
        return REJECTED
    write_score_csv(result, args.out or sys.stdout.buffer)
    if args.out:
        print(f"{args.year}年考评结果已写入 {args.out}（{len(result.scores)} 位委员）")
    print(_status_line(result), file=sys.stdout if args.out else sys.stderr)
    return DONE


def _status_line(result) -> str:
    """Whether the results are the year's published (审定) ones."""
    return f"{result.year}年度：{result.publication_text}"


def _year_to_write(store, args):
    """The year's scores to write documents from, its status printed; None (the reason
    printed) for a rule file that cannot be used or a year without records."""
    from metrics.rules import RuleError
    from metrics.scoring import score_year

    try:
        result = score_year(store, args.year, _rules(args))
    except (RuleError, OSError) as exc:
        print(f"规则文件有误：{exc}", file=sys.stderr)
        return None
    if not _has_records(result):
        return None
    print(_status_line(result))
    return result


def _options_then_year(args, options):
    """(``options()``, store, the year's scores) once the command's own options are checked
    (``options`` raises ValueError in Chinese) and the year can be written from; None, the
    reason printed, otherwise."""
    try:
        chosen = options()
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return None
    store = _store(args)
    result = _year_to_write(store, args)
    return None if result is None else (chosen, store, result)


def _has_records(result) -> bool:
    """A year with no imported records is not scored: every member would be 不称职."""
    if any(result.imported.values()):
        return True
    print(f"{result.year}年度没有导入任何出勤、提案、社情民意或其他履职记录，不能计分和导出"
          "（否则每位委员都会是最低等次）。请先导入该年度的文件。", file=sys.stderr)
    return False


def cmd_explain(args) -> int:
    from metrics.rules import RuleError
    from metrics.scoring import explain

    try:
        print(explain(_store(args), args.year, args.name, _rules(args)).text())
    except (RuleError, OSError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return REJECTED
    return DONE


def cmd_export(args) -> int:
    from metrics import evaluation
    from metrics.scoring import score_year

    if not args.out and not args.archives:
        print("请至少指定 --out（考评工作簿）或 --archives（履职档案目录）之一。", file=sys.stderr)
        return USAGE
    store = _store(args)
    result = _year_to_write(store, args)
    if result is None:
        return REJECTED
    if result.scores.empty:
        print(f"提示：{args.year}年度没有参评委员（名册中没有该年度在任的委员），导出的表格为空。")
    try:
        if args.out:
            layouts = evaluation.write_evaluation_workbook(store, result, args.out, body=args.body)
            print(f"{args.year}年度考评工作簿已写入 {args.out}（{len(result.scores)} 位委员；"
                  f"{len(layouts)} 个工作表，打印共 {sum(x.pages for x in layouts)} 页）")
            audit.audit_export(store, _user(), f"{args.year}年度考评工作簿 {args.out}")
        if args.archives:
            term = [score_year(store, y) for y in evaluation.term_results_needed(store, result)]
            files = evaluation.write_archives(store, result, args.archives, term, body=args.body,
                                              dimension=args.archive_by)
            for f in files:
                print(f"{f.path}（{f.members} 位委员）")
            print(f"{args.year}年度履职档案已写入 {args.archives}：{len(files)} 个工作簿，"
                  f"{sum(f.members for f in files)} 位委员，每人一个工作表。")
            audit.audit_export(store, _user(), f"{args.year}年度履职档案 {args.archives}")
    except OSError as exc:
        print(f"无法写入：{exc}", file=sys.stderr)
        return REJECTED
    return DONE


def _write_file(store: Store, path: str, make, what: str) -> bool:
    """``make()``'s bytes written to ``path`` and the export audited as ``what``; False,
    with the reason printed, when the file cannot be written."""
    try:
        Path(path).write_bytes(make())
    except OSError as exc:
        print(f"无法写入：{exc}", file=sys.stderr)
        return False
    audit.audit_export(store, _user(), f"{what} {path}")
    return True


def _write_sheets(store: Store, path: str, sheets: dict, what: str) -> int:
    """The sheets as one workbook titled ``what`` at ``path``, audited; the exit code."""
    from data import xlsx_out

    if not _write_file(store, path, lambda: xlsx_out.workbook_bytes(sheets, title=what), what):
        return REJECTED
    print(f"\n{what}已写入 {path}（{len(sheets)} 个工作表）")
    return DONE


def _frame_text(frame) -> str:
    """A table of the command line, amounts with two decimals."""
    rows = [[f"{v:.2f}" if isinstance(v, float) else v for v in row] for row in frame.values.tolist()]
    return _table(rows, list(frame.columns))


def cmd_groups(args) -> int:
    from metrics import group_rank

    ready = _options_then_year(args, lambda: [group_rank.resolve_dimension(args.dimension)] if args.dimension
                               else list(group_rank.GROUP_DIMENSIONS))
    if ready is None:
        return REJECTED
    dimensions, store, result = ready
    sheets = {}
    for dimension in dimensions:
        assessment = group_rank.assess_groups(store, result, dimension)
        ranking = group_rank.ranking_table(assessment)
        print(f"\n{args.year}年度{group_rank.DIMENSIONS[dimension]}考评（{len(ranking)} 个组）")
        print(_frame_text(ranking))
        print(f"{assessment.advanced_title}：{'、'.join(assessment.advanced) or '无'}")
        print(f"规则：{group_rank.rules_note(assessment)}")
        name = group_rank.DIMENSIONS[dimension]
        sheets[f"{name}考评"] = ranking
        sheets[f"{name}得分明细"] = group_rank.items_table(assessment)
        sheets[assessment.advanced_title] = group_rank.advanced_table(assessment)
    return _write_sheets(store, args.out, sheets, f"{args.year}年度组别考评") if args.out else DONE


def cmd_cohorts(args) -> int:
    from metrics import cohorts
    from metrics.labels import COHORT_NAMES

    def chosen_cohort() -> str | None:
        if args.top is not None and args.top < 1:
            raise ValueError(f"--top 应为不小于 1 的整数，实际为 {args.top}。")
        return cohorts.cohort_by(args.by) if args.by else None

    ready = _options_then_year(args, chosen_cohort)
    if ready is None:
        return REJECTED
    chosen, store, result = ready
    by = [chosen] if chosen else list(result.rules.cohorts.by)
    n = args.top or result.rules.cohorts.top_n
    sheets = {}
    for dimension in by:
        view = cohorts.top_view(cohorts.top_list(result, dimension, n))
        print(f"\n{args.year}年度分类排名：{COHORT_NAMES[dimension]}各组前 {n} 名（并列第 {n} 名的都列入）")
        print(_frame_text(view))
        sheets[f"{COHORT_NAMES[dimension]}前{n}名"] = view
    return _write_sheets(store, args.out, sheets, f"{args.year}年度分类排名") if args.out else DONE


def cmd_notices(args) -> int:
    from data.documents.render import TemplateError
    from metrics import notices

    store = _store(args)
    result = _year_to_write(store, args)
    if result is None:
        return REJECTED
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for kind in [args.kind] if args.kind else DOCUMENT_KINDS:
            files = notices.documents(kind, store, result, args.body)
            for name, content in files.items():
                (out / name).write_bytes(content)
            print(f"{kind}：{len(files)} 个文件已写入 {out}")
            audit.audit_export(store, _user(), f"{args.year}年度{kind} {out}", f"{len(files)} 个文件")
    except TemplateError as exc:
        print(f"模板有误：{exc}", file=sys.stderr)
        return REJECTED
    except OSError as exc:
        print(f"无法写入：{exc}", file=sys.stderr)
        return REJECTED
    return DONE


def cmd_publish(args) -> int:
    from data.published import PublishedError
    from metrics.publish import publish_year

    try:
        pub = publish_year(_store(args), args.year, _user(), args.note or "")
    except PublishedError as exc:
        print(f"不能审定：{exc}", file=sys.stderr)
        return REJECTED
    print(f"{args.year}年度考评结果{pub.badge}：规则、批次（{len(pub.batch_ids)} 个）和每位委员的得分、"
          "等次、预警及计分来源已冻结。之后导入或撤销该年度的记录、保存该年度规则都会被拒绝；"
          f"如需修改：cli.py unpublish --year {args.year} --reason 原因")
    return DONE


def cmd_unpublish(args) -> int:
    from data.published import PublishedError
    from metrics.publish import unpublish_year

    try:
        unpublish_year(_store(args), args.year, _user(), args.reason or "")
    except PublishedError as exc:
        print(f"不能撤销审定：{exc}", file=sys.stderr)
        return REJECTED
    print(f"{args.year}年度已撤销审定（原因：{args.reason.strip()}），结果重新随导入的数据变化；已记入操作日志。")
    return DONE


def cmd_templates(args) -> int:
    from data.templates import write_templates

    for path in write_templates(Path(args.out)):
        print(path)
    return DONE


def cmd_demo(args) -> int:
    from data.demo import load_demo

    store = _store(args)
    years = tuple(args.year) if args.year else (2024, 2025)
    folder = Path(args.keep).resolve() if args.keep else None
    outcomes = load_demo(store, seed=args.seed, years=years, out_dir=folder,
                         progress=lambda i, n, name: print(f"[{i}/{n}] {name}"))
    print(f"示例数据已导入：{len(outcomes)} 个文件，{store.record_counts()['members']} 位委员。")
    print(f"示例文件保存在 {folder}：explain 和「委员档案」列出的来源文件都在这里。" if folder else
          "示例文件写在临时目录，导入后已删除；要保留它们（查看来源文件）：cli.py demo --keep 目录")
    return DONE


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def cmd_backups(args) -> int:
    db = db_path(args.db)
    found = backup.snapshots(db)
    if not found:
        print(f"尚无备份（{backup.backup_dir(db)}）。每次导入、撤销、保存规则和恢复之前都会自动备份。")
        return DONE
    print(_table([[s.number, f"{s.taken_at:%Y-%m-%d %H:%M:%S}", s.reason, s.user, _size(s.size)]
                  for s in reversed(found)], ["编号", "时间", "原因", "操作人", "大小"]))
    print(f"备份目录：{backup.backup_dir(db)}（保留最近 {backup.keep_count()} 个）。恢复：cli.py restore 编号")
    return DONE


def _confirmed() -> bool:
    try:
        answer = input("输入 yes 或 是 确认恢复，其他任意输入取消：")
    except EOFError:
        return False
    return answer.strip().lower() in {"yes", "是"}


def cmd_restore(args) -> int:
    db = db_path(args.db)
    chosen = backup.find(db, args.number)
    print(f"将把数据库 {db} 恢复为{chosen.describe()}：此后的导入、撤销、规则修改等全部改动（含用户和操作日志）都会回到那时的状态。"
          "恢复前会先把当前状态另存为一个备份。")
    if not args.yes and not _confirmed():
        print("已取消，数据库未做任何更改。")
        return REJECTED
    done = backup.restore(db, args.number, _user())
    print(f"已恢复为备份 #{done.restored.number}。恢复前的状态已保存为备份 #{done.before.number}，"
          f"如需撤销这次恢复：cli.py restore {done.before.number}")
    return DONE


def cmd_progress(args) -> int:
    from datetime import date

    from metrics import progress as pg
    from metrics.rules import RuleError

    try:
        as_of = date.fromisoformat(args.as_of)
    except ValueError:
        print(f"日期“{args.as_of}”无法识别，请写成 2025-06-30 的形式。", file=sys.stderr)
        return USAGE
    year = args.year or as_of.year
    store = _store(args)
    try:
        p = pg.progress(store, year, pg.clip_to_year(as_of, year), rules=_rules(args))
    except (RuleError, OSError) as exc:
        print(f"规则文件有误：{exc}", file=sys.stderr)
        return REJECTED
    if not _has_records(p.result):
        return REJECTED
    print(f"{year}年度履职进度（截至{pg.day_text(p.as_of)}，共 {len(p.members)} 位委员）")
    for flag, n in p.counts().items():
        print(f"  {pg.COUNT_LABELS[flag]}：{n} 人")
    print(p.undated_text() + p.later_text())
    if args.out:
        if not _write_file(store, args.out, lambda: pg.list_bytes(p, args.body), f"{year}年度履职进度提醒名单"):
            return REJECTED
        print(f"提醒名单已写入 {args.out}（{len(p.members)} 位委员）")
    return DONE


def cmd_term(args) -> int:
    from metrics import term as tm

    store = _store(args)
    known = tm.terms(store)
    term = args.term or (known[0] if known else None)
    if term not in known:
        print(f"名册中没有届次“{term or ''}”；名册中的届次：{'、'.join(known) or '无'}。", file=sys.stderr)
        return REJECTED
    view = tm.term_view(store, term)
    if not view.years:
        print(f"{term}还没有导入任何年度的出勤记录，暂无届期考评。", file=sys.stderr)
        return REJECTED
    print(f"{term}届期考评（已导入年度：{view.years_text()}，共 {len(view.members)} 位委员）")
    print(f"本届要求：{tm.rules_text(view.rules)}")
    print("；".join(f"{v} {n} 人" for v, n in view.counts().items()))
    failing = view.failing()
    if len(failing):
        print(_table([[r.member_id, r.name, r.sector, r.reasons] for r in failing.itertuples()],
                     ["委员编号", "姓名", "界别", "不符合的原因"]))
    written = []
    try:
        if args.out:
            Path(args.out).write_bytes(tm.list_bytes(view, args.body))
            written.append(f"换届参考名单已写入 {args.out}（{len(view.members)} 位委员）")
        if args.archives:
            Path(args.archives).write_bytes(tm.archive_bytes(store, view, list(view.members["member_id"]), args.body))
            written.append(f"届期考评档案已写入 {args.archives}（每位委员一个工作表）")
    except OSError as exc:
        print(f"无法写入：{exc}", file=sys.stderr)
        return REJECTED
    for line in written:
        print(line)
        audit.audit_export(store, _user(), f"{term}{line}")
    return DONE


def _new_password(given: str | None) -> str:
    """The new password: ``--password``, else typed twice at the terminal (not echoed),
    else the first line of standard input (for scripts)."""
    if given:
        return given
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise users.UserError("两次输入的密码不一致。")
    return first


def cmd_user(args) -> int:
    """Accounts from the command line: the way back in for a locked-out or forgotten
    administrator (the dashboard must be stopped, as for every write)."""
    store = _store(args)
    try:
        if args.action == "list":
            accounts = users.list_users(store)
            rows = [[u.username, u.display_name, u.role_label, "停用" if u.disabled else "启用",
                     u.locked_at or "—", u.open_sessions] for u in accounts.itertuples()]
            print(_table(rows, ["账号", "姓名", "角色", "状态", "锁定的地址", "登录中"]) if rows else "还没有账号。")
            return DONE
        if not args.name:
            print("请写出账号名，如：cli.py user reset-password admin", file=sys.stderr)
            return USAGE
        if args.action == "unlock":
            users.enable_user(store, args.name, by=f"命令行：{_user()}")
            print(f"账号 {args.name} 已启用并解除锁定。")
        else:
            users.reset_password(store, args.name, _new_password(args.password), by=f"命令行：{_user()}")
            print(f"账号 {args.name} 的密码已重置，锁定已解除，原有登录已失效。")
    except users.UserError as exc:
        print(str(exc), file=sys.stderr)
        return REJECTED
    return DONE


# argparse's own texts (usage, help, errors) in Chinese; argparse looks each up through
# its module's ``_`` / ``ngettext`` when it prints, so those two are replaced.
ARGPARSE_TEXTS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的值：%(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "须跟一个值",
    "expected at most one argument": "至多跟一个值",
    "expected at least one argument": "至少跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同用",
    "one of the arguments %s is required": "须给出参数 %s 之一",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "expected %s argument": "须跟 %s 个值",
    "expected %s arguments": "须跟 %s 个值",
}


def _chinese_argparse() -> None:
    argparse._ = lambda text: ARGPARSE_TEXTS.get(text, text)
    argparse.ngettext = lambda one, many, n: ARGPARSE_TEXTS.get(one if n == 1 else many, one if n == 1 else many)


def named_choice(names: dict[str, str]):
    """An argparse ``type`` for a choice the help lists by its Chinese names: the name
    or the English code (for scripts) gives the code; anything else is a Chinese error
    listing the names."""
    codes = {**{code: code for code in names}, **{name: code for code, name in names.items()}}

    def code_of(text: str) -> str:
        if text not in codes:
            raise argparse.ArgumentTypeError(f"无效的值：'{text}'（可选：{'、'.join(names.values())}）")
        return codes[text]

    return code_of


def build_parser() -> argparse.ArgumentParser:
    _chinese_argparse()
    parser = argparse.ArgumentParser(prog="cli.py", description="履职考评看板：命令行")
    parser.add_argument("--db", help="数据库文件（默认 LVZHI_DB 或 var/lvzhi.duckdb）")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")

    def add(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", default=argparse.SUPPRESS, help="数据库文件")
        p.set_defaults(func=func)
        return p

    add("init", cmd_init, "创建数据库（可重复执行；升级旧版本结构）")
    p = add("demo", cmd_demo, "生成示例城市的 Excel 文件并按正常流程导入")
    p.add_argument("--year", type=int, action="append", help="年度（可重复，默认 2024 与 2025）")
    p.add_argument("--seed", type=int, default=2025, help="随机种子（相同种子生成相同数据）")
    p.add_argument("--keep", metavar="DIR", help="把示例 Excel 文件写到这个目录并从这里导入，导入后保留"
                                                 "（不写则写在临时目录，导入后删除）")
    p = add("import", cmd_import, "导入 Excel 文件")
    p.add_argument("files", nargs="+", help="Excel 文件")
    p.add_argument("--kind", type=named_choice(vocab.KINDS), metavar="类型",
                   help=f"强制指定类型：{'、'.join(vocab.KINDS.values())}（也可写英文代码，如 roster）")
    p.add_argument("--year", type=int, help="考评年度：标题与文件名中没有年份时使用；写了年份的文件须与之一致"
                                              "（标题与文件名的年份不一致时，以此指明是哪一年）")
    p.add_argument("--map", action="append", metavar="SHEET:列名=字段",
                   help="把一列读作某个字段并记住，如 '*:审查意见=outcome'（* 表示任意工作表；可重复）")
    p.add_argument("--map-file", metavar="FILE", help="列映射文件：每行一条 工作表或*:列名=字段，# 开头为注释")
    add("batches", cmd_batches, "列出导入批次")
    p = add("vocab", cmd_vocab, "办公室自己的写法与列映射：列出（list）、添加（add）、删除（remove）")
    p.add_argument("action", choices=["list", "add", "remove"], help="list 列出，add 添加，remove 删除")
    p.add_argument("domain", nargs="?", choices=list(taught.TEACHABLE), metavar="类别",
                   help="mark 出勤标记、outcome 立案情况、adoption 采用情况、party 党派、title 职务、"
                        "column 列映射、event 活动类别 …")
    p.add_argument("written", nargs="?", help="文件中的写法（列映射为 工作表或*:列名；活动为活动键）")
    p.add_argument("meaning", nargs="?", help="含义（列映射为字段名）")
    p = add("undo", cmd_undo, "撤销一个导入批次")
    p.add_argument("batch", type=int, help="批次号")
    add("pending", cmd_pending, "列出未匹配到名册的姓名及建议")
    p = add("resolve", cmd_resolve, "把待匹配姓名对应到名册委员（记为别名）")
    p.add_argument("name", help="待匹配的姓名")
    p.add_argument("member", help="委员编号或名册中的姓名")
    p.add_argument("--sector", help="待匹配记录所填的界别（同名时区分）")
    p = add("score", cmd_score, "按规则计算年度考评得分，输出 CSV")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--out", help="输出文件（默认标准输出）")
    p = add("explain", cmd_explain, "逐条列出一位委员的得分及其来源")
    p.add_argument("name", help="委员姓名或编号")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--rules", help="规则文件（TOML）")
    p = add("export", cmd_export, "导出年度考评工作簿（A4 横向，可直接打印）和委员履职档案")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--out", metavar="FILE.xlsx",
                   help="考评工作簿：考核结果、优秀名单、预警名单、界别/活动组/联络组汇总、计分规则")
    p.add_argument("--archives", metavar="DIR",
                   help="履职档案目录：每个分组一个工作簿（如“2025年度-履职档案-城关区联络组.xlsx”），"
                        "每位委员一个可打印的工作表，含本届历年考评和签字栏")
    p.add_argument("--archive-by", type=named_choice(GROUPINGS), default="liaison_group", metavar="分组方式",
                   help=f"履职档案按什么分组成工作簿：{'、'.join(GROUPINGS.values())}（默认 委员联络组）")
    p.add_argument("--body", default="市政协", help="制表单位，用于标题和页脚（默认“市政协”）")
    p = add("groups", cmd_groups, "组别考评：界别活动组、委员联络组按规则计分排名，评出先进界别小组、先进委员联络组")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--dimension", metavar="分组方式",
                   help="activity_group 或 界别活动组；liaison_group 或 委员联络组（默认两种都列出）")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--out", metavar="FILE.xlsx", help="同时写入 Excel：排名、得分明细、先进名单")
    p = add("cohorts", cmd_cohorts, "分类排名：常委与委员分列、各专委会、各界别内排名，列出各组前几名（用于通报）")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--by", metavar="排名范围",
                   help="常委（常委与委员分列）、专委会 或 界别（默认按规则 [cohorts] 的范围全部列出）")
    p.add_argument("--top", type=int, metavar="N", help="每组列出前几名（默认按规则的 top_n）")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--out", metavar="FILE.xlsx", help="同时写入 Excel：每种排名范围一个工作表")
    p = add("notices", cmd_notices, "生成年度公文与通知（Word）：结果通报、结果通知书、致推荐单位函、履职提醒函")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--out", required=True, metavar="DIR", help="输出目录")
    p.add_argument("--kind", choices=DOCUMENT_KINDS,
                   help="只生成一类：通报 结果通报，通知书 每位委员一页的结果通知书，推荐单位 每个推荐单位一份函，"
                        "提醒函 每位被预警委员一份，分类排名 各组前几名的分类排名通报（默认全部）")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--body", default="市政协", help="发文单位（默认“市政协”）")
    p = add("progress", cmd_progress, "履职进度：截至某日的得分、尚需完成的事项和将被预警的委员，可输出提醒名单")
    p.add_argument("--as-of", required=True, metavar="DATE", help="截至日期，如 2025-06-30")
    p.add_argument("--year", type=int, help="考评年度（默认为截至日期所在年度）")
    p.add_argument("--rules", help="规则文件（TOML；默认用该年度保存的规则或默认规则）")
    p.add_argument("--out", metavar="FILE.xlsx", help="提醒名单（Excel）")
    p.add_argument("--body", default="市政协", help="制表单位，用于标题（默认“市政协”）")
    p = add("term", cmd_term, "届期考评：一届内各年度并列、本届提案社情民意和全会出勤合计，列出符合与不符合本届要求的委员（换届参考）")
    p.add_argument("--term", metavar="届次", help="届次，如 十四届（默认名册中最新的一届）")
    p.add_argument("--out", metavar="FILE.xlsx", help="换届参考名单（Excel）")
    p.add_argument("--archives", metavar="FILE.xlsx", help="届期考评档案（Excel，每位委员一个工作表）")
    p.add_argument("--body", default="市政协", help="制表单位，用于标题（默认“市政协”）")
    p = add("publish", cmd_publish, "审定一个年度的考评结果（冻结规则、批次和全部得分；管理员操作）")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--note", help="审定说明（如会议名称和日期）")
    p = add("unpublish", cmd_unpublish, "撤销一个年度的审定（须写明原因，记入操作日志）")
    p.add_argument("--year", type=int, required=True, help="考评年度")
    p.add_argument("--reason", required=True, help="撤销原因")
    p = add("templates", cmd_templates, "生成各类导入模板")
    p.add_argument("--out", required=True, help="输出目录")
    p = add("user", cmd_user, "账号：列出（list）、重置密码（reset-password）、启用并解除锁定（unlock）；"
                              "管理员忘记密码或被锁定时用")
    p.add_argument("action", choices=["list", "reset-password", "unlock"],
                   help="list 列出账号，reset-password 重置密码，unlock 启用并解除锁定")
    p.add_argument("name", nargs="?", help="账号名")
    p.add_argument("--password", help="新密码（不写则在终端输入两次；放在命令里会留在命令历史中）")
    add("backups", cmd_backups, "列出自动备份（每次导入、撤销、保存规则和恢复之前各一个）")
    p = add("restore", cmd_restore, "把数据库恢复为一个备份（先备份当前状态；看板须先停止）")
    p.add_argument("number", type=int, help="备份编号（见 backups）")
    p.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if "db" not in args:
        args.db = None
    try:
        return args.func(args)
    except backup.BackupError as exc:
        print(str(exc), file=sys.stderr)
        return REJECTED


if __name__ == "__main__":
    sys.exit(main())
