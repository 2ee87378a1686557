"""The search backend (qms.core.search) on whichever database the suite runs on: SQLite FTS5 or
PostgreSQL tsvector. Accents, case, punctuation, ranking, snippets, index upkeep, plans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q

from qms.core import search
from qms.core.models import SearchEntry

pytestmark = pytest.mark.django_db


def add(source_id: int, title: str, *, body: str = "", code: str = "", source: str = "t", **fields) -> None:
    search.upsert(source, source_id, title=title, body=body, code=code, **fields)


def found(text: str, where: Q | None = None, limit: int = 50) -> list[int]:
    return [h.source_id for h in search.query(text, where=where or Q(), limit=limit).hits]


# --- parsing -------------------------------------------------------------------------------------


def test_terms_are_folded_split_on_punctuation_and_deduplicated() -> None:
    assert search.terms("Quy Trình") == ["quy", "trinh"]
    assert search.terms("19/2014/QĐ-TTg") == ["19", "2014", "qd", "ttg"]
    assert search.terms("  Đăng ký, đăng KÝ!  ") == ["dang", "ky"]
    assert search.terms("!!! ... --- “”") == []
    assert search.terms("") == []
    assert search.terms("foo_bar") == ["foo", "bar"]
    assert len(search.terms(" ".join(f"w{i}" for i in range(50)))) == search.MAX_TERMS


def test_index_text_removes_accents_and_punctuation() -> None:
    assert search.index_text("Số 19/2014/QĐ-TTg: “Quy trình” tiếp nhận") == "so 19 2014 qd ttg quy trinh tiep nhan"


# --- matching ------------------------------------------------------------------------------------


@pytest.fixture
def corpus() -> None:
    add(1, "Quy trình tiếp nhận hồ sơ", body="Áp dụng cho bộ phận một cửa.", code="QT-01")
    add(2, "Quyết định áp dụng hệ thống quản lý chất lượng", code="19/2014/QĐ-TTg")
    add(3, "Hướng dẫn đăng ký kinh doanh", body="Thủ tục đăng ký hộ kinh doanh tại Sở.")
    add(4, "Sổ tay chất lượng", body="Đang kỳ rà soát nội bộ. Tiếp nhận ý kiến góp ý.")
    add(5, "Biểu mẫu báo cáo", body="Không liên quan.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quy trinh", {1}),
        ("Quy Trình", {1}),
        ("QUY TRINH", {1}),
        ("quy trìn", {1}),  # the last word is also a prefix
        ("tiep nhan ho so", {1}),
        ("Tiếp nhận hồ sơ", {1}),
        ("QD 19", {2}),
        ("QĐ 19", {2}),
        ("19/2014/QĐ-TTg", {2}),
        ("qd-ttg", {2}),
        ("đăng ký", {3, 4}),  # "đang kỳ" folds the same way: accent-insensitive by design
        ("dang ky kinh doanh", {3}),
        ("QT-01", {1}),
        ("chat luong", {2, 4}),
        ("tiep nhan", {1, 4}),
        ("quy trinh xyz", set()),
        ("...", set()),
        ("", set()),
    ],
)
def test_accent_case_and_punctuation_insensitive_matching(corpus, text: str, expected: set[int]) -> None:
    assert set(found(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        "*",
        "a OR b",
        "NOT quy",
        "quy AND",
        "NEAR(quy trinh)",
        "'; DROP TABLE core_searchentry; --",
        "col:quy",
        "^quy",
        "(",
        "quy:*",
    ],
)
def test_query_syntax_of_either_engine_is_literal_text(corpus, text: str) -> None:
    search.query(text, where=Q(), limit=10)  # must not raise
    assert SearchEntry.objects.count() == 5


def test_eth_typed_for_d_with_stroke_is_found_as_d() -> None:
    add(1, "ÐĂNG KÝ KINH DOANH")  # U+00D0, as left by conversions from old Vietnamese encodings
    assert found("đăng ký") == [1]
    assert found("dang ky") == [1]


def test_vietnamese_in_nfd_form_is_found_and_finds() -> None:
    import unicodedata

    add(1, unicodedata.normalize("NFD", "Quy trình kiểm soát tài liệu"))
    assert found("kiem soat") == [1]
    assert found(unicodedata.normalize("NFD", "kiểm soát")) == [1]
    hit = search.query("kiem soat", where=Q(), limit=1).hits[0]
    assert "<mark>kiểm</mark> <mark>soát</mark>" in hit.title_html


# --- ranking -------------------------------------------------------------------------------------


def test_title_and_code_matches_rank_before_body_only_matches() -> None:
    add(1, "Báo cáo tháng", body="Nội dung nhắc tới quy trình một lần.", dated=dt.date(2026, 1, 1))
    add(2, "Quy trình kiểm soát hồ sơ", body="Nội dung.", dated=dt.date(2020, 1, 1))
    add(3, "Văn bản khác", code="QUY-TRINH-07", dated=dt.date(2019, 1, 1))
    hits = search.query("quy trinh", where=Q(), limit=10).hits
    order = [h.source_id for h in hits]
    assert set(order) == {1, 2, 3}
    assert order[-1] == 1  # the body-only match comes last
    assert hits[0].rank >= hits[1].rank >= hits[2].rank


def test_where_filters_before_ranking_and_counting() -> None:
    for i in range(1, 7):
        add(i, f"Quy trình số {i}", agency_id=10 if i % 2 else 20, scope_path=f"a/{i % 3}/", status="effective")
    assert set(found("quy trinh", Q(agency_id=10))) == {1, 3, 5}
    assert set(found("quy trinh", Q(scope_path__startswith="a/0/"))) == {3, 6}
    assert set(found("quy trinh", Q(agency_id=10) | Q(scope_path__startswith="a/0/"))) == {1, 3, 5, 6}
    assert found("quy trinh", Q(pk__in=[])) == []
    assert search.query("quy trinh", where=Q(agency_id=20), limit=10).total == 3


def test_where_may_span_a_subquery() -> None:
    add(1, "Quy trình A")
    add(2, "Quy trình B")
    ids = SearchEntry.objects.filter(source_id=2).values("pk")
    assert found("quy trinh", Q(pk__in=ids)) == [2]


def test_pages_and_total() -> None:
    search.bulk_upsert(
        {"source": "t", "source_id": i, "title": f"Quy trình {i}", "dated": dt.date(2026, 1, 1) + dt.timedelta(days=i)}
        for i in range(1, 26)
    )
    first = search.query("quy trinh", where=Q(), limit=10)
    third = search.query("quy trinh", where=Q(), limit=10, offset=20)
    beyond = search.query("quy trinh", where=Q(), limit=10, offset=40)
    assert first.total == third.total == beyond.total == 25
    assert len(first.hits) == 10 and len(third.hits) == 5 and beyond.hits == []
    seen = [h.source_id for p in (0, 10, 20) for h in search.query("quy trinh", where=Q(), limit=10, offset=p).hits]
    assert sorted(seen) == list(range(1, 26))
    assert not first.total_is_lower_bound


def test_candidates_cap_bounds_the_count(settings) -> None:
    settings.QMS_SEARCH_CANDIDATES = 5
    search.bulk_upsert({"source": "t", "source_id": i, "title": f"Quy trình {i}"} for i in range(1, 13))
    page = search.query("quy trinh", where=Q(), limit=3)
    assert page.total == 5 and page.total_is_lower_bound
    assert len(page.hits) == 3
    exactly = search.query("quy trinh", where=Q(source_id__lte=5), limit=3)
    assert exactly.total == 5 and not exactly.total_is_lower_bound


def test_query_takes_two_sql_queries(corpus, django_assert_num_queries) -> None:
    search.query("warm up", where=Q(), limit=1)  # PostgreSQL reads its statistics once per process
    with django_assert_num_queries(2):
        search.query("quy trinh", where=Q(public=False) | Q(agency_id__in=[1, 2]), limit=20)
    with django_assert_num_queries(0):
        search.query("!!!", where=Q(), limit=20)


# --- snippets ------------------------------------------------------------------------------------


def test_snippet_keeps_diacritics_marks_matches_and_escapes_html() -> None:
    add(1, "Hướng dẫn", body="Trước <script>alert('x')</script> đó, Quy trình tiếp nhận & xử lý hồ sơ.")
    hit = search.query("quy trinh", where=Q(), limit=1).hits[0]
    assert "<mark>Quy</mark> <mark>trình</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&amp; xử lý" in hit.snippet
    assert hit.title_html == "Hướng dẫn"


def test_snippet_is_about_thirty_words_around_the_best_match() -> None:
    filler = " ".join(f"từ{i}" for i in range(400))
    add(1, "Tài liệu dài", body=f"{filler} ở đây có quy trình tiếp nhận hồ sơ {filler}")
    snippet = search.query("tiep nhan ho so", where=Q(), limit=1).hits[0].snippet
    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>tiếp</mark> <mark>nhận</mark> <mark>hồ</mark> <mark>sơ</mark>" in snippet
    assert 20 <= len(snippet.split()) <= 45


def test_snippet_prefers_the_window_with_most_query_words() -> None:
    add(1, "Tài liệu", body="Quy định chung. " + "khác " * 80 + "Quy trình tiếp nhận hồ sơ một cửa.")
    snippet = search.query("quy tiep nhan", where=Q(), limit=1).hits[0].snippet
    assert "<mark>tiếp</mark>" in snippet


def test_snippet_falls_back_to_the_title_when_the_body_does_not_match() -> None:
    add(1, "Quy trình <b>đặc biệt</b>", body="Không có từ khóa.")
    hit = search.query("quy trinh", where=Q(), limit=1).hits[0]
    assert hit.snippet == hit.title_html == "<mark>Quy</mark> <mark>trình</mark> &lt;b&gt;đặc biệt&lt;/b&gt;"


def test_prefix_matches_are_highlighted_whole() -> None:
    add(1, "Quy trình", body="Các quy trình đã ban hành")
    snippet = search.query("quy trin", where=Q(), limit=1).hits[0].snippet
    assert "<mark>trình</mark>" in snippet


# --- upkeep --------------------------------------------------------------------------------------


def test_upsert_replaces_the_indexed_text_and_remove_deletes_it() -> None:
    add(1, "Quy trình cũ", body="mua sắm", agency_id=3, status="draft")
    add(1, "Hướng dẫn mới", body="văn thư", agency_id=4, status="effective")
    assert SearchEntry.objects.count() == 1
    entry = SearchEntry.objects.get()
    assert (entry.title, entry.agency_id, entry.status) == ("Hướng dẫn mới", 4, "effective")
    assert found("quy trinh") == [] and found("mua sam") == []
    assert found("van thu") == [1]
    search.remove("t", 1)
    search.remove("t", 99)  # nothing to remove: no error
    assert SearchEntry.objects.count() == 0
    assert found("van thu") == []


def test_same_source_id_in_two_sources_are_two_entries() -> None:
    add(1, "Quy trình", source="document")
    add(1, "Quy trình", source="legal")
    assert SearchEntry.objects.count() == 2
    assert len(found("quy trinh")) == 2


def test_bulk_upsert_inserts_and_updates() -> None:
    rows = [{"source": "t", "source_id": i, "title": f"Biểu mẫu {i}", "code": f"BM-{i:02d}"} for i in range(1, 1201)]
    assert search.bulk_upsert(rows, batch_size=250) == 1200
    assert search.bulk_upsert([{"source": "t", "source_id": 7, "title": "Sổ tay chất lượng"}]) == 1
    assert SearchEntry.objects.count() == 1200
    assert found("so tay") == [7]
    assert found("BM 1199") == [1199]
    assert len(found("bieu mau", limit=2000)) == 1199


def test_bulk_upsert_keeps_the_last_of_duplicate_rows() -> None:
    search.bulk_upsert(
        [
            {"source": "t", "source_id": 1, "title": "Quy trình cũ"},
            {"source": "t", "source_id": 1, "title": "Hướng dẫn"},
        ]
    )
    assert list(SearchEntry.objects.values_list("title", flat=True)) == ["Hướng dẫn"]
    assert found("huong dan") == [1] and found("quy trinh") == []


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(TypeError):
        search.bulk_upsert([{"source": "t", "source_id": 1, "title": "x", "colour": "red"}])


def test_rebuild_restores_the_index() -> None:
    add(1, "Quy trình tiếp nhận")
    add(2, "Hướng dẫn")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {search.FTS_TABLE}")
        assert found("quy trinh") == []
    assert search.rebuild() == 2
    assert found("quy trinh") == [1]
    assert found("huong dan") == [2]


def test_long_bodies_are_indexed() -> None:
    paragraph = "Quy trình kiểm soát tài liệu và hồ sơ của cơ quan hành chính nhà nước. "
    body = paragraph * (search.BODY_MAX_CHARS // len(paragraph) + 10)
    add(1, "Tài liệu rất dài", body=body + " từkhóacuối")
    entry = SearchEntry.objects.get()
    assert len(entry.body) == search.BODY_MAX_CHARS
    assert found("kiem soat tai lieu") == [1]


def test_rollback_of_the_callers_transaction_removes_the_entry() -> None:
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        add(1, "Quy trình")
        raise Boom
    assert SearchEntry.objects.count() == 0
    assert found("quy trinh") == []


# --- plans ---------------------------------------------------------------------------------------


def test_filter_lexemes_express_what_they_can_of_the_where() -> None:
    f = search._filter_tsquery
    readable = (
        Q(public=True) | Q(scope_path__startswith="0000002a/") | (Q(agency_id__in=[5, 6]) & Q(status="effective"))
    )
    assert f(readable) == "('_public' | '_p0000002a' | (('_a5' | '_a6') & '_seffective'))"
    assert f(readable & Q(agency_id=5) & Q(dated__gte=dt.date(2026, 1, 1))) == (
        "(('_public' | '_p0000002a' | (('_a5' | '_a6') & '_seffective')) & '_a5')"
    )
    assert f(Q(scope_path__startswith="0000002a/000001f3/")) == "'_p0000002a000001f3'"
    assert f(Q(kind="form") & Q(source="document")) == "('_kform' & '_odocument')"
    # Nothing can be said: no constraint (the SQL condition still applies).
    assert f(Q()) is None
    assert f(Q(title="x") | Q(public=True)) is None
    assert f(~Q(public=True)) is None
    assert f(Q(scope_path__startswith="0000002a")) is None  # not a whole path segment
    assert f(Q(status="it's")) is None
    # Empty branches drop out of an OR; an empty AND selects nothing.
    assert f(Q(public=True) | Q(pk__in=[])) == "'_public'"
    assert f(Q(public=True) & Q(agency_id__in=[])) == search._NOTHING


def test_postgresql_vectors_carry_the_filter_lexemes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL vectors")
    add(1, "Quy trình", scope_path="0000002a/000001f3/", agency_id=499, status="effective", kind="process")
    add(2, "Luật", source="legal", public=True, status="in_force")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT source, search_vector::text FROM {search.TABLE} ORDER BY source")
        vectors = dict(cursor.fetchall())
    for lexeme in ("'_p0000002a'", "'_p0000002a000001f3'", "'_a499'", "'_seffective'", "'_kprocess'", "'_ot'"):
        assert lexeme in vectors["t"]
    assert "'_public'" in vectors["legal"] and "'_public'" not in vectors["t"]
    # and a scoped query driven by them finds the same rows as without
    assert found("quy trinh", Q(scope_path__startswith="0000002a/") | Q(public=True)) == [1]
    assert found("luat", Q(scope_path__startswith="0000002a/") | Q(public=True)) == [2]
    assert found("quy trinh", Q(agency_id=500)) == []


def test_sqlite_plan_starts_from_the_fts_index() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite plan")
    add(1, "Quy trình")
    where_sql, params = search._where_sql(Q(scope_path__startswith="0000002a/") | Q(public=True))
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN QUERY PLAN SELECT {search.FTS_TABLE}.rowid FROM {search.FTS_TABLE}"
            f" JOIN {search.TABLE} ON {search.TABLE}.id = {search.FTS_TABLE}.rowid"
            f" WHERE {search.FTS_TABLE} MATCH %s AND ({where_sql})",
            ['"quy" "trinh"*', *params],
        )
        plan = [row[-1] for row in cursor.fetchall()]
    assert plan[0].startswith(f"SCAN {search.FTS_TABLE} VIRTUAL TABLE INDEX")
    assert "USING INTEGER PRIMARY KEY" in plan[1]


def _explain(text: str, where: Q) -> str:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        search.query(text, where=where, limit=20)
    ranked = ctx.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few thousand rows are read whole otherwise
        cursor.execute(f"EXPLAIN {ranked}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_postgresql_scoped_queries_use_indexes() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL plan")
    search.bulk_upsert(
        {
            "source": "t",
            "source_id": i,
            "title": f"Hồ sơ {i}",
            "scope_path": f"0000002a/{i % 50:08x}/",
            "agency_id": i,
            "kind": "form" if i % 100 == 0 else "process",
        }
        for i in range(1, 3001)
    )
    add(5000, "Quy trình tiếp nhận", scope_path="0000002a/00000001/")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {search.TABLE}")
    search.forget_statistics()
    try:
        search.query("warm up", where=Q(), limit=1)  # the statistics query, once per process
        province = Q(scope_path__startswith="0000002a/") | Q(public=True)
        assert found("quy trinh tiep", province) == [5000]
        plan = _explain("quy trinh tiep", province)
        assert "Seq Scan" not in plan, plan
        assert "search_entry_vector_gin" in plan or "scope_path" in plan, plan
        # "hồ sơ" is in every entry: the scope drives GIN, the words are checked on its rows
        assert search.query("ho so", where=Q(kind="form"), limit=100).total == 30
        plan = _explain("ho so", Q(kind="form"))
        assert "search_entry_vector_gin" in plan and "'_kform'" in plan and "ts_match_vq" in plan, plan
    finally:
        search.forget_statistics()


def _stats(shares: dict[str, float], rows: float = 1_500_000) -> search._Stats:
    return search._Stats(shares=shares, floor=0.001, rows=rows)


PROVINCE = Q(public=True) | Q(scope_path__startswith="00000005/")
COMMON = {"ho": 0.9, "so": 0.9, "soan": 0.05, "quy": 0.8, "trinh": 0.8, "_p00000005": 0.03, "_public": 0.003}


@pytest.mark.parametrize(
    ("stats", "text", "where", "in_gin", "not_in_gin", "has_filter"),
    [
        # words in every document, a province: GIN reads the scope, the rows are checked, the scan
        # stops at the cap
        (COMMON, "hồ sơ", PROVINCE, set(), {"ho", "so"}, True),
        # a rare word in the province: GIN intersects it with the scope, common words are checked
        (COMMON, "quy trình khoáng sản", PROVINCE, {"khoang"}, {"quy", "trinh"}, None),
        # common words, no scope (a superuser): no index, a scan stopping at the cap
        (COMMON, "quy trình", Q(), set(), {"quy", "trinh"}, False),
        # a rare code: GIN alone
        (COMMON, "QD 19", Q(), {"qd"}, set(), False),
        # no statistics yet: exact words and the scope in GIN, the prefix checked on the rows
        (None, "hồ sơ", PROVINCE, {"ho"}, {"so"}, True),
        (None, "hồ", Q(), {"ho"}, set(), False),
    ],
)
def test_postgresql_plan_choice(monkeypatch, stats, text, where, in_gin, not_in_gin, has_filter) -> None:
    monkeypatch.setattr(search, "_lexeme_stats", lambda: None if stats is None else _stats(stats))
    tokens = search.terms(text)
    plan = search._pg_plan(tokens, where)
    assert isinstance(plan, search._PgPlan)
    gin = {t for t, _p in plan.words}
    assert in_gin <= gin and not (not_in_gin & gin), plan
    if has_filter is not None:
        assert (plan.filter is not None) == has_filter
    assert plan.check == (len(plan.words) < len(tokens))


def test_postgresql_plan_of_an_empty_scope(monkeypatch) -> None:
    monkeypatch.setattr(search, "_lexeme_stats", lambda: _stats(COMMON))
    assert search._pg_plan(["ho"], Q(agency_id__in=[]) & Q(public=True)) == search._NOTHING
