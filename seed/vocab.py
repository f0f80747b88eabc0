"""Word lists and sector templates for the synthetic region. Data only, no logic."""

FIRST_NAMES = [
    "Sanne",
    "Daan",
    "Lotte",
    "Sem",
    "Emma",
    "Noah",
    "Julia",
    "Lucas",
    "Tess",
    "Milan",
    "Sophie",
    "Levi",
    "Fleur",
    "Finn",
    "Anna",
    "Bram",
    "Lisa",
    "Jesse",
    "Noor",
    "Thijs",
    "Evi",
    "Ruben",
    "Yara",
    "Luuk",
    "Mila",
    "Stijn",
    "Iris",
    "Mohamed",
    "Fatima",
    "Youssef",
    "Amira",
    "Ayoub",
    "Salma",
    "Bilal",
    "Sara",
    "Kevin",
    "Priya",
    "Rohan",
    "Chantal",
    "Dylan",
    "Nina",
    "Tim",
    "Anouk",
    "Jayden",
    "Demi",
    "Koen",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "El Amrani",
    "Yilmaz",
    "Ramdin",
    "Kaya",
    "Bouzid",
    "Sewnath",
    "van Dijk",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Willems",
    "Hoekstra",
]

# PC4 ranges → municipality, for the Haaglanden labour-market region around Delft.
HAAGLANDEN = (
    ("Delft", 2611, 2629, 18),
    ("'s-Gravenhage", 2491, 2599, 40),
    ("Rijswijk", 2280, 2289, 7),
    ("Leidschendam-Voorburg", 2261, 2275, 7),
    ("Zoetermeer", 2711, 2729, 10),
    ("Pijnacker-Nootdorp", 2631, 2647, 5),
    ("Westland", 2671, 2695, 9),
    ("Wassenaar", 2241, 2245, 2),
    ("Midden-Delfland", 2635, 2636, 2),
)

INTERESTS = (
    "groen",
    "dieren",
    "koken",
    "techniek",
    "schoonmaak",
    "logistiek",
    "administratie",
    "zorg",
    "winkel",
    "fietsen",
    "auto's",
    "computers",
    "bouw",
    "muziek",
    "sport",
    "kinderen",
    "inpakken",
    "sorteren",
    "tuinieren",
    "bakken",
)
COMPETENCES = (
    "op tijd komen",
    "afspraken nakomen",
    "hulp vragen",
    "netjes werken",
    "doorzetten",
    "samenwerken",
    "zelfstandig werken",
    "problemen melden",
)
CERTIFICATES = ("VCA", "HACCP", "heftruck", "BHV", "SVH sociale hygiëne", "reachtruck")

# sector: (sbi_code, [(title, description, environment, tasks)], interest words)
# environment: stimulus, structure, supervision, time pressure, customer contact, physical.
# task: (name, hours share, stimulus, structure, physical, skill, certificate)
SECTORS: dict[str, dict] = {
    "groenvoorziening": {
        "sbi": "8130",
        "jobs": [
            (
                "Medewerker groenonderhoud",
                "Plantsoenen en tuinen bijhouden in een vaste ploeg.",
                (2, 4, 4, 2, 1, 4),
                [
                    ("Blad ruimen", 0.3, 1, 5, 3, 1, None),
                    ("Schoffelen en wieden", 0.4, 1, 4, 3, 1, None),
                    ("Snoeien onder begeleiding", 0.3, 2, 3, 4, 3, "VCA"),
                ],
            ),
            (
                "Hulp hovenier",
                "Tuinen aanleggen en onderhouden bij particulieren.",
                (2, 3, 3, 3, 2, 4),
                [
                    ("Bestrating leggen", 0.4, 2, 3, 5, 3, None),
                    ("Planten zetten", 0.3, 1, 3, 3, 2, None),
                    ("Materiaal laden", 0.3, 2, 4, 4, 1, None),
                ],
            ),
        ],
    },
    "horeca": {
        "sbi": "5610",
        "jobs": [
            (
                "Afwasser",
                "Afwas en keukenhulp in een restaurant.",
                (4, 4, 3, 4, 1, 3),
                [
                    ("Afwassen", 0.6, 4, 5, 3, 1, None),
                    ("Groente snijden", 0.4, 3, 4, 2, 2, "HACCP"),
                ],
            ),
            (
                "Medewerker lunchroom",
                "Broodjes maken en gasten helpen.",
                (4, 3, 3, 3, 4, 2),
                [
                    ("Broodjes beleggen", 0.5, 3, 4, 2, 2, "HACCP"),
                    ("Tafels afruimen", 0.3, 4, 4, 2, 1, None),
                    ("Kassa", 0.2, 4, 3, 1, 3, None),
                ],
            ),
        ],
    },
    "logistiek": {
        "sbi": "5210",
        "jobs": [
            (
                "Orderpicker",
                "Orders verzamelen in een distributiecentrum.",
                (4, 5, 2, 5, 1, 4),
                [("Orderpicken", 0.7, 4, 5, 4, 1, None), ("Inpakken", 0.3, 3, 5, 2, 1, None)],
            ),
            (
                "Medewerker inpak",
                "Producten inpakken en labelen op een vaste plek.",
                (3, 5, 3, 3, 1, 2),
                [
                    ("Inpakken", 0.6, 3, 5, 2, 1, None),
                    ("Labelen en sorteren", 0.4, 2, 5, 1, 1, None),
                ],
            ),
        ],
    },
    "zorg": {
        "sbi": "8710",
        "jobs": [
            (
                "Gastvrouw/-heer verpleeghuis",
                "Koffie rondbrengen en bewoners gezelschap houden.",
                (3, 4, 4, 2, 4, 2),
                [
                    ("Koffie en thee rondbrengen", 0.5, 3, 5, 2, 1, None),
                    ("Tafels dekken", 0.3, 2, 5, 1, 1, None),
                    ("Wandelen met bewoners", 0.2, 2, 3, 2, 2, None),
                ],
            ),
            (
                "Facilitair medewerker zorg",
                "Linnen, bedden en voorraad bijhouden.",
                (2, 4, 3, 2, 2, 3),
                [
                    ("Linnen sorteren", 0.4, 1, 5, 2, 1, None),
                    ("Voorraad aanvullen", 0.6, 2, 4, 3, 2, None),
                ],
            ),
        ],
    },
    "detailhandel": {
        "sbi": "4711",
        "jobs": [
            (
                "Vakkenvuller",
                "Schappen vullen en spiegelen in de supermarkt.",
                (3, 4, 3, 3, 3, 3),
                [
                    ("Vakken vullen", 0.7, 3, 4, 3, 1, None),
                    ("Statiegeld verwerken", 0.3, 2, 5, 2, 1, None),
                ],
            ),
            (
                "Medewerker webwinkel",
                "Bestellingen klaarzetten en retouren verwerken.",
                (2, 4, 3, 3, 1, 2),
                [
                    ("Bestellingen klaarzetten", 0.6, 2, 4, 2, 2, None),
                    ("Retouren controleren", 0.4, 1, 4, 1, 3, None),
                ],
            ),
        ],
    },
    "schoonmaak": {
        "sbi": "8121",
        "jobs": [
            (
                "Schoonmaker kantoren",
                "Kantoren schoonmaken buiten kantoortijd.",
                (1, 5, 2, 3, 1, 3),
                [
                    ("Stofzuigen en dweilen", 0.6, 1, 5, 3, 1, None),
                    ("Sanitair reinigen", 0.4, 1, 5, 3, 1, None),
                ],
            ),
        ],
    },
    "productie": {
        "sbi": "2562",
        "jobs": [
            (
                "Productiemedewerker",
                "Werken aan een productielijn met een vaste norm.",
                (5, 4, 2, 5, 1, 4),
                [
                    ("Machine bijvullen", 0.5, 5, 5, 3, 2, None),
                    ("Eindcontrole", 0.5, 4, 4, 2, 2, None),
                ],
            ),
            (
                "Assemblagemedewerker",
                "Kleine onderdelen monteren in een rustige hal.",
                (2, 5, 4, 3, 1, 2),
                [
                    ("Monteren", 0.7, 2, 5, 2, 2, None),
                    ("Tellen en verpakken", 0.3, 1, 5, 1, 1, None),
                ],
            ),
            (
                "Monteur in opleiding",
                "Machines onderhouden en storingen zoeken.",
                (3, 2, 3, 3, 1, 3),
                [
                    ("Onderhoud machines", 0.5, 3, 2, 3, 4, "VCA"),
                    ("Storingen zoeken", 0.5, 3, 1, 2, 5, None),
                ],
            ),
        ],
    },
    "facilitair": {
        "sbi": "8110",
        "jobs": [
            (
                "Facilitair medewerker",
                "Post rondbrengen, vergaderzalen klaarzetten, papier bijvullen.",
                (2, 4, 3, 2, 2, 2),
                [
                    ("Postronde", 0.4, 2, 5, 2, 1, None),
                    ("Vergaderzalen klaarzetten", 0.3, 2, 4, 2, 2, None),
                    ("Printers bijvullen", 0.3, 1, 5, 1, 1, None),
                ],
            ),
        ],
    },
    "dierenverzorging": {
        "sbi": "9609",
        "jobs": [
            (
                "Hulp dierenverzorger",
                "Hokken schoonmaken en dieren voeren in een dierenasiel.",
                (2, 4, 3, 2, 2, 3),
                [
                    ("Hokken schoonmaken", 0.5, 2, 5, 3, 1, None),
                    ("Dieren voeren", 0.3, 2, 5, 2, 1, None),
                    ("Honden uitlaten", 0.2, 2, 4, 3, 2, None),
                ],
            ),
        ],
    },
    "kantoor": {
        "sbi": "8211",
        "jobs": [
            (
                "Administratief medewerker",
                "Scannen, archiveren en gegevens invoeren.",
                (2, 4, 3, 2, 1, 1),
                [
                    ("Scannen en archiveren", 0.5, 1, 5, 1, 2, None),
                    ("Gegevens invoeren", 0.5, 2, 4, 1, 3, None),
                ],
            ),
            (
                "Medewerker ICT-support",
                "Laptops klaarmaken en collega's helpen met computers.",
                (3, 2, 2, 3, 3, 1),
                [
                    ("Laptops installeren", 0.5, 2, 3, 1, 4, None),
                    ("Helpdesk", 0.5, 4, 2, 1, 4, None),
                ],
            ),
        ],
    },
    "bouw": {
        "sbi": "4120",
        "jobs": [
            (
                "Bouwplaatsassistent",
                "Bouwplaats opruimen en materiaal klaarzetten.",
                (4, 3, 3, 3, 1, 5),
                [
                    ("Opruimen", 0.5, 4, 4, 4, 1, "VCA"),
                    ("Materiaal sjouwen", 0.5, 4, 4, 5, 1, "VCA"),
                ],
            ),
        ],
    },
}

EMPLOYER_WORDS = {
    "groenvoorziening": ("Hoveniersbedrijf", "Groenservice", "Tuinen"),
    "horeca": ("Restaurant", "Lunchroom", "Eetcafé"),
    "logistiek": ("Distributiecentrum", "Logistiek", "Transport"),
    "zorg": ("Zorgcentrum", "Woonzorg", "Verpleeghuis"),
    "detailhandel": ("Supermarkt", "Webwinkel", "Bouwmarkt"),
    "schoonmaak": ("Schoonmaakbedrijf", "Cleaning", "Glazenwasserij"),
    "productie": ("Metaalbewerking", "Verpakkingsindustrie", "Techniek"),
    "facilitair": ("Facilitair Bedrijf", "Gemeentehuis", "Hogeschool"),
    "dierenverzorging": ("Dierenasiel", "Kinderboerderij", "Dierenpension"),
    "kantoor": ("Administratiekantoor", "Verzekeraar", "Woningcorporatie"),
    "bouw": ("Bouwbedrijf", "Aannemer", "Installatiebedrijf"),
}
PLACE_NAMES = (
    "De Linde",
    "Het Hof",
    "Westhaven",
    "De Zuid",
    "Vliet",
    "Oranje",
    "De Kade",
    "Hofstad",
    "Prinsenhof",
    "Groenewoud",
    "Schie",
    "Duin",
    "Zeeweg",
    "Molen",
)
SENSITIVE_DIAGNOSES = ("LVB", "ASS", "ADHD", "angststoornis", "epilepsie", "NAH", "depressie")
