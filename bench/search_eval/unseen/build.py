"""A labelled CRM set for Rapport's search evaluation written by someone else: a reviewer wrote it on
2026-12-06 without having seen how the search code was tuned nor the committed set's queries
(`../queries.json`). The labels were fixed before any run: the sha256 of the files this writes were
recorded first (16:37 UTC; the first run was at 16:38), and these are the files:

    7ffcf58a9720b75829ccb23bd621e874f4a4f1589a5a5e029d19570980b21c28  documents.json
    de61024c98dfcfb660c13edb829ab95e60e12d0a3030547fc1763443ecc97394  queries.json

    python3 bench/search_eval/unseen/build.py

Writes documents.json (45 companies, 110 contacts, 60 deals, 159 notes, each note and contact and deal
on a company) and queries.json (49 queries, each with a "type": paraphrase, typo, non-English,
exact-name or vague, and graded judgements, 2 = what the query is after, 1 = related, by the rules
written below, not by looking at any search result). Seeded, so it writes the same files every time.
Measured by `cd server && uv run python ../bench/search_eval/run.py --set ../bench/search_eval/unseen`.
"""

# The templates and hand-written notes are prose, left on one line each; the generator is seeded, not secret.
# ruff: noqa: E501, S311

import json
import random
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
rng = random.Random(20261206)

# ---------------- companies: key, name, industry, domain, sector tag ----------------
COMPANIES = [
    ("brightwater", "Brightwater Analytics", "Data analytics software", "brightwater.io", "software"),
    ("nordwind", "Nordwind Logistik GmbH", "Freight forwarding", "nordwind-logistik.de", "logistics"),
    ("mueller", "Müller Präzisionstechnik GmbH", "Industrial machinery", "mueller-praezision.de", "manufacturing"),
    ("lefevre", "Boulangeries Lefèvre SA", "Bakery products", "lefevre-boulangeries.fr", "food"),
    ("sonrisa", "Clínica Dental Sonrisa", "Dental practice", "clinicasonrisa.es", "health"),
    ("harborpine", "Harbor & Pine Insurance", "Insurance", "harborpine.com", "finance"),
    ("kestrel", "Kestrel Aerospace Components", "Aerospace parts manufacturing", "kestrel-aero.com", "manufacturing"),
    ("lumen", "Lumen Schools Trust", "Primary and secondary schools", "lumenschools.org.uk", "education"),
    ("ostara", "Ostara Organic Farms", "Agriculture", "ostarafarms.com", "agri"),
    ("pacifica", "Pacifica Hotels Group", "Hotels", "pacificahotels.com", "hospitality"),
    ("quillfeather", "Quillfeather Publishing", "Book publishing", "quillfeather.co.uk", "media"),
    ("redline", "Redline Fitness Clubs", "Gyms", "redlinefitness.com", "leisure"),
    ("saffron", "Saffron Table Restaurants", "Restaurant chain", "saffrontable.com", "food"),
    ("tidewater", "Tidewater Municipal Utilities", "Water and power utility", "tidewater-utilities.gov", "public"),
    ("umbra", "Umbra Cybersecurity", "Computer security services", "umbrasec.com", "software"),
    ("verdant", "Verdant Solar Installers", "Solar panel installation", "verdantsolar.com", "energy"),
    ("westbrook", "Westbrook Law LLP", "Legal services", "westbrooklaw.com", "professional"),
    ("yarrow", "Yarrow Pharmacy Chain", "Retail pharmacies", "yarrowpharmacy.com", "health"),
    ("zenith", "Zenith Dental Labs", "Dental prosthetics laboratory", "zenithdentallabs.com", "health"),
    ("acai", "Açaí Bowls Brasil Ltda", "Juice bars", "acaibowls.com.br", "food"),
    ("alesund", "Ålesund Fiskeri AS", "Fishing and seafood processing", "alesundfiskeri.no", "agri"),
    ("beaumont", "Château Beaumont Vins", "Winery", "chateau-beaumont.fr", "food"),
    ("pinos", "Fundación Educativa Los Pinos", "Non-profit schools", "fundacionlospinos.org", "education"),
    ("gallagher", "Gallagher Roofing & Sons", "Roofing contractor", "gallagherroofing.com", "construction"),
    ("helix", "Helix Biolabs", "Biotechnology research", "helixbiolabs.com", "health_rel"),
    ("ironclad", "Ironclad Storage Solutions", "Warehousing", "ironcladstorage.com", "logistics"),
    ("juniper", "Juniper Credit Union", "Banking", "junipercu.org", "finance"),
    ("kaiser", "Kaiser & Söhne Brauerei", "Brewery", "kaiser-soehne-bier.de", "food"),
    ("larkspur", "Larkspur Veterinary Clinics", "Veterinary care", "larkspurvets.com", "health_rel"),
    ("meridian", "Meridian Travel Agency", "Travel agency", "meridiantravel.com", "hospitality"),
    ("northstar", "Northstar Robotics", "Industrial robots", "northstar-robotics.com", "manufacturing"),
    ("orchard", "Orchard Lane Property Management", "Real estate management", "orchardlane.com", "realestate"),
    ("pinecrest", "Pinecrest Senior Living", "Care homes", "pinecrestliving.com", "health"),
    ("quantum", "Quantum Leap Tutoring", "Private tutoring", "quantumleaptutoring.com", "education"),
    ("rivera", "Rivera Transportes SL", "Road haulage", "riveratransportes.es", "logistics_road"),
    ("silverline", "Silverline Telecom", "Telecommunications", "silverlinetel.com", "telecom"),
    ("bellini", "Trattoria Bellini", "Italian restaurant", "trattoriabellini.it", "food"),
    ("ursa", "Ursa Minor Games", "Video game studio", "ursaminorgames.com", "media"),
    ("vantage", "Vantage Point Consulting", "Management consulting", "vantagepoint.co", "professional"),
    ("willow", "Willow Creek Wedding Venues", "Event venues", "willowcreekvenues.com", "hospitality"),
    ("xylem", "Xylem Carpentry Co-op", "Furniture workshop", "xylemcarpentry.coop", "construction"),
    ("elan", "Élan Cosmétiques", "Cosmetics", "elan-cosmetiques.fr", "retail"),
    ("gruenwald", "Grünwald Kliniken", "Hospital group", "gruenwald-kliniken.de", "health"),
    ("seabright", "Seabright Marine Supplies", "Marine equipment wholesale", "seabrightmarine.com", "retail"),
    ("copperleaf", "Copperleaf Accounting", "Accounting firm", "copperleafcpa.com", "professional"),
]
CO = {c[0]: c for c in COMPANIES}

# ---------------- contacts ----------------
FIRST = [
    "Amelia",
    "Liam",
    "Priya",
    "Tomasz",
    "Keiko",
    "Marcus",
    "Fatima",
    "Oliver",
    "Hannah",
    "Diego",
    "Nadia",
    "Ethan",
    "Grace",
    "Samuel",
    "Leila",
    "Connor",
    "Aisha",
    "Victor",
    "Megan",
    "Rafael",
    "Yuki",
    "Isaac",
    "Chloe",
    "Daniel",
    "Olga",
    "Patrick",
    "Sofia",
    "Benjamin",
    "Mei",
    "Lucas",
    "Ruth",
    "Kwame",
    "Elena",
    "Felix",
    "Naomi",
    "Henrik",
    "Carla",
    "Arjun",
    "Bridget",
    "Omar",
    "Tessa",
    "Gabriel",
    "Ivy",
    "Nikolai",
    "Paula",
    "Reza",
    "Wendy",
    "Jonas",
    "Lara",
    "Matteo",
    "Sara",
    "Desmond",
    "Anya",
    "Theo",
    "Rosa",
    "Caleb",
    "Ingrid",
    "Malik",
    "Freya",
    "Stefan",
    "Lucy",
    "Emeka",
    "Julia",
    "Ravi",
    "Holly",
    "Adrian",
    "Zara",
    "Boris",
    "Imogen",
    "Pedro",
    "Kirsten",
    "Hugo",
    "Nora",
    "Vikram",
    "Eliza",
    "Tariq",
]
LAST = [
    "Bennett",
    "Kowalski",
    "Sharma",
    "Nakamura",
    "Okafor",
    "Reyes",
    "Fischer",
    "Lindqvist",
    "Morrison",
    "Haddad",
    "Costa",
    "Brennan",
    "Ivanova",
    "Tanaka",
    "Walsh",
    "Mensah",
    "Moreau",
    "Schultz",
    "Patel",
    "Donnelly",
    "Rossi",
    "Kim",
    "Abbott",
    "Horvath",
    "Quinn",
    "Sato",
    "Jansen",
    "Alvarez",
    "Pryce",
    "Novak",
    "Osei",
    "Fitzgerald",
    "Varga",
    "Holm",
    "Whitaker",
    "Ncube",
    "Barros",
    "Keller",
    "Dunn",
    "Castellano",
    "Yilmaz",
    "Hughes",
    "Petrov",
    "Carver",
    "Lund",
    "Mbeki",
    "Sinclair",
    "Ferreira",
    "Takahashi",
    "Gill",
    "Romero",
    "Blake",
    "Eriksen",
    "Maddox",
    "Chen",
    "Oyelaran",
    "Stone",
    "Vasquez",
    "Harlow",
    "Adeyemi",
    "Kaur",
    "Rahman",
    "Doyle",
    "Marsh",
    "Pham",
    "Ellison",
    "Sorensen",
    "Bianchi",
    "Grant",
    "Lowe",
]
TITLES = {  # title -> role tag
    "Chief Financial Officer": "finance_exec",
    "Head of Procurement": "purchasing",
    "IT Manager": "it",
    "Office Manager": "admin",
    "VP Sales": "sales",
    "Operations Director": "ops",
    "Purchasing Agent": "purchasing",
    "Accounts Payable Clerk": "ap",
    "Chief Technology Officer": "it",
    "HR Business Partner": "hr",
    "Facilities Coordinator": "admin",
    "Marketing Lead": "marketing",
    "Founder & CEO": "ceo",
    "Data Protection Officer": "dpo",
    "Customer Success Manager": "sales",
    "Fleet Manager": "ops",
    "Compliance Officer": "dpo",
    "Practice Manager": "admin",
    "Systems Administrator": "it",
    "Sourcing Manager": "purchasing",
    "Controller": "finance_exec",
    "Head of Training": "hr",
}
TITLE_LIST = list(TITLES)

# hand-written contacts (accents, specific people): key, first, last, title, company
SPECIAL_CONTACTS = [
    ("c-soren", "Søren", "Østergaard", "Fleet Manager", "alesund"),
    ("c-francois", "François", "Lefèvre", "Directeur général", "lefevre"),
    ("c-juergen", "Jürgen", "Weiß", "Leiter Einkauf", "mueller"),
    ("c-dagmar", "Dagmar", "Kühn", "IT-Leiterin", "gruenwald"),
    ("c-angela", "Ángela", "Castaño", "Directora de operaciones", "rivera"),
    ("c-bjorn", "Björn", "Håkansson", "Head of Procurement", "alesund"),
    ("c-chloe", "Chloé", "Marchand", "Responsable marketing", "elan"),
    ("c-lukasz", "Łukasz", "Wiśniewski", "Systems Administrator", "northstar"),
    ("c-siobhan", "Siobhán", "Ní Bhriain", "Practice Manager", "larkspur"),
    ("c-ines", "Inês", "Gonçalves", "Chief Financial Officer", "acai"),
    ("c-mateo", "Mateo", "Ibáñez", "Director financiero", "sonrisa"),
    ("c-zoe", "Zoë", "Papadopoulos", "Data Protection Officer", "brightwater"),
    ("c-renee", "Renée", "Dubois-Laurent", "Sommelière et acheteuse", "beaumont"),
    ("c-klaus", "Klaus", "Brandstätter", "Braumeister", "kaiser"),
]
SPECIAL_ROLE = {
    "Directeur général": "ceo",
    "Leiter Einkauf": "purchasing",
    "IT-Leiterin": "it",
    "Directora de operaciones": "ops",
    "Responsable marketing": "marketing",
    "Director financiero": "finance_exec",
    "Sommelière et acheteuse": "purchasing",
    "Braumeister": "ops",
}

documents = []
contacts = []  # dicts with key, first, last, title, role, company
for key, first, last, title, co in SPECIAL_CONTACTS:
    contacts.append(
        dict(key=key, first=first, last=last, title=title, role=TITLES.get(title) or SPECIAL_ROLE[title], company=co)
    )
names = [(first, last) for first in FIRST for last in LAST]
rng.shuffle(names)
used = set()
i = 0
for co in CO:
    for _ in range(2 if rng.random() < 0.6 else 1):
        first, last = names[i]
        i += 1
        title = rng.choice(TITLE_LIST)
        contacts.append(
            dict(key=f"c-{len(contacts):03d}", first=first, last=last, title=title, role=TITLES[title], company=co)
        )
# a few more general contacts to reach volume
while len(contacts) < 110:
    first, last = names[i]
    i += 1
    co = rng.choice(list(CO))
    title = rng.choice(TITLE_LIST)
    contacts.append(
        dict(key=f"c-{len(contacts):03d}", first=first, last=last, title=title, role=TITLES[title], company=co)
    )
for c in contacts:
    c["name"] = f"{c['first']} {c['last']}"

    def ascii_(text):
        import unicodedata

        text = (
            text.replace("ł", "l")
            .replace("Ł", "L")
            .replace("ø", "o")
            .replace("Ø", "O")
            .replace("ß", "ss")
            .replace("å", "a")
            .replace("Å", "A")
        )
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()

    c["email"] = (
        f"{ascii_(c['first'])[0].lower()}.{ascii_(c['last']).replace(' ', '').replace('-', '').lower()}@{CO[c['company']][3]}"
    )

by_company = {}
for c in contacts:
    by_company.setdefault(c["company"], []).append(c)

for key, name, industry, domain, sector in COMPANIES:
    documents.append(
        dict(key=f"company:{key}", kind="COMPANY", name=name, industry=industry, domain=domain, sector=sector)
    )
for c in contacts:
    documents.append(
        dict(
            key=f"contact:{c['key']}",
            kind="CONTACT",
            first=c["first"],
            last=c["last"],
            title=c["title"],
            email=c["email"],
            company=f"company:{c['company']}",
            role=c["role"],
        )
    )

# ---------------- deals ----------------
DEAL_KINDS = [
    ("annual renewal 2027", "renewal"),
    ("50-seat expansion", "expansion"),
    ("pilot: route planning module", "pilot"),
    ("upgrade to Enterprise plan", "expansion"),
    ("multi-site rollout", "expansion"),
    ("data migration services", "services"),
    ("premium support add-on", "addon"),
    ("onboarding package", "services"),
    ("second region launch", "expansion"),
    ("three-year agreement", "renewal"),
]
deals = []
for co in CO:
    for _ in range(1 if rng.random() < 0.7 else 2):
        label, dk = rng.choice(DEAL_KINDS)
        short = CO[co][1]
        deals.append(
            dict(
                key=f"deal:{co}-{len(deals):02d}",
                name=f"{short} – {label}",
                company=co,
                dk=dk,
                amount=rng.choice([4800, 12000, 18500, 26000, 41000, 75000, 120000]),
            )
        )
# guaranteed specific deals
deals.append(
    dict(
        key="deal:helix-renewal",
        name="Helix Biolabs – annual renewal 2027",
        company="helix",
        dk="renewal",
        amount=54000,
    )
)
deals.append(
    dict(
        key="deal:pacifica-expansion",
        name="Pacifica Hotels Group – 40 additional properties",
        company="pacifica",
        dk="expansion",
        amount=160000,
    )
)
for d in deals:
    documents.append(
        dict(
            key=d["key"], kind="DEAL", name=d["name"], company=f"company:{d['company']}", amount=d["amount"], dk=d["dk"]
        )
    )

# ---------------- notes ----------------
# topic -> list of templates. {co} company name, {p} a contact's full name, {n} a number, {m} a month
T = {
    "double_charge": [
        "{p} from {co} rang: their card was billed twice for the March subscription. Promised a refund of the second payment by Friday.",
        "Accounts payable at {co} found two identical invoices for the same period and paid both. Asked finance to credit the duplicate.",
        "{co} – the same invoice was sent twice and their bank settled it twice. {p} wants the extra {n} EUR back, not a credit note.",
        "Email from {p} ({co}): 'We have been charged two times for one licence. Please reverse one of the transactions.'",
        "Billing mix-up with {co}: a retry in the payment run took the monthly fee a second time. Refund issued, apology sent to {p}.",
        "{co} complained that the renewal was collected twice after their PO was re-submitted. Finance reversing the duplicate today.",
    ],
    "price_increase": [
        "{p} at {co} pushed back hard on the {n}% uplift in the renewal quote; says their board will not approve it.",
        "{co} unhappy with the new list price for next year. {p} asked whether we can freeze the current rate for 24 months.",
        "Renewal call with {co}: they accept the term but not the higher per-seat fee. Escalating to the pricing desk.",
        "{p} ({co}) wrote that the increase announced in {m} is 'not acceptable for a loyal customer'. Wants the old tariff kept.",
        "{co} compared this year's quote with last year's and found it {n}% more expensive. Pushing to keep the old numbers.",
    ],
    "discount": [
        "{co} had their budget cut for next year; {p} asked for a {n}% reduction to stay on the current plan.",
        "{p} from {co} asked if there is a non-profit or education rebate, money is tight after the funding round fell through.",
        "Negotiation with {co}: they want a lower price in exchange for a three-year commitment. {p} suggested {n}% off.",
        "{co} finance team asked for a cheaper option, they must reduce software spend by a third this year.",
        "{p} asked whether we can offer a smaller package at a lower cost; {co} is cutting costs across all suppliers.",
    ],
    "renewal_signed": [
        "{co} signed the renewal for another twelve months. {p} sent the countersigned order form this morning.",
        "Great call with {p}: {co} confirmed they are staying with us for 2027 and added {n} seats.",
        "Renewal closed – {co} returned the signed contract, same terms as last year.",
        "{p} confirmed by email that {co} will extend the agreement for two more years. PO to follow.",
        "{co} renewed early, before the deadline in {m}. Nothing to negotiate this time.",
    ],
    "churn_risk": [
        "{p} at {co} mentioned they are evaluating Salesforce and Pipedrive ahead of their contract end in {m}.",
        "{co} is unlikely to renew: usage dropped {n}% this quarter and {p} stopped answering our emails.",
        "Heard from {p} that {co} management wants to consolidate on one vendor, and it may not be us.",
        "{co} asked for the notice period and the terms for ending the contract early. Flagged as at risk.",
        "{p} said a competitor offered {co} a free first year; they are seriously considering switching.",
    ],
    "outage": [
        "{co} reported that the whole platform was unreachable for about {n} minutes on Tuesday morning; their staff could not log calls.",
        "{p} ({co}) angry about the downtime last night: the service returned errors from 22:00 until midnight.",
        "Incident follow-up for {co}: the API was down during their month-end close. Sent the post-mortem to {p}.",
        "{co} lost a morning's work because our system was offline. {p} wants a service credit under the SLA.",
        "Status page did not show the disruption {co} experienced; {p} asked for a written incident report.",
    ],
    "performance": [
        "{p} says reports at {co} take over a minute to open since the last update.",
        "{co} complained that the dashboard is very slow in the afternoons, pages hang for {n} seconds.",
        "Users at {co} find list views sluggish with more than ten thousand records; {p} asked for tuning advice.",
        "{p} ({co}): 'Everything is laggy today, searching customers takes ages.' Passed to support.",
        "{co} measured page loads of {n} seconds from their Madrid office; asking whether there is a closer data centre.",
    ],
    "erasure": [
        "{p}, the privacy lead at {co}, asked us to delete every record of a former customer under GDPR article 17.",
        "{co} sent a right-to-be-forgotten request for three ex-employees; need to confirm erasure within 30 days.",
        "{p} wants written confirmation that {co}'s personal data will be wiped from backups after they leave.",
        "Data removal request from {co}: purge the contact details of everyone in their old sales team.",
    ],
    "training": [
        "Booked two onboarding workshops for new starters at {co} on {m} 14; {p} will send the attendee list.",
        "{p} asked for a refresher session for the {co} team, many new hires do not know how to use pipelines.",
        "Ran a 90-minute walkthrough for {n} new users at {co}. Recording shared with {p}.",
        "{co} wants a train-the-trainer course so {p} can teach colleagues in the other offices.",
    ],
    "login": [
        "{p} and four colleagues at {co} cannot get in since their Azure AD certificate rotated; SSO fails with an error.",
        "{co} users are locked out after too many password attempts; {p} asked us to reset the lockout.",
        "Two-factor codes are not arriving for {co} staff, so they cannot access their accounts this morning.",
        "{p} ({co}) reports that the Okta sign-in loop sends people back to the start page.",
        "{co}: new hires never received their invitation links and cannot set a password.",
    ],
    "champion_left": [
        "{p}, our main sponsor at {co}, has left the company. Need to find a new contact before the renewal.",
        "Heard that {p} moved to another employer; nobody at {co} seems to own the project now.",
        "{co} reorganised and {p} is no longer in charge of the tools budget. New decision maker unknown.",
        "{p} announced her retirement; {co} has not named a successor for the account.",
    ],
    "legal_review": [
        "{co}'s counsel returned the MSA with {n} changes to the liability and indemnity clauses.",
        "{p} says their legal department is still reviewing the data processing agreement; signature delayed to {m}.",
        "Redlined contract back from {co}: they want governing law changed and a cap on damages.",
        "{co} solicitors asked for our standard terms in Word format so they can mark them up.",
    ],
    "offline": [
        "{p} asked whether the mobile app works in the field without a signal; their technicians at {co} visit rural sites.",
        "{co} sales reps want to update records on their phones while travelling without internet access, then sync later.",
        "Feature request from {co}: offline mode on tablets for the warehouse, where wifi is patchy.",
        "{p} would buy more seats if reps at {co} could take notes on the phone in flight mode.",
    ],
    "overdue": [
        "{co} has three unpaid invoices older than 60 days; reminder sent to {p}.",
        "Payment from {co} is {n} days late again. {p} promised a bank transfer next week.",
        "Collections: {co} owes {n} EUR for Q2, account put on credit hold until they settle.",
        "{p} ({co}) says their finance system migration delayed all supplier payments this month.",
    ],
    "billing_admin": [
        "{co} asked us to put their new PO number on every invoice from now on.",
        "{p} sent the new billing address for {co}; update before the next invoice run.",
        "{co} wants invoices split by cost centre, one per department.",
        "{p} asked for the VAT number on the invoice to be corrected for {co}.",
    ],
    "security_review": [
        "{co} sent a 140-question vendor security assessment; {p} needs it back by {m} 30.",
        "{p} asked for our SOC 2 report and penetration test summary before {co} can sign.",
        "Security review at {co}: they want details on encryption at rest and where data is hosted.",
        "{co} infosec team asked whether we support customer-managed keys and IP allow lists.",
    ],
    "reference": [
        "{p} agreed to be a reference customer and will take calls from prospects in the {ind} sector.",
        "{co} is happy for us to publish a case study about their rollout; {p} will approve the text.",
        "{p} offered to speak at our user conference about how {co} uses the platform.",
        "{co} allowed us to put their logo on the website and to quote {p} in the brochure.",
    ],
    "integration": [
        "{co} wants the invoices to flow into Xero automatically; {p} asked about the accounting connector.",
        "{p} asked if we sync with QuickBooks so {co} stops typing orders twice.",
        "{co} needs an export to DATEV for their tax adviser every month.",
        "{p} asked whether deals can be pushed to Sage when won; their bookkeeper at {co} does it by hand today.",
    ],
    "praise": [
        "{p} wrote to say the new timeline view saves the {co} team hours every week. Thank you note forwarded to product.",
        "Lovely feedback from {co}: support solved their problem within ten minutes.",
        "{p} said {co} has never had a tool their sales team actually enjoys using.",
        "{co} scored us 10 in the customer satisfaction survey; {p} praised the onboarding.",
    ],
    "followup": [
        "Left a voicemail for {p} at {co}, will try again on Thursday.",
        "Sent {p} the slides from today's call and the proposed next steps.",
        "Re: meeting next week – {p} ({co}) can do Wednesday 10:00 instead of Tuesday.",
        "{p} out of office until the {n}th; follow up with {co} afterwards.",
        "Quick sync with {p}: {co} still gathering requirements, check back in two weeks.",
        "Introduced {p} to our solutions engineer; {co} will send sample data.",
        "Fwd: agenda for the quarterly review with {co}. {p} added two items.",
    ],
}
COUNTS = {
    "double_charge": 8,
    "price_increase": 8,
    "discount": 8,
    "renewal_signed": 8,
    "churn_risk": 8,
    "outage": 7,
    "performance": 7,
    "erasure": 6,
    "training": 6,
    "login": 7,
    "champion_left": 6,
    "legal_review": 6,
    "offline": 5,
    "overdue": 7,
    "billing_admin": 6,
    "security_review": 6,
    "reference": 5,
    "integration": 6,
    "praise": 6,
    "followup": 18,
}
MONTHS = ["January", "February", "March", "April", "May", "June", "September", "October", "November"]
notes = []
co_keys = list(CO)
for topic, count in COUNTS.items():
    templates = T[topic]
    for j in range(count):
        co = rng.choice(co_keys)
        p = rng.choice(by_company[co])
        body = templates[j % len(templates)].format(
            co=CO[co][1],
            p=p["name"],
            n=rng.choice([7, 12, 15, 20, 35, 45, 90, 240, 1800]),
            m=rng.choice(MONTHS),
            ind=CO[co][2].lower(),
        )
        notes.append(dict(key=f"note:{topic}-{j:02d}", topic=topic, company=co, body=body))

# hand-written specific notes (unique targets)
SPECIAL_NOTES = [
    (
        "note:inv2231",
        "double_charge",
        "copperleaf",
        "Copperleaf Accounting: invoice INV-2231 was paid twice (once by card, once by bank transfer). Refund of 1,180 EUR approved by finance.",
    ),
    (
        "note:soren-call",
        "followup",
        "alesund",
        "Call with Søren Østergaard: the trawler fleet needs vessel positions in the CRM; he will share the AIS feed details.",
    ),
    (
        "note:soren-fleet",
        "offline",
        "alesund",
        "Søren Østergaard says crews at sea have no connection for days; they need to log catches offline and sync in port.",
    ),
    (
        "note:francois",
        "price_increase",
        "lefevre",
        "François Lefèvre a refusé l'augmentation tarifaire: il veut garder le prix de l'an dernier pour ses 28 boulangeries.",
    ),
    (
        "note:juergen",
        "discount",
        "mueller",
        "Jürgen Weiß (Einkauf) verlangt 10 % Rabatt, weil das IT-Budget 2027 gekürzt wurde.",
    ),
    (
        "note:dagmar",
        "login",
        "gruenwald",
        "Dagmar Kühn meldet: Ärzte können sich seit dem Update nicht mehr per SSO anmelden.",
    ),
    (
        "note:angela",
        "overdue",
        "rivera",
        "Ángela Castaño confirma que las facturas pendientes de Rivera Transportes se pagarán a fin de mes.",
    ),
    (
        "note:helix-renewal",
        "renewal_signed",
        "helix",
        "Helix Biolabs renewal: procurement approved the 2027 term; the lab director signs on Monday.",
    ),
    (
        "note:helix-risk",
        "churn_risk",
        "helix",
        "Helix Biolabs asked how to export all their data – possibly a sign they are planning to move to another system.",
    ),
    (
        "note:kaiser",
        "praise",
        "kaiser",
        "Klaus Brandstätter from Kaiser & Söhne loves the new delivery-route board for the beer trucks.",
    ),
    (
        "note:brightwater-dpa",
        "legal_review",
        "brightwater",
        "Zoë Papadopoulos (Brightwater Analytics) sent back the data processing agreement with comments on sub-processors.",
    ),
    (
        "note:pacifica-outage",
        "outage",
        "pacifica",
        "Pacifica Hotels Group: front desks in 12 hotels could not check guests in during Saturday's outage. Very upset GM.",
    ),
    (
        "note:nordwind-pilot",
        "followup",
        "nordwind",
        "Nordwind Logistik wants to trial the route planning module with 15 trucks from the Hamburg depot.",
    ),
    (
        "note:ines",
        "discount",
        "acai",
        "Inês Gonçalves pediu um desconto: as vendas das lojas caíram e o orçamento foi reduzido.",
    ),
    (
        "note:mateo",
        "double_charge",
        "sonrisa",
        "Mateo Ibáñez: la clínica recibió el mismo cargo dos veces en su tarjeta, pide la devolución.",
    ),
]
for key, topic, co, body in SPECIAL_NOTES:
    notes.append(dict(key=key, topic=topic, company=co, body=body))
for n in notes:
    documents.append(
        dict(key=n["key"], kind="NOTE", company=f"company:{n['company']}", body=n["body"], topic=n["topic"])
    )

# ---------------- queries ----------------
docs_by_key = {d["key"]: d for d in documents}


def topic(*names_grades):
    rel = {}
    for name, g in names_grades:
        for n in notes:
            if n["topic"] == name:
                rel[n["key"]] = max(rel.get(n["key"], 0), g)
    return rel


def company_lookup(co, extra=None):
    """Looking a company up: the company 2; its contacts, deals and the notes that name it 1."""
    rel = {f"company:{co}": 2}
    for c in by_company.get(co, []):
        rel[f"contact:{c['key']}"] = 1
    for d in deals:
        if d["company"] == co:
            rel[d["key"]] = 1
    full = CO[co][1]
    short = full
    for suffix in (" GmbH", " SA", " SL", " Ltda", " AS", " LLP"):
        short = short.removesuffix(suffix)
    aliases = {full, short} | ({"Kaiser & Söhne"} if co == "kaiser" else set())
    for n in notes:
        if any(a in n["body"] for a in aliases):
            rel[n["key"]] = 1
    return rel


def contact_lookup(ckey):
    c = next(c for c in contacts if c["key"] == ckey)
    rel = {f"contact:{ckey}": 2}
    for n in notes:
        if c["name"] in n["body"]:
            rel[n["key"]] = 1
    return rel


def by_role(roles2, roles1=()):
    rel = {}
    for c in contacts:
        if c["role"] in roles2:
            rel[f"contact:{c['key']}"] = 2
        elif c["role"] in roles1:
            rel[f"contact:{c['key']}"] = 1
    return rel


def by_sector(s2, s1=()):
    rel = {}
    for key, _name, _industry, _domain, sector in COMPANIES:
        if sector in s2:
            rel[f"company:{key}"] = 2
        elif sector in s1:
            rel[f"company:{key}"] = 1
    return rel


def merge(*dicts):
    out = {}
    for d in dicts:
        for k, g in d.items():
            out[k] = max(out.get(k, 0), g)
    return out


Q = []


def q(kind, text, rel):
    assert rel, text
    assert all(k in docs_by_key for k in rel), text
    Q.append({"query": text, "type": kind, "relevant": rel})


# paraphrase
q("paraphrase", "customer upset about being double charged", topic(("double_charge", 2), ("billing_admin", 1)))
q("paraphrase", "clients pushing back on higher prices at renewal time", topic(("price_increase", 2), ("discount", 1)))
q("paraphrase", "accounts that might leave us for a competitor", topic(("churn_risk", 2), ("champion_left", 1)))
q("paraphrase", "service was down and customers could not work", topic(("outage", 2), ("performance", 1)))
q(
    "paraphrase",
    "asked us to erase everything we hold about certain people",
    topic(("erasure", 2), ("security_review", 1)),
)
q("paraphrase", "the app feels sluggish and takes forever to load", topic(("performance", 2), ("outage", 1)))
q("paraphrase", "people locked out of their accounts", topic(("login", 2)))
q("paraphrase", "our main supporter at the customer quit", topic(("champion_left", 2), ("churn_risk", 1)))
q("paraphrase", "lawyers going through the agreement", topic(("legal_review", 2)))
q("paraphrase", "want to use it on phones without connectivity", topic(("offline", 2)))
q("paraphrase", "customers willing to vouch for us to prospects", topic(("reference", 2), ("praise", 1)))
q("paraphrase", "bills they have not settled yet", topic(("overdue", 2), ("double_charge", 1), ("billing_admin", 1)))
q("paraphrase", "hook it up to their bookkeeping software", topic(("integration", 2)))
q("paraphrase", "they want a cheaper deal because their budget shrank", topic(("discount", 2), ("price_increase", 1)))
# typo
q("typo", "dupliate invoce refund", topic(("double_charge", 2), ("billing_admin", 1)))
q(
    "typo",
    "renewel signed for anothr year",
    merge(topic(("renewal_signed", 2)), {d["key"]: 1 for d in deals if d["dk"] == "renewal"}),
)
q("typo", "securty questionaire from infosec", topic(("security_review", 2), ("erasure", 1)))
q("typo", "contarct redlines from there lawyer", topic(("legal_review", 2)))
q("typo", "Nordwnd Logistik", company_lookup("nordwind"))
q("typo", "perfomance complants slow dashbord", topic(("performance", 2), ("outage", 1)))
q("typo", "Ostergard fleet manager", contact_lookup("c-soren"))
q("typo", "trainning sesion for new hires", topic(("training", 2)))
# non-English (queries in German / French / Spanish)
q("non-English", "Kunde beschwert sich über doppelte Abbuchung", topic(("double_charge", 2), ("billing_admin", 1)))
q("non-English", "le client veut résilier son contrat", topic(("churn_risk", 2), ("champion_left", 1)))
q("non-English", "problemas para iniciar sesión", topic(("login", 2)))
q("non-English", "Preiserhöhung bei der Vertragsverlängerung abgelehnt", topic(("price_increase", 2), ("discount", 1)))
q("non-English", "formation des nouveaux utilisateurs", topic(("training", 2)))
q("non-English", "panne du service, plateforme inaccessible", topic(("outage", 2), ("performance", 1)))
q(
    "non-English",
    "empresa de transporte por carretera",
    merge(by_sector(("logistics_road",), ("logistics",)), {"contact:c-angela": 1}),
)
q("non-English", "Zahnarztpraxis", by_sector((), ()) | {"company:sonrisa": 2, "company:zenith": 1})
q("non-English", "solicitud de descuento por recorte de presupuesto", topic(("discount", 2), ("price_increase", 1)))
# exact-name lookups (including accented names, and the same names typed without accents)
q("exact-name", "Søren Østergaard", contact_lookup("c-soren"))
q("exact-name", "Francois Lefevre", merge(contact_lookup("c-francois"), {"company:lefevre": 1}))
q("exact-name", "Brightwater Analytics", company_lookup("brightwater"))
q("exact-name", "Kaiser & Söhne Brauerei", company_lookup("kaiser"))
q("exact-name", "Jürgen Weiß", contact_lookup("c-juergen"))
q("exact-name", "INV-2231", {"note:inv2231": 2})
q(
    "exact-name",
    "Helix Biolabs renewal",
    merge(
        {"deal:helix-renewal": 2, "note:helix-renewal": 2, "company:helix": 1},
        {d["key"]: 1 for d in deals if d["company"] == "helix"},
        {n["key"]: 1 for n in notes if "Helix Biolabs" in n["body"] and n["key"] != "note:helix-renewal"},
    ),
)
q("exact-name", "Dagmar Kühn", contact_lookup("c-dagmar"))
q("exact-name", "Grünwald Kliniken", company_lookup("gruenwald"))
q("exact-name", "Angela Castano", contact_lookup("c-angela"))
# vague intent
q("vague", "who decides on purchases", by_role(("purchasing",), ("finance_exec", "ceo")))
q("vague", "companies in healthcare", by_sector(("health",), ("health_rel",)))
q(
    "vague",
    "unhappy customers",
    topic(
        ("double_charge", 2), ("outage", 2), ("performance", 2), ("login", 2), ("price_increase", 1), ("churn_risk", 1)
    ),
)
q("vague", "food and drink businesses", by_sector(("food",), ("agri",)))
q("vague", "good news from customers", topic(("renewal_signed", 2), ("praise", 2), ("reference", 1)))
q("vague", "people who look after IT", by_role(("it",), ("dpo",)))
q("vague", "big growth opportunities", {d["key"]: 2 for d in deals if d["dk"] == "expansion"})
q("vague", "money owed to us", topic(("overdue", 2), ("double_charge", 1)))

out_docs = []
for d in documents:
    out_docs.append(d)
(HERE / "documents.json").write_text(json.dumps(out_docs, ensure_ascii=False, indent=1))
(HERE / "queries.json").write_text(json.dumps(Q, ensure_ascii=False, indent=1))
print(Counter(d["kind"] for d in documents), len(documents), "docs;", len(Q), "queries", Counter(x["type"] for x in Q))
print("judgements", sum(len(x["relevant"]) for x in Q))
