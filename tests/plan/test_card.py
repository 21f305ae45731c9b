"""The crisis card (#18): what she chose and nothing else, on a phone screen that is kept
for offline use and on a PDF the size of a bank card."""

import io

import pytest
from pypdf import PdfReader

from server.plan.card_pdf import HEIGHT, WIDTH

MM = 72 / 25.4  # PDF points per millimetre


def fill(member):
    member.post("/plan/settings", phases="y", medication="y")
    member.add("warning_signs", "GROEN-SIGNAAL", "green")
    member.add("warning_signs", "ORANJE-SIGNAAL", "orange")
    member.add("others_notice", "ROOD-GEZIEN", "red")
    member.add("own_actions", "ROOD-HELPT", "red")
    member.add("own_actions", "GEEL-HELPT", "yellow")
    member.add("others_actions", "ORANJE-ANDEREN", "orange")
    member.add("not_helpful", "NIET-PREKEN")
    member.add("triggers", "UITLOKKER")
    member.add("medication", "PIL-50MG")
    member.post("/plan/contacts/new", name="Sam", relation="partner", phone="06-11112222")
    member.post("/plan/contacts/new", name="Zonder Nummer")
    member.post("/plan/professionals/new", name="Dokter Jansen", role="gp", phone="045-0000001")


def card_text(member) -> str:
    page = member.page("/plan/card")
    return page.split("<h1>", 1)[1].split("</main>", 1)[0]


def test_the_default_card_holds_orange_and_red_what_does_not_help_and_who_to_call(member):
    fill(member)
    card = card_text(member)
    for shown in ("ORANJE-SIGNAAL", "ROOD-HELPT", "ORANJE-ANDEREN", "NIET-PREKEN"):
        assert shown in card
    assert 'href="tel:06111122222"' not in card and 'href="tel:0611112222"' in card  # Sam
    assert 'href="tel:0450000001"' in card and "(Huisarts)" in card
    assert 'href="tel:0100000000"' in card  # the practice's number
    assert 'href="tel:113"' in card and 'href="tel:112"' in card
    # Green and yellow, what throws her off balance, medication (hers to add), what
    # others notice (not chosen by default), a person without a number: not on it.
    for left_out in ("GROEN-SIGNAAL", "GEEL-HELPT", "UITLOKKER", "PIL-50MG", "ROOD-GEZIEN"):
        assert left_out not in card
    assert "Zonder Nummer" not in card


def test_she_chooses_what_is_on_it_and_nothing_else_shows(member):
    fill(member)
    response = member.post("/plan/card/parts", parts=["others_notice", "medication"])
    assert response.headers["Location"] == "/plan/card"
    card = card_text(member)
    assert "ROOD-GEZIEN" in card and "PIL-50MG" in card
    for left_out in ("ORANJE-SIGNAAL", "ROOD-HELPT", "NIET-PREKEN", "Dokter Jansen", "Sam"):
        assert left_out not in card.split("Wat staat er op mijn kaart?")[0]
    assert 'href="tel:113"' in card  # the crisis numbers are always on it
    # Medication switched off on her plan: it leaves the card too.
    member.post("/plan/settings", phases="y")
    assert "PIL-50MG" not in card_text(member)


def test_without_phases_a_part_shows_all_its_lines(member):
    member.add("warning_signs", "ALTIJD-SIGNAAL")
    assert "ALTIJD-SIGNAAL" in card_text(member)


def test_a_stale_choice_is_refused(member):
    version = member.version()
    member.add("not_helpful", "NIET-PREKEN")
    response = member.post("/plan/card/parts", version, parts=["medication"])
    assert response.status_code == 409
    assert "NIET-PREKEN" in card_text(member)  # still the default card


def test_the_card_is_kept_for_offline_and_linked_from_the_plan(member):
    assert member.client.get("/plan/card").headers["X-Kring-Offline"] == "keep"
    assert '<a href="/plan/card" data-keep>Crisiskaart</a>' in member.page()


def _pdf(member) -> PdfReader:
    response = member.client.get("/plan/card.pdf")
    assert response.mimetype == "application/pdf"
    assert 'filename="mijn-kaart.pdf"' in response.headers["Content-Disposition"]
    return PdfReader(io.BytesIO(response.data))


def test_the_pdf_is_a_bank_card_front_and_back_with_the_chosen_parts(member):
    fill(member)
    reader = _pdf(member)
    assert len(reader.pages) == 2
    for page in reader.pages:
        box = page.mediabox
        assert round(float(box.width), 2) == 242.65 and round(float(box.height), 2) == 153.07
        assert float(box.width) / MM == pytest.approx(WIDTH, abs=0.01)
        assert float(box.height) / MM == pytest.approx(HEIGHT, abs=0.01)
    front, back = (page.extract_text() for page in reader.pages)
    assert "ORANJE-SIGNAAL" in front and "NIET-PREKEN" in front and "GROEN-SIGNAAL" not in front
    assert "113" in back and "112" in back and "06-11112222" in back and "045-0000001" in back
    assert "PIL-50MG" not in front + back


def test_too_much_text_is_cut_with_a_note_never_past_the_edge(member):
    for number in range(40):
        member.add("not_helpful", f"Een lange regel nummer {number} die veel ruimte inneemt.")
    reader = _pdf(member)
    assert len(reader.pages) == 2  # no third page: nothing runs over
    front = reader.pages[0].extract_text()
    assert "Zie je plan voor de rest." in front
    assert "nummer 0 " in front and "nummer 39 " not in front


def test_the_plan_pdf_holds_her_professionals_and_the_practice_numbers(member, world):
    member.post("/plan/professionals/new", name="Dokter Jansen", role="gp", phone="045-0000001")
    response = member.client.get("/plan/plan.pdf")
    text = PdfReader(io.BytesIO(response.data)).pages[0].extract_text()
    assert "Dokter Jansen (Huisarts), 045-0000001" in text
    assert f"{world.practice.name} (van je praktijk), 010-0000000" in text
