"""Search: numbers match whole numbers only ("QD 19" is not "1975"), legal texts are titled by their
number and symbol, and the TTHC catalogue is searchable with the catalogue's tenancy (everyone
working in the province), written by the procedure services and rebuilt by ``search_rebuild``."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.core import search
from qms.core.models import SearchEntry
from qms.core.tests.factories import UserFactory, grant
from qms.procedures import search_index
from qms.procedures.models import AdministrativeProcedure
from qms.procedures.services import catalogue_import, procedure_update
from qms.search import selectors

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 12)
HEADER = "Mã TTHC;Tên thủ tục hành chính;Lĩnh vực;Cấp thực hiện;Thời hạn giải quyết;Phí, lệ phí;Căn cứ pháp lý;Quyết định công bố;Cơ quan thực hiện"
DECISION = "Quyết định 1949/QĐ-UBND ngày 10/03/2026"
ROWS = (
    f"1.001234;Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam;Lý lịch tư pháp;Cấp tỉnh;Trong thời hạn 10 ngày làm việc;200.000 đồng/người;Luật Lý lịch tư pháp 2009;{DECISION};22-STP",
    f"2.000815;Chứng thực bản sao từ bản chính;Chứng thực;Cấp xã;Trong ngày;2.000 đồng/trang;Nghị định 23/2015/NĐ-CP;{DECISION};06688",
)


def _csv(*lines: str) -> io.BytesIO:
    data = io.BytesIO("\n".join([HEADER, *lines]).encode("utf-8"))
    data.name = "danh-muc.csv"
    return data


def _hits(user, text, **filters):
    return selectors.search_for_user(user, text, per_page=50, **filters).hits


# --- numbers ---------------------------------------------------------------------------------------


@pytest.fixture
def legal_texts(db):
    search.upsert(
        "legal",
        1,
        title="về việc áp dụng Hệ thống quản lý chất lượng theo TCVN ISO 9001:2008",
        code="19/2014/QĐ-TTg",
        body="Quyết định 19/2014/QĐ-TTg",
        public=True,
        status="in_force",
        kind="decision",
    )
    search.upsert(
        "legal",
        2,
        title="về chính sách đối với người tham gia kháng chiến trước năm 1975",
        code="62/2011/QĐ-TTg",
        body="Quyết định 62/2011/QĐ-TTg, đối tượng tham gia từ 1975",
        public=True,
        status="in_force",
        kind="decision",
    )


def test_a_number_in_the_query_matches_whole_numbers_only(legal_texts, staff_user):
    assert [h.code for h in _hits(staff_user, "QD 19")] == ["19/2014/QĐ-TTg"]
    assert [h.code for h in _hits(staff_user, "QĐ 1975")] == ["62/2011/QĐ-TTg"]
    assert {h.code for h in _hits(staff_user, "QD TTg")} == {"19/2014/QĐ-TTg", "62/2011/QĐ-TTg"}
    # words still match as a prefix
    assert [h.code for h in _hits(staff_user, "khang chi")] == ["62/2011/QĐ-TTg"]


def test_the_highlight_marks_the_whole_number_only(legal_texts, staff_user):
    [hit] = _hits(staff_user, "QD 2011")
    assert "<mark>2011</mark>" in hit.snippet
    assert "<mark>19</mark>" not in str(hit.snippet)


def test_legal_texts_are_titled_by_their_number_and_symbol(client, legal_texts, staff_user):
    client.force_login(staff_user)
    page = client.get(reverse("search:results"), {"q": "QD 19"}).content.decode()
    assert "<mark>19</mark>/2014/<mark>QĐ</mark>-TTg — Quyết định về việc áp dụng Hệ thống quản lý chất lượng" in page


# --- procedures --------------------------------------------------------------------------------


@pytest.fixture
def catalogue(province, department, commune):
    catalogue_import(actor=None, catalogue=province, file=_csv(*ROWS), today=TODAY)
    return province


def test_the_import_indexes_the_catalogue(catalogue):
    entries = SearchEntry.objects.filter(source="procedure").order_by("code")
    assert [(e.code, e.title, e.scope_path, e.agency_id, e.kind, e.status) for e in entries] == [
        ("1.001234", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", catalogue.path, None, "province", "active"),
        ("2.000815", "Chứng thực bản sao từ bản chính", catalogue.path, None, "commune", "active"),
    ]
    first = entries[0]
    assert first.dated == dt.date(2026, 3, 10)
    assert first.url == reverse("procedures:detail", args=[first.source_id])
    assert first.organisation_name == catalogue.name


def test_everyone_working_in_the_province_finds_its_procedures(catalogue, staff_user, secretary, coordinator, commune):
    commune_staff = UserFactory(full_name="Lương Văn Khánh")
    grant(commune_staff, commune, "staff")
    for user in (staff_user, secretary, coordinator, commune_staff):
        assert [h.code for h in _hits(user, "ly lich tu phap")] == ["1.001234"], user
    [hit] = _hits(staff_user, "chứng thực bản sao")
    assert hit.source == "procedure" and hit.code == "2.000815"


def test_other_provinces_and_anonymous_users_do_not(catalogue, outsider):
    assert _hits(outsider, "ly lich tu phap") == []
    assert _hits(AnonymousUser(), "ly lich tu phap") == []
    nobody = UserFactory()  # an account without any role
    assert _hits(nobody, "ly lich tu phap") == []


def test_the_administrator_finds_every_catalogue(catalogue, superadmin):
    assert [h.code for h in _hits(superadmin, "ly lich")] == ["1.001234"]


def test_the_search_page_filters_on_administrative_procedures(client, catalogue, staff_user):
    search.upsert(
        "legal", 9, title="Luật Lý lịch tư pháp", code="28/2009/QH12", public=True, status="in_force", kind="law"
    )
    client.force_login(staff_user)
    url = reverse("search:results")
    everything = client.get(url, {"q": "ly lich tu phap"})
    assert {r["source_label"] for r in everything.context["rows"]} == {"Thủ tục hành chính", "Văn bản pháp luật"}
    assert '<option value="procedure">Thủ tục hành chính</option>' in everything.content.decode()
    only = client.get(url, {"q": "ly lich tu phap", "source": "procedure"})
    rows = only.context["rows"]
    assert [r["code"] for r in rows] == ["1.001234"]
    assert rows[0]["kind_label"] == "Cấp tỉnh" and rows[0]["status_label"] == "Đang thực hiện"
    by_level = client.get(url, {"q": "chung thuc", "kind": "commune"})
    assert [r["code"] for r in by_level.context["rows"]] == ["2.000815"]


def test_an_edit_reindexes_the_procedure(catalogue, coordinator):
    procedure = AdministrativeProcedure.objects.get(code="2.000815")
    procedure_update(
        actor=coordinator,
        procedure=procedure,
        expected_version=procedure.version,
        name="Chứng thực chữ ký trong giấy tờ, văn bản",
    )
    assert [h.code for h in _hits(coordinator, "chu ky giay to")] == ["2.000815"]
    assert _hits(coordinator, "ban sao ban chinh") == []


def test_a_later_import_updates_the_entries(catalogue, staff_user):
    abolish = "Quyết định 2001/QĐ-UBND ngày 11/03/2026"
    catalogue_import(
        actor=None,
        catalogue=catalogue,
        file=_csv(f"2.000815;Chứng thực bản sao điện tử từ bản chính;Chứng thực;Cấp xã;Trong ngày;;;{abolish};06688"),
        today=TODAY,
    )
    [hit] = _hits(staff_user, "ban sao dien tu")
    assert hit.code == "2.000815" and hit.dated == dt.date(2026, 3, 11)


def test_indexing_is_set_based(province, department):
    """The import writes its procedures' entries in a fixed number of statements, whatever their
    number (no query per procedure)."""

    def index(n: int, start: int) -> int:
        procedures = AdministrativeProcedure.objects.bulk_create(
            AdministrativeProcedure(
                catalogue=province, code=f"9.{start + i:06d}", name=f"Thủ tục {i}", level="province"
            )
            for i in range(n)
        )
        with CaptureQueriesContext(connection) as queries:
            assert search_index.index_procedures(procedures, catalogue=province) == n
        return len(queries)

    assert index(3, 0) == index(60, 100)


def test_search_rebuild_writes_the_catalogue_entries_again(catalogue, staff_user):
    SearchEntry.objects.filter(source="procedure").delete()  # a database indexed before procedures were
    call_command("search_rebuild", stdout=io.StringIO())
    assert [h.code for h in _hits(staff_user, "ly lich tu phap")] == ["1.001234"]
    assert SearchEntry.objects.filter(source="procedure").count() == 2
    # an entry whose procedure is gone is dropped
    search.upsert("procedure", 999_999, title="Thủ tục đã xoá", scope_path=catalogue.path)
    call_command("search_rebuild", stdout=io.StringIO())
    assert not SearchEntry.objects.filter(source="procedure", source_id=999_999).exists()


def test_the_catalogue_branch_keeps_the_readers_filter_expressible_for_postgresql(staff_user, coordinator):
    """PostgreSQL's GIN scan is driven by the filter lexemes of the reader's ``Q``; a branch it
    cannot express would drop the whole filter (every query reading the nation's posting lists)."""
    for user in (staff_user, coordinator):
        lexemes = search._filter_tsquery(selectors.readable_q(user))
        assert lexemes is not None and "'_oprocedure'" in lexemes, lexemes
