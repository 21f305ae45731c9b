"""Demo plan for `kring demo`: the documented member's plan with phases, support people
and one active link for her partner, whose address `kring demo` prints."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.auth.models import User
from server.plan import services
from server.plan.models import PROFESSIONAL, PlanShare
from server.security import token_hash

# A published demo credential, like the demo password; real links use secrets.
DEMO_SHARE_TOKEN = "demo-sam-partner-Zk3v9QpL2wXr7TbNc8Hd"  # noqa: S105

ITEMS = [
    ("warning_signs", "green", "Ik slaap goed en ga twee keer per week wandelen."),
    ("warning_signs", "yellow", "Ik slaap slechter en lig lang wakker."),
    ("warning_signs", "yellow", "Ik zeg afspraken met vriendinnen af."),
    ("warning_signs", "orange", "Ik blijf 's ochtends in bed liggen."),
    ("warning_signs", "orange", "Ik reageer niet meer op berichten."),
    ("warning_signs", "red", "Ik denk dat niemand me zou missen."),
    ("own_actions", "green", "Elke dag een half uur naar buiten."),
    ("own_actions", "yellow", "Ik vertel Sam dat het minder gaat."),
    ("own_actions", "orange", "Ik bel de praktijk voor een extra gesprek."),
    ("own_actions", "red", "Ik bel 113 of mijn huisarts. Ik blijf niet alleen."),
    ("others_actions", "yellow", 'Vraag hoe het echt met me gaat, niet alleen "gaat het?".'),
    ("others_actions", "orange", "Kom langs en ga samen met mij wandelen."),
    ("others_actions", "red", "Blijf bij me en bel samen met mij de huisarts of 113."),
    ("triggers", None, "Drukte op het werk en niet durven nee zeggen."),
    ("triggers", None, "Ruzie thuis die niet wordt uitgepraat."),
    ("keeps_going", None, "Mijn kat Pip 🐈 en mijn nichtje."),
    ("keeps_going", None, "Zingen in het koor, op donderdagavond."),
    ("others_notice", "yellow", "Ik ben stiller dan normaal en maak minder grapjes."),
    ("others_notice", "orange", "Ik neem de telefoon niet op en het huis wordt rommelig."),
    ("not_helpful", None, "Zeggen dat ik me niet zo moet aanstellen."),
    ("not_helpful", None, "Veel vragen tegelijk stellen."),
    ("practice_does", "orange", "Een extra gesprek binnen een week."),
    ("practice_does", "red", "Samen met mij de huisarts of de crisisdienst bellen."),
    ("professional", None, "De praktijk is op werkdagen bereikbaar van 9 tot 17 uur."),
    ("agreements", None, "Als ik twee dagen niet reageer, belt Sam de praktijk."),
]
# The practice's own numbers come from the practice; these are Sanne's.
PROFESSIONALS = [
    {"name": "Dokter Jansen", "role": "gp", "phone": "045-0000001"},
    {"name": "Huisartsenpost Parkstad", "role": "out_of_hours", "phone": "088-0000045"},
]
OPTIONAL = ["practice_does", "agreements"]
CONTACTS = [
    {
        "name": "Sam",
        "relation": "partner",
        "phone": "06-00000001",
        "can_do": "Sam ziet het vaak eerder dan ik. Zeg het me gewoon, rustig.",
    },
    {
        "name": "Eva",
        "relation": "zus",
        "phone": "06-00000002",
        "can_do": "Bel me op zondag even. Neem me mee naar buiten.",
    },
]


def plan(db: Session, email: str, now: datetime) -> None:
    member = db.scalar(select(User).where(User.email == email))
    if member is None or services.load_plan(db, member) is not None:
        return
    the_plan = services.plan_for(db, member, now)
    services.change_settings(db, the_plan, the_plan.version, True, OPTIONAL, now)
    for section, phase, text in ITEMS:
        services.add_item(db, the_plan, the_plan.version, section, text, phase, now)
    for contact in CONTACTS:
        services.add_contact(db, the_plan, the_plan.version, contact, now)
    for contact in PROFESSIONALS:
        services.add_contact(db, the_plan, the_plan.version, contact, now, PROFESSIONAL)
    db.add(
        PlanShare(
            plan_id=the_plan.id,
            supporter_name="Sam (partner)",
            token_hash=token_hash(DEMO_SHARE_TOKEN),
            sections=[
                "warning_signs",
                "own_actions",
                "others_actions",
                "supporters",
                "professional",
            ],
            # Sam needs to know what to look out for and do when it goes wrong (#18).
            phases=["orange", "red"],
            created_at=now,
        )
    )
