"""Language material for the email corpus (bench/email_generate.py): names, sentences, subjects and
reply lines in seven languages, with the charsets each one is commonly sent in.

Every string here must be encodable in the charsets listed for its language (the generator falls
back to UTF-8 when one is not, and counts how often that happens)."""

from __future__ import annotations

# language -> [(charset, weight)]: what mail clients in that language actually send.
CHARSETS: dict[str, list[tuple[str, float]]] = {
    "en": [("utf-8", 0.55), ("windows-1252", 0.25), ("iso-8859-1", 0.12), ("us-ascii", 0.08)],
    "de": [("utf-8", 0.45), ("iso-8859-1", 0.30), ("windows-1252", 0.25)],
    "fr": [("utf-8", 0.45), ("iso-8859-1", 0.25), ("windows-1252", 0.30)],
    "es": [("utf-8", 0.50), ("iso-8859-1", 0.30), ("windows-1252", 0.20)],
    "ru": [("koi8-r", 0.45), ("utf-8", 0.45), ("windows-1251", 0.10)],
    "ja": [("iso-2022-jp", 0.55), ("utf-8", 0.40), ("shift_jis", 0.05)],
    "zh": [("gb2312", 0.55), ("utf-8", 0.40), ("gbk", 0.05)],
}
# Share of external companies per language.
LANGUAGE_WEIGHTS = {"en": 0.50, "de": 0.10, "fr": 0.10, "es": 0.07, "ru": 0.08, "ja": 0.08, "zh": 0.07}

# (display, ascii for the address) — Latin names are their own ASCII form after folding accents.
NAMES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "de": (
        [(n, n) for n in ["Anja", "Lukas", "Mia", "Lena", "Felix", "Jonas", "Hannah", "Paul", "Marie", "Tobias"]]
        + [("Jürgen", "juergen"), ("Jörg", "joerg"), ("Björn", "bjoern"), ("Käthe", "kaethe"), ("Sören", "soeren")],
        [(n, n) for n in ["Fischer", "Wagner", "Becker", "Hoffmann", "Schulz", "Fuchs", "Lange", "Krause"]]
        + [
            ("Müller", "mueller"),
            ("Groß", "gross"),
            ("Schröder", "schroeder"),
            ("Weiß", "weiss"),
            ("Köhler", "koehler"),
        ],
    ),
    "fr": (
        [(n, n) for n in ["Camille", "Louis", "Julie", "Thomas", "Manon", "Hugo", "Sarah", "Lucas"]]
        + [
            ("François", "francois"),
            ("Hélène", "helene"),
            ("Amélie", "amelie"),
            ("Jérôme", "jerome"),
            ("Léa", "lea"),
            ("Benoît", "benoit"),
            ("Cécile", "cecile"),
            ("Zoé", "zoe"),
            ("Noël", "noel"),
            ("Maëlle", "maelle"),
        ],
        [(n, n) for n in ["Dubois", "Girard", "Mercier", "Fontaine", "Rousseau", "Garnier", "Bernard", "Moreau"]]
        + [("Lefèvre", "lefevre"), ("Bézier", "bezier"), ("Lemaître", "lemaitre"), ("Châtelain", "chatelain")],
    ),
    "es": (
        [(n, n) for n in ["Carmen", "Pablo", "Elena", "Diego", "Laura", "Javier", "Marta", "Carlos"]]
        + [
            ("José", "jose"),
            ("María", "maria"),
            ("Sofía", "sofia"),
            ("Ángel", "angel"),
            ("Lucía", "lucia"),
            ("Martín", "martin"),
            ("Inés", "ines"),
            ("Raúl", "raul"),
            ("Íñigo", "inigo"),
        ],
        [(n, n) for n in ["Garcia", "Torres", "Romero", "Navarro", "Ruiz", "Delgado", "Castro", "Ortega"]]
        + [
            ("Muñoz", "munoz"),
            ("Núñez", "nunez"),
            ("Pérez", "perez"),
            ("Ibáñez", "ibanez"),
            ("Gómez", "gomez"),
            ("Sánchez", "sanchez"),
            ("Peña", "pena"),
            ("Echeverría", "echeverria"),
        ],
    ),
    "ru": (
        [
            ("Дмитрий", "dmitry"),
            ("Анна", "anna"),
            ("Сергей", "sergey"),
            ("Ольга", "olga"),
            ("Алексей", "alexey"),
            ("Наталья", "natalya"),
            ("Иван", "ivan"),
            ("Екатерина", "ekaterina"),
            ("Михаил", "mikhail"),
            ("Юлия", "yulia"),
            ("Пётр", "pyotr"),
            ("Фёдор", "fyodor"),
        ],
        [
            ("Петров", "petrov"),
            ("Иванов", "ivanov"),
            ("Смирнов", "smirnov"),
            ("Кузнецов", "kuznetsov"),
            ("Соколов", "sokolov"),
            ("Попов", "popov"),
            ("Лебедев", "lebedev"),
            ("Козлов", "kozlov"),
            ("Новиков", "novikov"),
            ("Морозов", "morozov"),
            ("Семёнов", "semyonov"),
        ],
    ),
    "ja": (
        [
            ("太郎", "taro"),
            ("花子", "hanako"),
            ("健", "ken"),
            ("美咲", "misaki"),
            ("翔", "sho"),
            ("由美", "yumi"),
            ("大輔", "daisuke"),
            ("さくら", "sakura"),
            ("直樹", "naoki"),
            ("恵", "megumi"),
        ],
        [
            ("山田", "yamada"),
            ("佐藤", "sato"),
            ("鈴木", "suzuki"),
            ("高橋", "takahashi"),
            ("田中", "tanaka"),
            ("伊藤", "ito"),
            ("渡辺", "watanabe"),
            ("中村", "nakamura"),
            ("小林", "kobayashi"),
            ("加藤", "kato"),
        ],
    ),
    "zh": (
        [
            ("伟", "wei"),
            ("芳", "fang"),
            ("娜", "na"),
            ("敏", "min"),
            ("静", "jing"),
            ("磊", "lei"),
            ("强", "qiang"),
            ("洋", "yang"),
            ("丽", "li"),
            ("军", "jun"),
        ],
        [
            ("王", "wang"),
            ("李", "li"),
            ("张", "zhang"),
            ("刘", "liu"),
            ("陈", "chen"),
            ("杨", "yang"),
            ("赵", "zhao"),
            ("黄", "huang"),
            ("周", "zhou"),
            ("吴", "wu"),
        ],
    ),
}
# English-speaking names come from words.py; a few carry accents all the same.
ENGLISH_ACCENTED_FIRST = [
    ("Zoë", "zoe"),
    ("Renée", "renee"),
    ("Chloé", "chloe"),
    ("André", "andre"),
    ("Noémi", "noemi"),
]

SENTENCES: dict[str, list[str]] = {
    "en": [
        "Thanks for the call earlier today, it was great to hear how the rollout is going.",
        "Could you send over the updated proposal with the revised seat count?",
        "We would like to move forward with the annual plan for the whole team.",
        "I’ve attached the signed order form – let me know if anything is missing.",
        "Our procurement team needs the security questionnaire back by Friday.",
        "The pricing looks reasonable, but we need approval from finance first.",
        "Can we push our check-in to next Tuesday at 3 pm?",
        "Legal came back with a few redlines on section 7 of the MSA.",
        "The trial went well: 42 active users in the first week.",
        "Please find the invoice for €1,250 attached; payment terms are 30 days.",
        "We are also evaluating two other vendors, so timing matters.",
        "Happy to set up a short demo for the operations team.",
        "Just following up on my last email — any news on the budget?",
        "Our fiscal year ends in March, so we’d like to sign before then.",
    ],
    "de": [
        "Vielen Dank für das Gespräch heute, es war sehr hilfreich.",
        "Könnten Sie uns das aktualisierte Angebot bis Donnerstag schicken?",
        "Die Rechnung über 1.250 € ist beigefügt; das Zahlungsziel beträgt 30 Tage.",
        "Wir möchten gerne mit dem Pilotprojekt im Januar starten.",
        "Bitte prüfen Sie den Vertragsentwurf bis Freitag.",
        "Unsere Einkaufsabteilung benötigt noch den Sicherheitsfragebogen.",
        "Können wir den Termin auf nächste Woche verschieben?",
        "Die Geschäftsführung hat das Budget für das nächste Quartal freigegeben.",
        "Die Testphase lief gut: 38 aktive Nutzer in der ersten Woche.",
        "Ich melde mich, sobald ich Rückmeldung von der Rechtsabteilung habe.",
    ],
    "fr": [
        "Merci pour l'échange de ce matin, c'était très utile.",
        "Pourriez-vous nous envoyer le devis mis à jour avant jeudi ?",
        "Nous souhaitons démarrer le pilote dès la semaine prochaine.",
        "Vous trouverez ci-joint la facture de 980 € ; le règlement est à 30 jours.",
        "Le comité de direction a validé le budget pour l'année prochaine.",
        "Notre service juridique a quelques remarques sur l'article 7 du contrat.",
        "Pouvons-nous décaler le point de suivi à mardi prochain ?",
        "L'essai s'est très bien passé : 35 utilisateurs actifs la première semaine.",
        "Je reviens vers vous dès que j'ai un retour de la direction financière.",
        "Est-il possible d'obtenir une remise pour un engagement de deux ans ?",
    ],
    "es": [
        "Gracias por la reunión de esta mañana, fue muy útil.",
        "¿Podría enviarnos la propuesta actualizada antes del jueves?",
        "Adjunto la factura de 1.100 €; el plazo de pago es de 30 días.",
        "Nos gustaría empezar el piloto a principios de enero.",
        "El equipo de compras revisará el contrato esta semana.",
        "¿Podemos mover la llamada al próximo martes por la mañana?",
        "La dirección aprobó el presupuesto para el año que viene.",
        "La prueba salió muy bien: 40 usuarios activos en la primera semana.",
        "Le escribo en cuanto tenga noticias del departamento jurídico.",
        "¿Sería posible un descuento por un compromiso de dos años?",
    ],
    "ru": [
        "Спасибо за встречу сегодня, было очень полезно.",
        "Не могли бы вы прислать обновлённое коммерческое предложение до четверга?",
        "Счёт на 95 000 рублей во вложении, срок оплаты — 30 дней.",
        "Мы хотели бы начать пилотный проект в следующем месяце.",
        "Юристы проверят договор до пятницы.",
        "Можем ли мы перенести звонок на следующий вторник?",
        "Руководство утвердило бюджет на следующий квартал.",
        "Тестовый период прошёл хорошо: 37 активных пользователей за первую неделю.",
        "Я вернусь к вам, как только получу ответ от финансового отдела.",
        "Возможна ли скидка при заключении договора на два года?",
    ],
    "ja": [
        "本日はお打ち合わせいただき、誠にありがとうございました。",
        "更新された見積書を木曜日までにお送りいただけますでしょうか。",
        "請求書を添付いたしますので、ご確認のほどお願いいたします。",
        "来月から試験導入を始めたいと考えております。",
        "契約書の草案を金曜日までに確認いたします。",
        "次回の打ち合わせを来週火曜日に変更できますでしょうか。",
        "経営会議で来期の予算が承認されました。",
        "試用期間は順調で、初週の利用者は四十名でした。",
        "法務部から回答があり次第、ご連絡いたします。",
        "二年契約の場合、割引は可能でしょうか。",
    ],
    "zh": [
        "感谢您今天抽出时间参加会议，收获很大。",
        "能否在周四之前发送更新后的报价单？",
        "附件是发票，请查收，付款期限为三十天。",
        "我们希望下个月开始试点项目。",
        "法务部门将在周五前审核合同。",
        "我们可以把电话会议改到下周二吗？",
        "管理层已经批准了下个季度的预算。",
        "试用期进展顺利，第一周有三十八位活跃用户。",
        "收到财务部门的答复后我会尽快联系您。",
        "如果签两年合同，是否可以给一些折扣？",
    ],
}

# {product}, {company}, {us}; the generator appends a unique reference to every thread's subject.
SUBJECTS: dict[str, list[str]] = {
    "en": [
        "Proposal for {product}",
        "Next steps on {product}",
        "Quick question about pricing",
        "Meeting notes",
        "Contract draft for review",
        "Intro: {us} <> {company}",
        "Invoice for {product}",
        "Security questionnaire",
        "Trial access for your team",
        "Renewal of your {product}",
        "Follow-up from today’s demo",
    ],
    "de": [
        "Angebot für {product}",
        "Rückfragen zum Vertrag",
        "Rechnung für {product}",
        "Termin nächste Woche",
        "Nächste Schritte – {company}",
    ],
    "fr": [
        "Proposition pour {product}",
        "Questions sur le contrat",
        "Facture – {product}",
        "Réunion de suivi",
        "Prochaines étapes – {company}",
    ],
    "es": [
        "Propuesta para {product}",
        "Dudas sobre el contrato",
        "Factura de {product}",
        "Reunión de seguimiento",
        "Próximos pasos – {company}",
    ],
    "ru": [
        "Коммерческое предложение: {product}",
        "Вопросы по договору",
        "Счёт за {product}",
        "Встреча на следующей неделе",
        "Следующие шаги",
    ],
    "ja": [
        "お見積りのご送付（{product}）",
        "契約書についてのご質問",
        "請求書送付のご案内",
        "次回お打ち合わせの件",
        "試験導入について",
    ],
    "zh": ["关于{product}的报价", "合同相关问题", "发票（{product}）", "下周会议安排", "试点项目下一步"],
}
REPLY_PREFIX = {"en": "Re: ", "de": "AW: ", "fr": "RE: ", "es": "RE: ", "ru": "Re: ", "ja": "Re: ", "zh": "回复："}
FORWARD_PREFIX = {"en": "Fwd: ", "de": "WG: ", "fr": "TR: ", "es": "RV: ", "ru": "Fwd: ", "ja": "Fw: ", "zh": "转发："}

GREETINGS = {
    "en": "Hi {first},",
    "de": "Hallo {first},",
    "fr": "Bonjour {first},",
    "es": "Hola {first}:",
    "ru": "Здравствуйте, {first}!",
    "ja": "{last}様",
    "zh": "{last}{first}您好：",
}
CLOSINGS = {
    "en": "Best,",
    "de": "Viele Grüße",
    "fr": "Cordialement,",
    "es": "Saludos,",
    "ru": "С уважением,",
    "ja": "よろしくお願いいたします。",
    "zh": "此致敬礼",
}
# The line above a quoted reply; {date}, {name}, {address}. English most of the time, as most clients send it.
ATTRIBUTIONS = {
    "en": "On {date}, {name} <{address}> wrote:",
    "de": "Am {date} schrieb {name} <{address}>:",
    "fr": "Le {date}, {name} <{address}> a écrit :",
    "es": "El {date}, {name} <{address}> escribió:",
    "ru": "{date}, {name} <{address}> пишет:",
    "ja": "{date} {name} <{address}>:",
    "zh": "在 {date}，{name} <{address}> 写道：",
}
ATTACHMENT_NAMES = {
    "en": [
        "Proposal_{company}.pdf",
        "Order form.pdf",
        "Pricing {year}.xlsx",
        "Contract_v{n}.docx",
        "Screenshot {year}-11-{day} at 10.32.11.png",
        "IMG_{n}.jpg",
    ],
    "de": ["Angebot_{company}.pdf", "Rechnung Nr. {n}.pdf", "Vertragsentwurf_v{n}.docx", "Preisübersicht.xlsx"],
    "fr": ["Devis_{company}.pdf", "Facture n°{n}.pdf", "Contrat_révisé_v{n}.docx", "Capture d’écran.png"],
    "es": ["Propuesta_{company}.pdf", "Factura nº {n}.pdf", "Contrato_revisión_{n}.docx", "Foto_{n}.jpg"],
    "ru": ["Счёт_{n}.pdf", "Договор_v{n}.docx", "Коммерческое предложение.pdf", "Скриншот.png"],
    "ja": ["見積書_{n}.pdf", "契約書（案）.docx", "請求書.pdf", "画面写真.png"],
    "zh": ["报价单_{n}.pdf", "合同草案.docx", "发票.pdf", "截图.png"],
}
TITLES = ["Account Executive", "Head of Operations", "Procurement Manager", "CTO", "Finance Director",
          "Customer Success Manager", "VP of Sales", "Office Manager", "Founder", "IT Director"]  # fmt: skip
MAILERS = [
    "Microsoft Outlook 16.0",
    "Apple Mail (2.3774.500.171.1.1)",
    "Mozilla Thunderbird 128.5.0",
    "Roundcube Webmail/1.6.9",
    "Evolution 3.52.4",
]
# Sender offsets by language, for Date headers.
ZONES = {"en": [-5, -8, 0, 1], "de": [1], "fr": [1], "es": [1], "ru": [3], "ja": [9], "zh": [8]}
