"""Word lists for the benchmark data generator: built in, so the generator needs no extra package."""

FIRST_NAMES = """
Aaliyah Aaron Abigail Adam Adrian Aisha Alan Albert Alejandro Alex Alexandra Alice Alicia Alina Amanda
Amara Amelia Amir Ana Andre Andrea Andrew Angela Anika Anna Anthony Antonio Arjun Aryan Ashley Astrid
Ava Ayumi Beatriz Ben Benjamin Bianca Brandon Brian Bruno Caleb Camila Carla Carlos Caroline Catherine
Charles Charlotte Chen Chloe Chris Christian Claire Clara Daniel Daniela David Deepak Diana Diego Dmitri
Dylan Elena Eli Elif Elijah Elizabeth Ella Emily Emma Eric Erik Ethan Eva Fatima Felix Fernando Fiona
Francesca Gabriel Grace Hana Hannah Harper Hassan Henry Hiroshi Hugo Ian Ines Isaac Isabella Ivan Jack
Jacob James Jamal Jasmine Javier Jennifer Jessica Jin Joao John Jonas Jordan Jose Joseph Joshua Julia
Julian Kai Karen Karim Kate Kenji Kevin Kim Kofi Laila Lars Laura Lauren Leah Leila Leo Liam Lily Linda
Lucas Lucia Luis Luka Maria Marco Mariam Mark Marta Mateo Matthew Maya Mei Mia Michael Miguel Mila
Mohammed Nadia Naomi Natalia Nathan Nia Nicholas Nikhil Nina Noah Nora Olivia Omar Oscar Paul Pedro
Priya Rafael Rahul Raj Rebecca Ricardo Robert Rosa Ryan Sakura Samuel Sara Sebastian Sofia Sophie
Stefan Susan Taylor Thomas Tobias Tom Valentina Victor Victoria William Yara Yusuf Zara Zoe
""".split()

LAST_NAMES = """
Abbott Adams Ahmed Alvarez Andersen Anderson Bailey Baker Banerjee Barnes Becker Bell Bennett Berg
Bianchi Brooks Brown Bruno Campbell Carter Castillo Chang Chen Clark Cohen Collins Cook Cooper Costa
Cruz Das Davies Davis Diaz Dubois Edwards Evans Fernandez Fischer Fisher Flores Foster Fournier Garcia
Gomez Gonzalez Gray Green Gupta Hall Hansen Harris Hassan Hayes Hernandez Hill Hoffmann Howard Hughes
Ibrahim Ito Jackson Jansen Jensen Johansson Johnson Jones Kaur Keller Kelly Khan Kim King Klein Kowalski
Kumar Larsen Lee Lewis Li Lin Lopez Martin Martinez Meyer Miller Mitchell Moore Morales Moreau Morgan
Morris Muller Murphy Nakamura Nelson Nguyen Nielsen Novak Okafor Oliveira Olsen Ortiz Park Patel Perez
Peters Petrov Phillips Popescu Price Ramirez Reddy Reed Reyes Richter Rivera Roberts Robinson Rodriguez
Rogers Romano Rossi Russell Saito Sanchez Santos Schmidt Schneider Scott Shah Silva Singh Smith Sokolov
Stewart Suzuki Tanaka Taylor Thomas Thompson Torres Turner Vargas Wagner Walker Wang Ward Watanabe
Watson Weber White Williams Wilson Wong Wood Wright Wu Yamamoto Yang Young Zhang Zhou Zimmermann
""".split()

COMPANY_WORDS_A = """
Acme Alpine Amber Apex Arbor Atlas Aurora Azure Beacon Birch Blue Bold Bright Brook Cascade Cedar
Cobalt Copper Coral Crest Crystal Cypress Delta Eagle Echo Ember Evergreen Falcon Fern Firefly Forge
Fox Frontier Galaxy Garnet Glacier Golden Granite Green Harbor Hawk Helix Horizon Indigo Iron Ivory
Jade Juniper Keystone Kinetic Lakeside Lantern Laurel Legacy Lighthouse Lunar Maple Marble Meadow
Meridian Metro Mint Monarch Nimbus Noble North Nova Oak Ocean Olive Onyx Orbit Orchid Pacific Peak
Pearl Pine Pioneer Pixel Polar Prairie Prime Quantum Quartz Radiant Raven Redwood Ridge River Rocket
Ruby Sage Sapphire Sierra Silver Solar Sparrow Spruce Starlight Sterling Stone Summit Sun Swift
Terra Thunder Tidal Titan Trail True Twin Union Unity Valley Vector Velvet Vertex Vista Wave Willow
Zenith Zephyr
""".split()

COMPANY_WORDS_B = """
Analytics Apparel Bank Bio Brands Capital Cloud Collective Commerce Consulting Dynamics Energy
Engineering Foods Freight Health Holdings Hospitality Industries Insurance Interactive Labs Learning
Logistics Manufacturing Media Medical Networks Partners Pharma Power Realty Retail Robotics Security
Software Solutions Studios Systems Technologies Telecom Therapeutics Travel Ventures Works
""".split()

COMPANY_SUFFIXES = ["", "", "", "", "Inc", "LLC", "Ltd", "GmbH", "Group", "Co"]
TLDS = ["com", "com", "com", "io", "co", "net", "ai", "de", "co.uk", "fr"]
INDUSTRIES = """
Software|Financial Services|Healthcare|Retail|Manufacturing|Logistics|Education|Media|Real Estate|
Energy|Telecommunications|Hospitality|Biotechnology|Insurance|Consulting|Automotive|Food & Beverage|
Construction|Government|Non-profit
""".replace("\n", "").split("|")

JOB_TITLES = """
CEO|CTO|CFO|COO|VP of Sales|VP of Marketing|VP of Engineering|Head of Operations|Head of Procurement|
Director of IT|Director of Finance|Sales Manager|Account Executive|Marketing Manager|Product Manager|
Engineering Manager|Software Engineer|Data Analyst|Operations Manager|Procurement Specialist|
Customer Success Manager|Office Manager|HR Director|Founder|Co-founder|Partner|Consultant|
Business Development Manager|Chief Revenue Officer|Head of Growth
""".replace("\n", "").split("|")

PERSONAL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "proton.me", "icloud.com", "hotmail.com"]

PRODUCTS = [
    "Platform license",
    "Enterprise plan",
    "Team plan",
    "Annual renewal",
    "Expansion",
    "Pilot",
    "Professional services",
    "Support upgrade",
    "Data migration",
    "Onboarding package",
    "API add-on",
    "Security add-on",
    "Multi-year agreement",
    "Training",
    "Integration project",
]

NOTE_SENTENCES = [
    "Had a good call about their rollout timeline.",
    "They are comparing us with two other vendors.",
    "Budget is approved for next quarter.",
    "Asked for a security questionnaire and our SOC 2 report.",
    "Champion is moving to another team; need a new sponsor.",
    "Procurement wants a 12-month term instead of 24.",
    "Demo went well, the ops team liked the reporting.",
    "Legal is reviewing the MSA, expect redlines next week.",
    "Pricing feels high for their seat count; consider a discount.",
    "Wants an integration with their data warehouse.",
    "Introduced us to the head of finance.",
    "Follow-up meeting booked for Thursday.",
    "They churned from a competitor last year because of support.",
    "Need references from customers in the same industry.",
    "Trial usage is strong: 40 active users in the first week.",
    "Sent the proposal and a short ROI summary.",
]

TASKS = [
    "Send the proposal",
    "Follow up on pricing",
    "Book a demo with the team",
    "Share case studies",
    "Prepare the renewal quote",
    "Call about the security review",
    "Send contract for signature",
    "Check in after the trial",
    "Schedule an onboarding kickoff",
    "Confirm the decision date",
]

EMAIL_SUBJECTS = [
    "Re: Proposal",
    "Next steps",
    "Quick question about pricing",
    "Meeting notes",
    "Re: Contract draft",
    "Intro",
    "Following up",
    "Re: Security questionnaire",
    "Invoice",
    "Re: Trial access",
]

DEAL_ROLES = ["Decision maker", "Champion", "Economic buyer", "Technical evaluator", "Influencer", None]
