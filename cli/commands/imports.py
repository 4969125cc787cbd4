"""``import youth|companies|applicants FILE [--dry-run]``: the shared importer (models/imports) from the
command line. Prints the file's kind and encoding, the column mapping, each row's errors
(row number, field, Korean message: never a value of the file), the duplicates by registry
id, and the report. Exit 1 when a row has an error or the import is refused: then nothing
is written. ``--dry-run`` writes nothing in any case."""

from __future__ import annotations

import getpass

from cli.common import EXIT_FAILED, EXIT_STORAGE, db_options, fail

NAMES = ("import",)
WHAT = {"youth": "청년 명부", "companies": "구인기업", "applicants": "교육과정 지원자"}
MAX_LINES = 200  # error and duplicate lines printed; the rest is counted


def add_parser(sub) -> None:
    p = sub.add_parser(
        "import", help="청년 명부·구인기업·교육과정 지원자를 엑셀(.xlsx)/CSV에서 가져옵니다",
        description="엑셀(.xlsx) 또는 CSV(UTF-8, UTF-8 BOM, CP949/EUC-KR, 자동 감지)의 행을 청년 명부나 "
                    "구인기업으로 가져옵니다. 열은 열 이름으로 자동 지정하고(--map으로 직접 지정), 한 행이라도 "
                    "오류가 있으면 아무것도 저장하지 않습니다. 이미 등록된 기록과 같은 행은 건너뜁니다(--duplicates merge: 병합).")
    p.add_argument("what", choices=tuple(WHAT), metavar="WHAT",
                   help="youth(청년 명부), companies(구인기업) 또는 applicants(교육과정 지원자, --course 필수)")
    p.add_argument("file", metavar="FILE", help=".xlsx 또는 .csv 파일")
    db_options(p, suppress=True)
    p.add_argument("--dry-run", action="store_true", help="미리 보기만 하고 저장하지 않습니다")
    p.add_argument("--facility", metavar="CODE",
                   help="시설 코드 (companies는 필수: 그 시설의 기업으로 등록; youth는 등록 시설)")
    p.add_argument("--course", metavar="ID", type=int, help="applicants: 지원자를 받을 교육과정 번호")
    p.add_argument("--map", metavar="필드=열이름,…",
                   help="열 직접 지정, 예: --map '이름=성명,phone=연락처' (필드는 영문 키 또는 한글 이름)")
    p.add_argument("--encoding", choices=("utf-8", "cp949", "utf-16"), help="CSV 인코딩 (기본: 자동 감지)")
    p.add_argument("--duplicates", choices=("skip", "merge"), default="skip",
                   help="이미 등록된 기록과 같은 행: skip 건너뛰기(기본) 또는 merge 병합(파일에 적힌 값으로 갱신)")


def _print_mapping(pv) -> None:
    headers = pv.table.headers
    parts = [f"{f.label}←'{headers[pv.mapping[f.key]]}'" for f in pv.target.fields if f.key in pv.mapping]
    print("열 지정: " + ", ".join(parts))
    if pv.defaults:
        print("열이 없어 기본값: " + ", ".join(pv.defaults))


def _lines(rows: list[str], what: str) -> None:
    for line in rows[:MAX_LINES]:
        print(line)
    if len(rows) > MAX_LINES:
        print(f"  … {what} {len(rows) - MAX_LINES:,}건 더")


def run(services, args) -> int:
    from models.core.permissions import system_actor
    from models.imports import engine, mapping, reading
    from models.imports.errors import ImportFileError, MissingColumns
    from models.imports.targets import target as make_target

    if args.what == "applicants" and not getattr(args, "course", None):
        return fail("교육과정 지원자는 --course 과정 번호를 함께 적으세요.", EXIT_STORAGE)
    if args.what == "companies" and not args.facility:
        return fail("구인기업은 --facility 시설 코드를 함께 적으세요.", EXIT_STORAGE)
    # an unknown course, or one closed to applications, is refused by the preview (a
    # DomainError: its Korean message on stderr, exit 1, nothing written)
    target = make_target(f"applicants:{args.course}" if args.what == "applicants" else args.what)
    facility_id = services.facilities.by_code(args.facility).id if args.facility else None
    actor = system_actor(getpass.getuser())
    try:
        table = reading.read_file(args.file, args.encoding)
    except ImportFileError as exc:
        return fail(exc.message)
    print(f"파일: {table.described}")
    cols = mapping.auto_map(table.headers, target.fields)
    if args.map:
        names = mapping.parse_map_option(args.map, target.fields)
        unknown = [h for h in names.values() if h not in table.headers]
        if unknown:
            return fail("--map의 열 이름이 파일에 없습니다: " + ", ".join(unknown))
        cols = mapping.apply_names(cols, names, table.headers, target.fields)
    try:
        pv = engine.preview(services, actor, facility_id, target, table, cols)
    except MissingColumns as exc:
        return fail(exc.message)
    _print_mapping(pv)
    merge = args.duplicates == "merge"
    errors = [f"  {line}행 · {label}: {message}" for line, label, message in pv.error_lines()]
    refused = [r for r in pv.duplicates if merge and r.merge_refusal]
    errors += [f"  {r.line}행 · 병합: {r.merge_refusal}" for r in refused]
    if errors:
        print(f"오류 {len(pv.errors) + len(refused):,}행:")
        _lines(errors, "오류")
    dups = [f"  {r.line}행 · 등록 {target.noun} #{r.matches[0].id}: {r.matches[0].why} → "
            + ("병합" if merge and not r.merge_refusal else "건너뜀") for r in pv.duplicates]
    if dups:
        print(f"이미 등록된 {target.noun} {len(dups):,}행:")
        _lines(dups, "중복")
    if errors:
        blocked = engine.ImportReport(target.key, target.label, len(pv.rows), 0, 0, 0,
                                      len(pv.errors) + len(refused), written=False, dry_run=args.dry_run)
        print("\n".join(blocked.lines()))
        return fail("오류가 있는 행이 있어 아무것도 가져오지 않았습니다. 파일을 고친 뒤 다시 실행하세요.", EXIT_FAILED)
    actions = {r.index: engine.Action.MERGE if merge and r.matches else
               engine.Action.SKIP if r.matches else engine.Action.NEW for r in pv.rows}
    report = engine.commit(services, actor, pv, actions, dry_run=args.dry_run)
    print("\n".join(report.lines()))
    return 0
