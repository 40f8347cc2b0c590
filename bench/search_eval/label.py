"""Writes `queries.json`: the evaluation queries with their graded relevant documents (2 = what the query
is after, 1 = related), from the rules below over `documents.json` (run build.py first).

    python bench/search_eval/label.py

The queries are written in other words than the documents (paraphrases), some with typos, some in
another language than English. A rule matches a document's text (company name and industry, or the
note's "subject — body") with a case-insensitive regular expression; each query must find at least one
relevant document. The judgements were made by reading the documents (see documents.json).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent

BOUNCE = (
    r"^(undeliver|undelivered mail|delivery failure|failure notice|returned mail|mail delivery failed|"
    r"delivery status notification \(failure\)|delivery notification: delivery has failed|mail system error|"
    r"ваше сообщение не доставлено|email bounce notification|aws notification message|メールエラー通知)"
)
AUTOREPLY = r"^(away until|automatic reply|autorespons)"
ARF = r"(email abuse report|email feedback report)"
CALENDAR = r"(invitation|calendar invite|invited you to a meeting|new event from)"

# (query, {grade: [patterns]})
QUERIES: list[tuple[str, dict[int, list[str]]]] = [
    # mail
    ("message could not reach the recipient's mailbox", {2: [BOUNCE], 1: [r"^(warning: message delayed|warning: could not send)"]}),
    ("bounced email, address does not exist", {2: [BOUNCE]}),
    ("out of office vacation autoresponder", {2: [AUTOREPLY], 1: [r"^auto reply: nyaan"]}),
    ("hotel room reservation confirmed", {2: [r"easyhotel"]}),
    ("meeting request for the calendar", {2: [CALENDAR], 1: [r"new time proposed", r"a accepté votre invitation", r"testyandex"]}),
    ("someone reported our mail as spam", {2: [ARF]}),
    ("pre-approved mortgage at a low fixed interest", {2: [r"home loan"], 1: [r"apply for loans", r"legitimate_cash"]}),
    ("money transfer scam beneficiary payment", {2: [r"western union"], 1: [r"legitimate_cash"]}),
    ("discount on dietary supplements", {2: [r"multivitamins"], 1: [r"blood pressure"]}),
    ("buy medication from an online drugstore", {2: [r"blood pressure\? we can help"], 1: [r"multivitamins"]}),
    ("apple notebook computer launch", {2: [r"macbook pro"]}),
    ("vulnerability fix for the tomcat connector module", {2: [r"libapache-mod-jk"]}),
    ("new version of the gnu privacy guard", {2: [r"gnupg 2\.1\.20"]}),
    ("digitally signed message with a personal certificate", {2: [r"signing with s/mime", r"s/mime test message signed —"], 1: [r"s/mime test message (encrypted|signed &)"]}),
    ("read receipt: the recipient opened the message", {2: [r"^read: test", r"^disposition notification"]}),
    ("fable of the hare racing the tortoise", {2: [r"hare and the tortoise"], 1: [r"die hasen und die fr"]}),
    ("Fabel von den Hasen und den Fröschen", {2: [r"die hasen und die fr"], 1: [r"hare and the tortoise"]}),
    ("motorbike windscreen distorts the view", {2: [r"hondaline windshield"]}),
    ("ubuntu installer crashed during setup", {2: [r"ubiquity crashes"], 1: [r"rh 8\.0 boot floppy"]}),
    ("nu ma pot conecta la internet din linux", {2: [r"din linux nu ma pot conecta"], 1: [r"rh 8\.0 boot floppy"]}),
    ("online seminar about recovering from a catastrophe", {2: [r"new webinar: so, you have a disaster"]}),
    ("monthly promotional mailing with special offers", {2: [r"monthly newsletter"], 1: [r"the original advantage"]}),
    ("please answer our questionnaire", {2: [r"mysurvey"]}),
    ("auction for a used pickup truck", {2: [r"ebay bid - 2008 ford"]}),
    ("inbound lead from the website contact form", {2: [r"\[online lead\]"], 1: [r"^contact: comment:"]}),
    ("unlicensed duplicate of our medical training program", {2: [r"illegal copy of our patient education software"]}),
    ("electric utilities feedback on the transmission organisation", {2: [r"pgp comments on rto west"]}),
    ("source code repository commit notice", {2: [r"minebox revision 214"], 1: [r"vmmaker"]}),
    ("bug tracker ticket resolved", {2: [r"\[jira\] \[closed\]"], 1: [r"\[bug 381598\]"]}),
    ("partenaire télécom pour la collecte dans les départements d'outre-mer", {2: [r"\[frnog\]"]}),
    ("witcher hunting a giant toad in the sewers", {2: [r"olgierd von everec"]}),
    ("attachment blocked by the virus filter", {2: [r"banned file"]}),
    ("mailbox is full, no storage left", {2: [r"not enough disk space"], 1: [BOUNCE]}),
    ("Japanese language test mail", {2: [r"testing japanese emails"]}),
    ("text in english and russian", {2: [r"как ты поживаешь"]}),
    ("ahorrar en la factura de electricidad", {2: [r"ahorre dinero en su recibo de luz"]}),
    ("guaranteed yearly income from a bank, free", {2: [r"123\.042 euro"]}),
    ("christmas love song lyrics", {2: [r"christmas to remember"]}),
    ("web shop emails ending up in the junk folder", {2: [r"proxmox shop"]}),
    ("reading GIS map files from a C program", {2: [r"\[shapelib\]"]}),
    ("backlinks to get more visitors to your site", {2: [r"link exchange"]}),
    # companies
    ("flight planning software for pilots", {2: [r"^seattle avionics"]}),
    ("association of independent public schools in california", {2: [r"^california charter schools"]}),
    ("video production firm", {2: [r"^bx video solutions"], 1: [r"media"]}),
    ("teleconference service provider", {2: [r"^citizens conferencing"], 1: [r"communications"]}),
    ("wealth managment advisers", {2: [r"^milestone financial advisors"], 1: [r"^gravity investments", r"^equity trust"]}),
    ("western boots store", {2: [r"^boot barn"]}),
    ("used machine tool dealer", {2: [r"^osgood machinery"]}),
    ("packging supplier", {2: [r"^g l packaging"]}),
    ("classes for property agents", {2: [r"^real estate learning center"], 1: [r"properties"]}),
    ("document storage and records management", {2: [r"^recall information management", r"^american document services"], 1: [r"^documental solutions"]}),
    ("athletic apparel maker", {2: [r"sportswear"]}),
    ("crédito hipotecario para vivienda", {2: [r"^crédito inmobiliario"]}),
    ("voting and campaign technology", {2: [r"^electionmall"]}),
    ("software for police and first responders", {2: [r"^advanced public safety"], 1: [r"^safety services network"]}),
    ("calender printer", {2: [r"^the calendar factory"]}),
    ("executive coaching and leadership training", {2: [r"^enlightened leadership", r"^comprehensive coaching"]}),
    ("meteorology data provider", {2: [r"^weatherbank"]}),
    ("hospital and healthcare services", {2: [r"healthcare"], 1: [r"medical", r"health"]}),
]


def text_of(document: dict[str, str]) -> str:
    if document["kind"] == "COMPANY":
        return f"{document['name']} {document['industry']}".strip()
    return document["body"]


def main() -> None:
    documents = json.loads((HERE / "documents.json").read_text())
    out = []
    for query, rules in QUERIES:
        relevant: dict[str, int] = {}
        for grade in sorted(rules):  # 1 first: a grade 2 rule wins over a grade 1 one
            for pattern in rules[grade]:
                for document in documents:
                    if re.search(pattern, text_of(document), re.I):
                        relevant[document["key"]] = grade
        if not relevant:
            raise SystemExit(f"no relevant document for {query!r}")
        out.append({"query": query, "relevant": dict(sorted(relevant.items()))})
    (HERE / "queries.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(out)} queries, {sum(len(q['relevant']) for q in out)} judgements")


if __name__ == "__main__":
    main()
