"""Reading the register: accent-insensitive search, filters, statuses computed in SQL, scoped citations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from qms.legal import selectors, services
from qms.obligations import links

from .conftest import TODAY, add_text, cite


@pytest.fixture
def register(decision_19, decree_61, decree_107, coordinator):
    tt26 = add_text(
        "26/2014/TT-BKHCN",
        kind="circular",
        issuer="Bộ Khoa học và Công nghệ",
        title="quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
        signed_on=dt.date(2014, 10, 10),
        effective_on=dt.date(2014, 12, 1),
    )
    old = add_text("12/2010/NĐ-CP", title="văn bản cũ", signed_on=dt.date(2010, 1, 1), effective_on=dt.date(2010, 3, 1))
    new = add_text(
        "20/2026/NĐ-CP", title="văn bản mới", signed_on=dt.date(2026, 1, 1), effective_on=dt.date(2026, 6, 1)
    )
    expired = add_text(
        "5/2015/NĐ-CP",
        title="hết hiệu lực",
        signed_on=dt.date(2015, 1, 1),
        effective_on=dt.date(2015, 2, 1),
        expires_on=dt.date(2020, 1, 1),
    )
    no_date = add_text("101/QĐ-BKHCN", kind="decision", title="Mô hình khung", signed_on=dt.date(2019, 1, 21))
    services.legal_text_replace(actor=coordinator, new=new, old_texts=[old])
    services.legal_text_amend(actor=coordinator, new=decree_107, old_texts=[decree_61])
    return {
        "qd19": decision_19,
        "nd61": decree_61,
        "nd107": decree_107,
        "tt26": tt26,
        "old": old,
        "new": new,
        "expired": expired,
        "no_date": no_date,
    }


def numbers(qs) -> set[str]:
    return {t.number for t in qs}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("qd 19", {"19/2014/QĐ-TTg", "26/2014/TT-BKHCN"}),  # TT 26 names QĐ 19 in its title
        ("QĐ-TTg", {"19/2014/QĐ-TTg", "26/2014/TT-BKHCN"}),  # TT 26 names QĐ 19 in its title
        ("19/2014", {"19/2014/QĐ-TTg", "26/2014/TT-BKHCN"}),  # TT 26 names QĐ 19 in its title
        ("quyet dinh 19", {"19/2014/QĐ-TTg", "26/2014/TT-BKHCN"}),  # TT 26 names QĐ 19 in its title
        ("một cửa", {"61/2018/NĐ-CP", "107/2021/NĐ-CP"}),
        ("MOT CUA 107", {"107/2021/NĐ-CP"}),
        ("khoa hoc cong nghe", {"26/2014/TT-BKHCN"}),
        ("tt bkhcn", {"26/2014/TT-BKHCN"}),
        ("qd ttg 2014 ap dung", {"19/2014/QĐ-TTg"}),
        ("không có gì như thế", set()),
    ],
)
def test_search_is_accent_insensitive_and_matches_every_word(register, staff_user, q, expected):
    assert numbers(selectors.legal_text_list_for_user(staff_user, q=q, today=TODAY)) == expected


def test_every_logged_in_user_reads_the_register_anonymous_nobody(register, staff_user, outsider, rf):
    from django.contrib.auth.models import AnonymousUser

    assert len(numbers(selectors.legal_text_list_for_user(staff_user))) == 8
    assert len(numbers(selectors.legal_text_list_for_user(outsider))) == 8
    assert numbers(selectors.legal_text_list_for_user(AnonymousUser())) == set()
    with pytest.raises(Http404):
        selectors.legal_text_get_for_user(AnonymousUser(), register["qd19"].pk)


def test_statuses_are_annotated(register, staff_user):
    status = {t.number: t.status_code for t in selectors.legal_text_list_for_user(staff_user, today=TODAY)}

    assert status["12/2010/NĐ-CP"] == "in_force"  # its replacement takes effect on 01/06/2026
    assert status["20/2026/NĐ-CP"] == "pending"
    assert status["5/2015/NĐ-CP"] == "expired"
    assert status["61/2018/NĐ-CP"] == "in_force"  # amended, not replaced
    assert status["101/QĐ-BKHCN"] == "in_force"
    later = {t.number: t.status_code for t in selectors.legal_text_list_for_user(staff_user, today=dt.date(2026, 6, 1))}
    assert later["12/2010/NĐ-CP"] == "replaced"
    assert later["20/2026/NĐ-CP"] == "in_force"
    for text in selectors.legal_text_list_for_user(staff_user, today=TODAY):
        assert text.status_code == text.status_on(TODAY)


def test_filters(register, staff_user):
    def listed(**kwargs):
        return numbers(selectors.legal_text_list_for_user(staff_user, today=TODAY, **kwargs))

    assert listed(kind="circular") == {"26/2014/TT-BKHCN"}
    assert listed(status="pending") == {"20/2026/NĐ-CP"}
    assert listed(status="expired") == {"5/2015/NĐ-CP"}
    assert listed(status="no_date") == {"101/QĐ-BKHCN"}
    assert listed(year=2014) == {"19/2014/QĐ-TTg", "26/2014/TT-BKHCN"}
    assert listed(issuer="thu tuong") == {"19/2014/QĐ-TTg"}
    assert selectors.legal_text_years()[:2] == [2026, 2021]


def test_list_is_two_queries_whatever_its_size(register, staff_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = list(selectors.legal_text_list_for_user(staff_user, today=TODAY))
        assert {r.status_code for r in rows} >= {"pending", "expired", "in_force"}


def test_relations(register):
    relations = selectors.legal_text_relations(register["nd61"], TODAY)
    assert [t.number for t in relations["amended_by"]] == ["107/2021/NĐ-CP"]
    assert relations["replaced_by"] == relations["replaces"] == relations["amends"] == []
    assert [t.number for t in selectors.legal_text_relations(register["new"], TODAY)["replaces"]] == ["12/2010/NĐ-CP"]


def test_citations_of_a_text_are_scoped_to_what_the_reader_sees(
    register, department, commune, other_province, doc_stp, doc_commune, doc_other, staff_user, coordinator, outsider
):
    for target, org in ((doc_stp, department), (doc_commune, commune), (doc_other, other_province)):
        cite(target, org, register["nd61"])

    def seen(user):
        return {c.target_repr for c in selectors.citations_of_legal_text_for_user(user, register["nd61"])}

    assert seen(staff_user) == {"Quy trình cấp phiếu lý lịch tư pháp"}
    assert seen(coordinator) == {"Quy trình cấp phiếu lý lịch tư pháp", "Quy trình chứng thực bản sao"}
    assert seen(outsider) == {"Quy trình tiếp nhận hồ sơ Bắc Ninh"}
    assert selectors.citing_count(register["nd61"]) == 3


def test_citations_carry_the_link_registered_by_the_citing_app(register, department, doc_stp, staff_user):
    cite(doc_stp, department, register["qd19"])
    links.register("organisations.Organisation", "organisations:detail")
    try:
        [citation] = selectors.citations_of_legal_text_for_user(staff_user, register["qd19"])
    finally:
        links.unregister("organisations.Organisation")
    assert citation.url == f"/to-chuc/{doc_stp.pk}/"


def test_texts_by_numbers_normalises(register):
    found, missing = selectors.texts_by_numbers([" 61 / 2018 / NĐ-CP", "19/2014/qđ-ttg", "999/2099/NĐ-CP", ""])
    assert [t.number for t in found] == ["61/2018/NĐ-CP", "19/2014/QĐ-TTg"]
    assert missing == ["999/2099/NĐ-CP"]


def test_affected_target_count(register, department, commune, doc_stp, doc_commune):
    cite(doc_stp, department, register["qd19"])
    cite(doc_commune, commune, register["qd19"], register["tt26"])

    assert selectors.affected_target_count([register["qd19"]]) == 2
    assert selectors.affected_target_count([register["qd19"]], register["tt26"]) == 1
    assert selectors.affected_target_count([]) == 0
