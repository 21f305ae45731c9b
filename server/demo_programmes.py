"""The demo's five programmes, from the seeds (../shared/seeds): per programme its
practice, group, therapists, members and meeting series. server/demo.py loads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

# The documented therapist sign-in (README) leads the Heerlen group.
DEMO_THERAPIST = "therapist@example.org"


@dataclass
class DemoGroup:
    practice: dict
    group: dict
    therapists: list[tuple[str, str]]
    members: list[str]
    series: dict
    extra: dict = field(default_factory=dict)


# Seed 001's practice runs two of the demo groups.
LIMBURG = {
    "name": "Psychotherapie Praktijk Limburg",
    "address": "Markt 3, Sittard",
    "phone": "046-0000000",
    "email": "info@praktijklimburg.example.org",
}
# "Afmelden voor vrijdag 16:30" for a Monday group, as many Dutch practices do.
CANCEL_BY_FRIDAY = {
    "cancellation_rule": "last_working_day",
    "cancellation_cutoff_time": time(16, 30),
}
LIMBURG_THERAPISTS = [
    ("limburg.1@example.org", "Ingrid Houben"),
    ("limburg.2@example.org", "Paul Janssen"),
]

PROGRAMMES = [
    # Seed 003 (Kim, Heerlen): weekly, themed first meetings, personal homework, a plan.
    # The two documented sign-ins live here, so one sign-in shows every feature.
    DemoGroup(
        practice={
            "name": "Volwassenenzorg Heerlen",
            "address": "Akerstraat 1, Heerlen",
            "phone": "045-0000000",
            "email": "groepen@heerlen.example.org",
            # On every member's plan "from your practice"; Sanne has the first herself.
            "out_of_hours_phone": "088-0000045",
            "crisis_phone": "045-0000099",
        },
        group={
            "name": "Donderdaggroep",
            "location": "Akerstraat 1, Heerlen",
            "max_members": 8,
            "homework_enabled": True,
        },
        therapists=[(DEMO_THERAPIST, "Eva de Wit"), ("therapist2@example.org", "Ruud Smeets")],
        members=["Sanne", "Daan", "Fleur", "Joris", "Noor", "Bram", "Lotte"],
        series={
            "frequency": "weekly",
            "weekday": 3,
            "start_time": time(10, 0),
            "count": 40,
            "weeks_ago": 5,
        },
        extra={"themes": ["Kennismaking", "Het ouderlijk huis"]},
    ),
    # Seed 002 (Zeilstra, Bloemendaal): every Friday 09:30-11:00, 6-8 patients.
    DemoGroup(
        practice={
            "name": "Zeilstra Psychotherapie",
            "address": "Zeeweg 2, Bloemendaal",
            "phone": "023-0000000",
            "email": "praktijk@zeilstra.example.org",
        },
        group={"name": "Vrijdaggroep", "location": "Zeeweg 2, Bloemendaal", "max_members": 8},
        therapists=[
            ("zeilstra.1@example.org", "Marieke Zeilstra"),
            ("zeilstra.2@example.org", "Joost Verhoeven"),
        ],
        members=["Anouk", "Thijs", "Iris", "Wouter", "Maaike", "Stijn"],
        series={
            "frequency": "weekly",
            "weekday": 4,
            "start_time": time(9, 30),
            "count": 52,
            "weeks_ago": 20,
        },
    ),
    # Seed 001 (Praktijk Limburg): open group, Monday late afternoon, 1.5-2 hours with a
    # break, at least 6 sessions, 4-8 members, no homework.
    DemoGroup(
        practice=LIMBURG,
        group={
            "name": "Maandaggroep",
            "location": "Markt 3, Sittard",
            "max_members": 8,
            "default_duration_minutes": 120,
            "break_minutes": 15,
            "homework_enabled": False,
            **CANCEL_BY_FRIDAY,
        },
        therapists=LIMBURG_THERAPISTS,
        members=["Kevin", "Mieke", "Luuk", "Esther", "Rob"],
        series={
            "frequency": "weekly",
            "weekday": 0,
            "start_time": time(16, 30),
            "count": 20,
            "weeks_ago": 8,
        },
        extra={"min_sessions": 6},
    ),
    # Seed 001 again: "sometimes every two weeks" - a follow-up group of the same practice.
    DemoGroup(
        practice=LIMBURG,
        group={
            "name": "Vervolggroep",
            "location": "Markt 3, Sittard",
            "max_members": 8,
            "default_duration_minutes": 120,
            "break_minutes": 15,
            "homework_enabled": False,
            **CANCEL_BY_FRIDAY,
        },
        therapists=LIMBURG_THERAPISTS,
        members=["Hanna", "Sem", "Yara", "Dirk"],
        series={
            "frequency": "fortnightly",
            "weekday": 0,
            "start_time": time(16, 30),
            "count": 10,
            "weeks_ago": 6,
        },
        extra={"min_sessions": 6},
    ),
    # Seed 004 (InterAct, Groningen): Monday afternoon, 1.5 hours, at most 10, phases.
    DemoGroup(
        practice={
            "name": "InterAct Groningen",
            "address": "Vismarkt 4, Groningen",
            "phone": "050-0000000",
            "email": "interact@groningen.example.org",
        },
        group={"name": "Interactiegroep", "location": "Vismarkt 4, Groningen", "max_members": 10},
        therapists=[
            ("interact.1@example.org", "Hanneke Bos"),
            ("interact.2@example.org", "Erik Mulder"),
        ],
        members=["Jesse", "Femke", "Sven", "Roos", "Gijs", "Lieke", "Tim", "Evi", "Milan"],
        series={
            "frequency": "weekly",
            "weekday": 0,
            "start_time": time(13, 30),
            "count": 60,
            "weeks_ago": 12,
        },
    ),
    # Seed 000 (Apanta-ggz): weekly 90 minutes, 8-9 members, 1 to 1.5 years, no themes.
    DemoGroup(
        practice={
            "name": "Apanta-ggz",
            "address": "Stationsplein 5, Amersfoort",
            "phone": "033-0000000",
            "email": "groepen@apanta.example.org",
        },
        # No themes, no workbook and no homework in seed 000.
        group={
            "name": "Dinsdaggroep",
            "location": "Stationsplein 5, Amersfoort",
            "max_members": 9,
            "homework_enabled": False,
            "journey_enabled": False,
        },
        therapists=[
            ("apanta.1@example.org", "Karin Vos"),
            ("apanta.2@example.org", "Martijn de Jong"),
        ],
        members=["Julia", "Bas", "Eline", "Niels", "Sophie", "Ruben", "Laura", "Koen"],
        series={
            "frequency": "weekly",
            "weekday": 1,
            "start_time": time(13, 30),
            "count": 70,
            "weeks_ago": 30,
        },
    ),
]
