"""What the demo workspace is made of: invented companies, people, notes, tasks and conversations."""

from __future__ import annotations

# name | domain | industry | employees | tier
COMPANIES: list[tuple[str, str, str, int, str]] = [
    (name, domain, industry, int(employees), tier)
    for name, domain, industry, employees, tier in (
        line.split(" | ")
        for line in """\
Northwind Analytics | northwind-analytics.com | Software | 240 | Mid-market
Bluepeak Logistics | bluepeaklogistics.com | Logistics | 1200 | Enterprise
Helix Biolabs | helixbiolabs.com | Biotechnology | 310 | Mid-market
Copperline Energy | copperline-energy.com | Energy | 2800 | Enterprise
Fernwood Health | fernwoodhealth.com | Healthcare | 950 | Enterprise
Larkspur Capital | larkspurcap.com | Financial services | 85 | SMB
Quillon Legal | quillonlegal.com | Legal services | 60 | SMB
Meridian Freight | meridianfreight.co | Logistics | 430 | Mid-market
Oakhaven Foods | oakhavenfoods.com | Food and beverage | 1500 | Enterprise
Stratus Cloudworks | stratuscloud.io | Software | 180 | Mid-market
Tidewater Marine | tidewatermarine.com | Manufacturing | 640 | Mid-market
Vantage Retail Group | vantageretail.com | Retail | 5200 | Enterprise
Brightloom Learning | brightloom.org | Education | 120 | SMB
Cobalt Security | cobaltsec.io | Cybersecurity | 210 | Mid-market
Driftwood Hotels | driftwoodhotels.com | Hospitality | 2100 | Enterprise
Evergreen Realty | evergreenrealty.co | Real estate | 45 | SMB
Foxglove Media | foxglovemedia.com | Media | 150 | SMB
Granite Building Partners | granitebp.com | Construction | 780 | Mid-market
Harbor & Finch | harborfinch.com | Consulting | 95 | SMB
Ironbridge Manufacturing | ironbridgemfg.com | Manufacturing | 3400 | Enterprise
Juniper Telecom | junipertel.net | Telecommunications | 4100 | Enterprise
Keystone Mutual | keystonemutual.com | Insurance | 1900 | Enterprise
Lumen Robotics | lumenrobotics.ai | Robotics | 140 | SMB
Mosaic Design Studio | mosaicstudio.design | Design | 35 | SMB
Nimbus Payments | nimbuspay.io | Fintech | 260 | Mid-market
Orchard Pharmacy | orchardrx.com | Healthcare | 700 | Mid-market
Pinecrest Credit Union | pinecrestcu.org | Financial services | 380 | Mid-market
Quantum Leap Games | quantumleapgames.com | Gaming | 220 | Mid-market
Redwood Outdoor | redwoodoutdoor.com | Retail | 560 | Mid-market
Silverline Aerospace | silverline-aero.com | Aerospace | 2600 | Enterprise
Terrace Architects | terracearch.com | Architecture | 40 | SMB
Umbra Solar | umbrasolar.com | Energy | 330 | Mid-market
Verdant Agritech | verdantag.com | Agriculture | 170 | SMB
Westfield Dental Group | westfielddental.com | Healthcare | 90 | SMB
Yarrow Biotech | yarrowbio.com | Biotechnology | 410 | Mid-market
Zephyr Air | zephyrair.com | Travel | 6400 | Enterprise
Atlas Data Systems | atlasdata.io | Software | 520 | Mid-market
Beacon Community Alliance | beaconalliance.org | Non-profit | 55 | SMB
Cascade Water | cascadewater.co | Utilities | 1100 | Enterprise
Delta Grid Analytics | deltagrid.io | Energy | 75 | SMB""".splitlines()
    )
]


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words("""
Olivia Liam Emma Noah Ava Mateo Sophia Lucas Isabella Ethan Mia James Amelia Benjamin Harper Elijah
Evelyn Daniel Abigail Henry Priya Arjun Mei Hiroshi Fatima Omar Chloe Samuel Grace David Zoe Gabriel Nora Julian
Leah Marcus Hannah Diego Aisha Tomas""")
LAST_NAMES = _words("""
Smith Johnson Williams Brown Garcia Miller Davis Rodriguez Martinez Lopez Wilson Anderson Thomas Taylor
Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Hall Young King Wright Scott Green Baker Nguyen
Patel Kim Chen Okafor Rossi Novak Schmidt O'Brien""")
TITLES = """CEO|COO|CTO|CFO|VP of Sales|VP of Operations|Head of Procurement|Head of IT|Director of Engineering
|Operations Manager|Procurement Manager|IT Manager|Finance Manager|Product Manager|Marketing Director
|Customer Success Lead|Data Analyst|Office Manager""".replace("\n", "").split("|")
LEAD_SOURCES = ["Website", "Referral", "Event", "Outbound", "Partner"]
TIERS = ["Enterprise", "Mid-market", "SMB"]
PLANS = ["Starter", "Growth", "Enterprise"]
# What a deal sells, and the plan it is on.
OFFERINGS = [
    ("Annual subscription", "Growth"),
    ("Enterprise plan", "Enterprise"),
    ("Pilot, 25 seats", "Starter"),
    ("Expansion, 100 seats", "Growth"),
    ("Platform renewal", "Growth"),
    ("Onboarding package", "Starter"),
    ("Data migration", "Growth"),
    ("Premium support", "Enterprise"),
    ("Multi-year agreement", "Enterprise"),
    ("Team plan", "Starter"),
]
DEAL_ROLES = ["Champion", "Decision maker"]
# How many deals stand in each open stage, and how many closed per month (oldest month first).
OPEN_DEALS = {"Lead": 8, "Qualified": 8, "Proposal": 9, "Negotiation": 7}
WON_BY_MONTH = [1, 1, 2, 1, 2, 1, 2, 2, 1, 2, 2, 2]
LOST_BY_MONTH = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1]
NOTES = [
    "Spoke with {first} about their Q{quarter} priorities. Budget is approved; timing depends on the IT roadmap.",
    "Met {first} at the trade show. Interested in the reporting features, wants a demo for the wider team.",
    "{first} asked for a reference customer in the same industry. Sent two names.",
    "Call recap: current tool is too slow for their volume. Main pain point is manual data entry.",
    "Procurement needs a security review before anything is signed. Questionnaire sent.",
    "{first} will champion this internally, but the CFO signs off on anything above 50k.",
    "They are also evaluating two competitors. Our edge: integrations and support response times.",
    "Demo went well. Follow-up questions about SSO and data residency.",
    "Pricing feedback: they would commit to two years for a better rate.",
    "Contract is with legal. Expect redlines on the liability clause.",
]
TASKS = [
    "Send the proposal",
    "Follow up on the security questionnaire",
    "Book a demo with the wider team",
    "Call {first} about the renewal",
    "Share the case study",
    "Prepare the pricing options",
    "Check in after the pilot",
    "Send the contract for signature",
    "Introduce {first} to our solutions engineer",
    "Confirm next steps with procurement",
]
# Days from today each open task is due (None: no date); the last three are done already.
TASK_DUE_DAYS: list[int | None] = [-9, -6, -4, -3, -2, -1, 0, 0, 0, 1, 2, 3, 4, 6, 8, 9, 12, 14]
TASK_DUE_DAYS += [None, None, None, None, -20, -15, -12]
DONE_TASKS = 3

# Email threads with the first contact of a company (by index in COMPANIES): subject, then messages
# from "them" (the contact) or "me" (the demo user). {first} is the contact's first name.
THREADS: list[tuple[int, str, list[tuple[str, str]]]] = [
    (
        0,
        "Pricing for the Enterprise plan",
        [
            (
                "them",
                "Hi Alex,\n\nCould you send over pricing for the Enterprise plan for about 120 seats? "
                "We would like to start next quarter.\n\nThanks,\n{first}",
            ),
            (
                "me",
                "Hi {first},\n\nHappy to. For 120 seats on a two-year term we can offer 12% off list. "
                "Does a call on Thursday work to walk through it?\n\nBest,\nAlex",
            ),
            ("them", "Thursday works. 2pm my time? I will bring our head of IT.\n\n{first}"),
        ],
    ),
    (
        2,
        "Security questionnaire",
        [
            (
                "them",
                "Hello Alex,\n\nOur security team needs a questionnaire completed before we can move "
                "forward. Is two weeks realistic?\n\nBest regards,\n{first}",
            ),
            (
                "me",
                "Hi {first},\n\nYes, you will have it by the end of next week, along with our SOC 2 report.\n\nAlex",
            ),
        ],
    ),
    (
        24,
        "Pilot kickoff next week",
        [
            (
                "me",
                "Hi {first},\n\nGreat news on the pilot! Here is the kickoff agenda for Monday: goals, "
                "success criteria and the rollout plan for the first 25 users.\n\nAlex",
            ),
            ("them", "Looks good. Can we add a 15-minute slot for the finance team's reporting needs?\n\n{first}"),
        ],
    ),
    (
        9,
        "Contract redlines",
        [
            (
                "them",
                "Alex,\n\nLegal sent back a few redlines on the MSA, mostly the liability cap and the "
                "renewal notice period.\n\n{first}",
            ),
            (
                "me",
                "Thanks {first}. The notice period change is fine. On the liability cap, we can go to 12 "
                "months of fees. Would that work for your legal team?\n\nAlex",
            ),
            ("them", "That should work. I will confirm by Friday.\n\n{first}"),
        ],
    ),
    (
        22,
        "Intro via Harbor & Finch",
        [
            (
                "them",
                "Hi Alex,\n\nOur advisors at Harbor & Finch suggested I reach out. We are looking for a "
                "CRM our sales team will actually use. Do you have time for a short call next week?\n\n{first}",
            ),
        ],
    ),
]
