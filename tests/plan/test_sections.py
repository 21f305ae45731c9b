"""The richer sections of #18: in the plan's order, optional ones only when switched on,
the new phased ones grouped like the others."""

from sqlalchemy import select

from server.plan.models import PlanItem
from server.plan.sections import BY_KEY, ORDER, SUPPORTERS


def body(member) -> str:
    return member.page().split("Hoe mijn plan eruitziet")[0]


def test_the_sections_come_in_the_plans_order_with_the_new_titles(member):
    page = body(member)
    titles = ["Wat ik merk", "Wat anderen aan mij merken", "Wat mij uit balans brengt"]
    titles += ["Wat niet helpt: wat anderen beter niet doen", "Mijn steunpersonen"]
    titles += ["Professionele hulp"]
    positions = [page.index(f">{title}</h2>") for title in titles]
    assert positions == sorted(positions)
    # The examples guide; they are not content.
    assert "Zeggen dat ik me niet zo moet aanstellen." in page
    assert set(ORDER) == {*BY_KEY, SUPPORTERS}


def test_optional_sections_show_only_when_switched_on_and_keep_their_lines(member, db):
    for title in ("Wat de praktijk doet", "Medicijnen", "Afspraken"):
        assert f">{title}</h2>" not in body(member)
    assert member.add("medication", "PIL").status_code == 400  # not on her plan yet
    member.post("/plan/settings", practice_does="y", medication="y", agreements="y")
    page = body(member)
    for title in ("Wat de praktijk doet", "Medicijnen", "Afspraken"):
        assert f">{title}</h2>" in page
    assert member.add("medication", "PIL").status_code == 302
    member.post("/plan/settings")  # off again: hidden, not deleted
    assert "PIL" not in body(member)
    db.rollback()
    assert db.scalar(select(PlanItem.text).where(PlanItem.section == "medication")) == "PIL"
    member.post("/plan/settings", medication="y")
    assert "PIL" in body(member)


def test_what_others_notice_and_what_the_practice_does_go_by_phase(member):
    member.post("/plan/settings", phases="y", practice_does="y")
    member.add("others_notice", "STIL", "orange")
    member.add("practice_does", "EXTRA GESPREK", "orange")
    member.add("not_helpful", "PREKEN", "red")  # not phased: the phase is not kept
    page = body(member)
    for text in ("STIL", "EXTRA GESPREK"):
        before = page[: page.index(text)]
        assert before.rindex("Oranje: het gaat mis") > before.rindex("<h2")
    section = page.split('id="not_helpful"', 1)[1].split("</section>", 1)[0]
    assert "PREKEN" in section and "Rood" not in section
