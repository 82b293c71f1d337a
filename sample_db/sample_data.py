"""The sample catalogue's content, curated by hand from the seed texts (`../shared/seeds/`).

Every entry cites the seed file and the passage it comes from. The seeds are:
- 000 — CISAM's article « CISAM: one of the 25 places of Innovation in France » (English, autumn 2022);
- 001 — the Innov Provence roadmap, part 5 « Repères pour une action partagée… » (French);
- 002 — press release on the 12/14 at the Technopôle de Château-Gombert (French, « mardi 8 juillet »);
- 003 — press article on the 4th « Smart City Marseille » forum and the Cité de l'innovation (French);
- 004 — article « The European Innovation Capital » (English, April 2023).

Rules followed: a field the text does not state is None (or an empty list), never guessed. Where a value is
derived rather than read (an action code, an accelerator's stage), a comment says how. The seeds give no
e-mail, telephone number or web address for any structure or offer, so every contact field is None and every
offer is flagged incomplete: that is what the texts support.

Dates. The roadmap seed gives no adoption date. It was written after the 2021 co-construction workshops and
before the summer of 2022 (« L'outil sera disponible … à l'été 2022 », future tense), so every action takes
ROADMAP_ADOPTED = 2022-03-24 (a documented choice, not a fact of the text). Review dates are chosen so that,
as of REVIEW_AS_OF (2026-11-21), the review queue shows every kind of flag with DESIGN.md's default
thresholds, and plenty of entries show none; each choice is noted beside the entry. No review date is later
than the build clock of build.py (2026-11-02).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, TypedDict

REVIEW_AS_OF: Final = dt.date(2026, 11, 21)
ROADMAP_ADOPTED: Final = "2022-03-24"


class StructureData(TypedDict):
    name: str
    kind: str
    site: str | None
    website: str | None
    contact: str | None


class OfferData(TypedDict):
    title: str
    structure: str
    need: str
    stages: list[str]
    sectors: list[str]
    site: str | None
    description: str | None
    email: str | None
    phone: str | None
    url: str | None
    status: str
    partner_ref: str | None
    reviewed: str


class ActionData(TypedDict):
    code: str
    orientation: str | None
    axis: str | None
    title: str
    description: str | None
    carrier_type: str | None
    carriers: list[str]
    term: str | None
    status: str | None
    indicators: str | None
    adopted: str
    reviewed: str


# --- Reference lists -------------------------------------------------------------------------------------

SECTORS: Final[tuple[str, ...]] = (
    # 001 « technologies pour la santé », « Healthtech », « biotechs et healthtech pour Luminy »;
    # 002 « la filière santé (medtech, e-santé…) ».
    "Santé",
    # 001 « Industries culturelles et créatives », « ICC »; 003 « les industries créatives ».
    "ICC",
    # 001 « environnement et cleantech pour l'Arbois », « Cleantech », « économies verte… »;
    # 002 « du secteur de l'environnement (solaire…) ».
    "Cleantech / environnement",
    # 002 « technologies du numérique (cybersécurité, IA, data, logiciels…) »; 001 « entreprises du digital »;
    # 003 « l'économie numérique sur le territoire ».
    "Numérique",
    # 003 « des filières d'excellence comme la mer »; 001 « économies verte et bleue ».
    "Mer",
    # 001 « activités industrielles (équipements, prototypage thématique, fabrication/expérimentation) »;
    # 002 « entreprises industrielles dans les secteurs de la microélectronique, la mécanique-énergétique ou
    # l'optique ».
    "Industrie",
    # 003 « filières d'excellence comme la mer, les industries créatives et l'aménagement urbain ».
    "Aménagement urbain",
)

SITES: Final[tuple[str, ...]] = (
    # 001 « environnement et cleantech pour l'Arbois »; 002 « Technopôle de l'Arbois », on Aix-en-Provence.
    "Technopôle de l'Arbois",
    # 001 « biotechs et healthtech pour Luminy »; 003 « le Grand Luminy à Marseille ».
    "Technopôle de Luminy",
    # 002 « Technopôle de Château-Gombert, adossé au Campus de Saint-Jérôme ».
    "Technopôle de Château-Gombert",
    # 003 « la Cité de l'innovation Aix-Marseille … au cœur d'Euroméditerranée, dans l'édifice Le Castel ».
    "CISAM",
    # 003 « Le pôle média de la Belle de Mai ».
    "Belle de Mai",
    # 000 « Le Cloître … located in a former convent in the Saint-Jérôme district »; 002 « Campus de
    # Saint-Jérôme ».
    "Saint-Jérôme",
    # 000 « La Coque … located in the Joliette district ».
    "La Joliette",
)


# --- Structures ------------------------------------------------------------------------------------------
# `kind` is a short French classification read from how the seed presents the structure; no seed states a
# website or a contact, so those are None throughout.

METROPOLE: Final = "Métropole Aix-Marseille-Provence"

STRUCTURES: Final[tuple[StructureData, ...]] = (
    # 001 « Action engagée par la Métropole »; 000 « the Aix-Marseille-Provence Metropolis »; 002 « piloté par
    # la Métropole Aix-Marseille-Provence »; 004 « AMP Metropolis », European Capital of Innovation 2022.
    {"name": METROPOLE, "kind": "collectivité", "site": None, "website": None, "contact": None},
    # 001 « Aix-Marseille Université et ses partenaires d'A*MIDEX »; 000 « the largest French-speaking
    # university … more than 80,000 students ». Several campuses: no single site.
    {
        "name": "Aix-Marseille Université",
        "kind": "université",
        "site": None,
        "website": None,
        "contact": None,
    },
    # 001 « ses partenaires de la fondation A*MIDEX ».
    {"name": "A*MIDEX", "kind": "fondation", "site": None, "website": None, "contact": None},
    # 001 « portée par Aix Marseille French Tech », « #AMFT »; 000 « the Aix-Marseille French Tech cluster is
    # the second largest in France … 800 start-ups ».
    {"name": "Aix Marseille French Tech", "kind": "réseau", "site": None, "website": None, "contact": None},
    # 002 « la pépinière Marseille Innovation » (in the Château-Gombert paragraph: « Le tout avec l'appui des
    # acteurs de l'innovation que sont … »); 001 « Prêt d'honneur à l'innovation par MI ».
    {
        "name": "Marseille Innovation",
        "kind": "pépinière",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    # 002 « l'incubateur Impulse », same Château-Gombert paragraph.
    {
        "name": "Impulse",
        "kind": "incubateur",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    # 001 « Action engagée, portée par Medinsoft : le Financial Innovation Day Méditerranée (FIDMED) … pour
    # les entreprises du digital ». The seed does not say what Medinsoft is; « réseau » is read from its
    # role (it gathers digital businesses around an event).
    {"name": "Medinsoft", "kind": "réseau", "site": None, "website": None, "contact": None},
    # 000 « The City of innovation and knowledge Aix-Marseille (CISAM) … created in 2018 »; 001 « La CISAM,
    # hub au service de l'innovation territoriale … Lieu totem, complémentaire des technopôles »; 003 « la
    # Cité de l'innovation Aix-Marseille … dans l'édifice Le Castel ».
    {"name": "CISAM", "kind": "lieu d'innovation", "site": "CISAM", "website": None, "contact": None},
    # 001 « La Métropole a développé sur son territoire 3 technopôles … environnement et cleantech pour
    # l'Arbois, biotechs et healthtech pour Luminy, sciences de l'ingénieur pour Château Gombert »; 002.
    {
        "name": "Technopôle de l'Arbois",
        "kind": "technopôle",
        "site": "Technopôle de l'Arbois",
        "website": None,
        "contact": None,
    },
    {
        "name": "Technopôle de Luminy",
        "kind": "technopôle",
        "site": "Technopôle de Luminy",
        "website": None,
        "contact": None,
    },
    {
        "name": "Technopôle de Château-Gombert",
        "kind": "technopôle",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    # 001 « la présentation de la feuille de route aux partenaires du Club Innov Provence ».
    {"name": "Club Innov Provence", "kind": "réseau", "site": None, "website": None, "contact": None},
    # 001 « le groupe de travail « Banques Innov » qui a pour objectif d'acculturer les acteurs financiers
    # aux métiers de la tech ».
    {"name": "Banques Innov", "kind": "groupe de travail", "site": None, "website": None, "contact": None},
    # 001, members of « Banques Innov »: « Banque de France, CEPAC, Crédit Agricole Alpes Provence, CIC, BNP
    # Paribas, Banque Populaire Méditerranée ».
    {"name": "Banque de France", "kind": "banque", "site": None, "website": None, "contact": None},
    {"name": "CEPAC", "kind": "banque", "site": None, "website": None, "contact": None},
    {
        "name": "Crédit Agricole Alpes Provence",
        "kind": "banque",
        "site": None,
        "website": None,
        "contact": None,
    },
    {"name": "CIC", "kind": "banque", "site": None, "website": None, "contact": None},
    {"name": "BNP Paribas", "kind": "banque", "site": None, "website": None, "contact": None},
    {
        "name": "Banque Populaire Méditerranée",
        "kind": "banque",
        "site": None,
        "website": None,
        "contact": None,
    },
    # 000 « two French multinationals: CMA CGM and the L'OCCITANE Group »; 001 « la CMA-CGM et l'Occitane »;
    # 003 « l'accélérateur d'entreprises innovantes de la CMA CGM, celui de l'Occitane ».
    {"name": "CMA CGM", "kind": "entreprise", "site": None, "website": None, "contact": None},
    {"name": "L'Occitane", "kind": "entreprise", "site": None, "website": None, "contact": None},
    # 000 « Le Cloître, innovation and social entrepreneurship cluster located in a former convent in the
    # Saint-Jérôme district ».
    {
        "name": "Le Cloître",
        "kind": "lieu d'innovation",
        "site": "Saint-Jérôme",
        "website": None,
        "contact": None,
    },
    # 000 « La Coque, innovation and digital events center, located in the Joliette district ».
    {
        "name": "La Coque",
        "kind": "lieu d'innovation",
        "site": "La Joliette",
        "website": None,
        "contact": None,
    },
    # 003 « Elle [la Cité de l'innovation] abritera … l'accélérateur M de la Métropole ».
    {"name": "Accélérateur M", "kind": "accélérateur", "site": "CISAM", "website": None, "contact": None},
    # 002 « 2 grandes écoles d'ingénieurs : Centrale Méditerranée et Polytech Marseille » at Château-Gombert.
    # 001 names the same school by its former name « Ecole Centrale Marseille »: one structure.
    {
        "name": "Centrale Méditerranée",
        "kind": "école d'ingénieurs",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    {
        "name": "Polytech Marseille",
        "kind": "école d'ingénieurs",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    # 001 « laboratoires et plateformes technologiques (AMU, CNRS, INSERM, AP-HM, IRD, Ecole Centrale
    # Marseille, Sciences-Po Aix) ».
    {"name": "CNRS", "kind": "organisme de recherche", "site": None, "website": None, "contact": None},
    {"name": "INSERM", "kind": "organisme de recherche", "site": None, "website": None, "contact": None},
    {"name": "AP-HM", "kind": "établissement hospitalier", "site": None, "website": None, "contact": None},
    {"name": "IRD", "kind": "organisme de recherche", "site": None, "website": None, "contact": None},
    {
        "name": "Sciences-Po Aix",
        "kind": "établissement d'enseignement supérieur",
        "site": None,
        "website": None,
        "contact": None,
    },
    # 001 « Créant une filière d'enseignement spécifique dédiée au design, avec l'Ecole Condé ».
    {"name": "École Condé", "kind": "école", "site": None, "website": None, "contact": None},
    # 000 « public forces (Southern Region, Aix-Marseille Provence Metropolis, Bouches-du-Rhône department,
    # Cities of Marseille and Aix-en-Provence, etc.) ».
    {"name": "Région Sud", "kind": "collectivité", "site": None, "website": None, "contact": None},
    {
        "name": "Département des Bouches-du-Rhône",
        "kind": "collectivité",
        "site": None,
        "website": None,
        "contact": None,
    },
    {"name": "Ville de Marseille", "kind": "collectivité", "site": None, "website": None, "contact": None},
    {
        "name": "Ville d'Aix-en-Provence",
        "kind": "collectivité",
        "site": None,
        "website": None,
        "contact": None,
    },
    # 003 « Le pôle média de la Belle de Mai … contribuent au dynamisme du territoire ».
    {
        "name": "Pôle média de la Belle de Mai",
        "kind": "lieu d'innovation",
        "site": "Belle de Mai",
        "website": None,
        "contact": None,
    },
    # 002 « deux entrepreneurs du site, Olivier Detournay, fondateur de Planktovie et Softcell Therapeutics,
    # et Jérôme Mouterde, co-fondateur et dirigeant de Dualsun ».
    {
        "name": "Planktovie",
        "kind": "entreprise",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    {
        "name": "Softcell Therapeutics",
        "kind": "entreprise",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    {
        "name": "Dualsun",
        "kind": "entreprise",
        "site": "Technopôle de Château-Gombert",
        "website": None,
        "contact": None,
    },
    # 000 « This study, conducted by the Banque des Territoires (CDC group), France urbaine, the Patriarche
    # group and the consultant JLM Conseil, lists the places that embody, stimulate, and host innovation ».
    # The study's authors, named beside the ecosystem's actors; kinds as the sentence presents them, and
    # « organisme » where it says nothing (France urbaine).
    {
        "name": "Banque des Territoires",
        "kind": "banque (groupe CDC)",
        "site": None,
        "website": None,
        "contact": None,
    },
    {"name": "France urbaine", "kind": "organisme", "site": None, "website": None, "contact": None},
    {"name": "Groupe Patriarche", "kind": "entreprise", "site": None, "website": None, "contact": None},
    {"name": "JLM Conseil", "kind": "cabinet de conseil", "site": None, "website": None, "contact": None},
    # 003 « La 4e édition du Forum « Smart City Marseille » organisée par La Tribune, la Métropole, la Ville
    # de Marseille en partenariat avec le Département ».
    {
        "name": "La Tribune",
        "kind": "organisateur d'événements",
        "site": None,
        "website": None,
        "contact": None,
    },
    # 004 « This prize, which was created in 2015 by the European Commission, rewards cities or
    # metropolises … » (the European Capital of Innovation award).
    {
        "name": "Commission européenne",
        "kind": "institution européenne",
        "site": None,
        "website": None,
        "contact": None,
    },
)


# --- Offers ----------------------------------------------------------------------------------------------
# Stages are read from what the text says the offer does: « incubation » → création, « accélérateur » →
# croissance, « l'émergence, la création et le développement » → émergence, création, croissance. Where the
# text says nothing of stage or sector, the list is empty. Review dates: before 2025-11-21 → stale on
# 2026-11-21 (more than 365 days); the Arbois 12/14 (365 days) and Marseille Innovation's nursery (366) sit on
# either side of the boundary.

OFFERS: Final[tuple[OfferData, ...]] = (
    # 001 « Action engagée par la Métropole : développement d'un outil digital interactif présentant
    # l'ensemble de l'offre de l'écosystème … L'outil sera disponible sur la plateforme d'innovation
    # métropolitaine à l'été 2022. » Reviewed recently: not stale.
    {
        "title": "Outil d'orientation dans l'offre de l'écosystème",
        "structure": METROPOLE,
        "need": "orientation",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": "Outil digital interactif présentant l'ensemble de l'offre de l'écosystème, qui "
        "permet aux porteurs de projets innovants d'identifier les offres correspondant à leur(s) besoin(s) "
        "et de trouver ainsi le bon interlocuteur. Disponible sur la plateforme d'innovation métropolitaine.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-10-06",
    },
    # 001 side heading « Prêt d'honneur à l'innovation par MI » (MI: Marseille Innovation). The roadmap
    # gives the name only. Stale: reviewed 2024-10-15.
    {
        "title": "Prêt d'honneur à l'innovation",
        "structure": "Marseille Innovation",
        "need": "funding",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": None,
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2024-10-15",
    },
    # 001 « le dossier unique de financement permettant aux start-ups de remplir un document unique et
    # favorisant la lisibilité et l'efficacité du traitement des dossiers. Ce dossier est reconnu par les
    # membres du groupe de travail « Banques Innov » ». Not stale.
    {
        "title": "Dossier unique de financement",
        "structure": "Aix Marseille French Tech",
        "need": "funding",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": "Dossier unique permettant aux start-ups de remplir un seul document pour leurs "
        "demandes de financement, ce qui favorise la lisibilité et l'efficacité du traitement des dossiers. "
        "Reconnu par les membres du groupe de travail « Banques Innov ».",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-09-14",
    },
    # 001 « groupe de travail « Banques Innov » qui a pour objectif d'acculturer les acteurs financiers aux
    # métiers de la tech, et de proposer des démarches simplifiées aux entreprises innovantes ». Stale.
    {
        "title": "Démarches bancaires simplifiées pour les entreprises innovantes",
        "structure": "Banques Innov",
        "need": "funding",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": "Le groupe de travail « Banques Innov » (Banque de France, CEPAC, Crédit Agricole "
        "Alpes Provence, CIC, BNP Paribas, Banque Populaire Méditerranée) acculture les acteurs financiers "
        "aux métiers de la tech et propose des démarches simplifiées aux entreprises innovantes.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-06-30",
    },
    # 001 « le Financial Innovation Day Méditerranée (FIDMED), événement qui vise à favoriser le financement
    # spécifique de l'innovation pour les entreprises du digital ». Not stale.
    {
        "title": "Financial Innovation Day Méditerranée (FIDMED)",
        "structure": "Medinsoft",
        "need": "funding",
        "stages": [],
        "sectors": ["Numérique"],
        "site": None,
        "description": "Événement qui vise à favoriser le financement spécifique de l'innovation pour les "
        "entreprises du digital.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-07-01",
    },
    # 001 « Laboratoire d'innovation territoriale, qui permet de rapprocher les entreprises de la recherche
    # publique (AMU) … En 3 ans d'existence : 110 entreprises n'ayant pas de lien avec la recherche publique
    # mises en relation avec des laboratoires et des chercheurs ». Not stale.
    {
        "title": "Mise en relation entreprises – laboratoires de recherche",
        "structure": "CISAM",
        "need": "research",
        "stages": [],
        "sectors": [],
        "site": "CISAM",
        "description": "Laboratoire d'innovation territoriale qui rapproche les entreprises de la recherche "
        "publique (AMU) : en 3 ans, 110 entreprises sans lien avec la recherche publique ont été mises en "
        "relation avec des laboratoires et des chercheurs.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-05-18",
    },
    # 000 « CISAM is a place for meetings, creation, project incubation and acceleration »; 001 « accompagner
    # le développement des start-ups … Plus de 100 start-ups accompagnées par les structures de la CISAM ».
    # Incubation → création, acceleration → croissance. Not stale.
    {
        "title": "Incubation et accélération de start-ups à la CISAM",
        "structure": "CISAM",
        "need": "support",
        "stages": ["creation", "growth"],
        "sectors": [],
        "site": "CISAM",
        "description": "Lieu de rencontres, de création, d'incubation et d'accélération de projets : plus de "
        "100 start-ups accompagnées par les structures de la CISAM en 3 ans d'existence.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-05-18",
    },
    # 001 « CISAM+, projet lauréat du PIA4 (40M€), porté par Aix-Marseille Université et ses partenaires de
    # la fondation A*MIDEX … 3 thématiques : technologies pour la santé / Industries culturelles et créatives
    # / Responsabilité sociétale et développement durable pour les économies verte et bleue ; 7 antennes
    # thématiques (fab-lab, bureaux, espaces connectés, ...) ». « Économies verte et bleue » is filed under
    # Cleantech / environnement and Mer. Stale.
    {
        "title": "Fab-lab des antennes thématiques CISAM+",
        "structure": "Aix-Marseille Université",
        "need": "prototyping",
        "stages": [],
        "sectors": ["Santé", "ICC", "Cleantech / environnement", "Mer"],
        "site": None,
        "description": "Fab-lab des 7 antennes thématiques de CISAM+, projet lauréat du PIA4 porté par "
        "Aix-Marseille Université et ses partenaires de la fondation A*MIDEX (technologies pour la santé, "
        "industries culturelles et créatives, économies verte et bleue).",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-03-03",
    },
    # 001, same passage: « 7 antennes thématiques (fab-lab, bureaux, espaces connectés, ...) ». Stale.
    {
        "title": "Bureaux et espaces connectés des antennes CISAM+",
        "structure": "Aix-Marseille Université",
        "need": "hosting",
        "stages": [],
        "sectors": ["Santé", "ICC", "Cleantech / environnement", "Mer"],
        "site": None,
        "description": "Bureaux et espaces connectés des 7 antennes thématiques de CISAM+, lieux d'open "
        "innovation portés par Aix-Marseille Université et ses partenaires de la fondation A*MIDEX.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-03-03",
    },
    # 001 « 3 missions : diffuser l'innovation dans toutes les formations / accompagner les chercheurs,
    # étudiants et acteurs socio-économiques / s'affirmer comme des lieux d'open innovation de référence ».
    # Not stale.
    {
        "title": "Accompagnement des chercheurs, étudiants et acteurs socio-économiques (CISAM+)",
        "structure": "Aix-Marseille Université",
        "need": "support",
        "stages": [],
        "sectors": ["Santé", "ICC", "Cleantech / environnement", "Mer"],
        "site": None,
        "description": "Mission de CISAM+ : accompagner les chercheurs, étudiants et acteurs "
        "socio-économiques pour renforcer l'impact de la recherche et de l'enseignement.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-02-09",
    },
    # 001 « Créant une filière d'enseignement spécifique dédiée au design, avec l'Ecole Condé ». No sector
    # stated for it. Not stale.
    {
        "title": "Filière d'enseignement dédiée au design (CISAM+ avec l'École Condé)",
        "structure": "Aix-Marseille Université",
        "need": "training",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": "Filière d'enseignement spécifique dédiée au design, créée par CISAM+ avec l'École "
        "Condé.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-02-09",
    },
    # 003 « Elle [la Cité de l'innovation] abritera l'accélérateur d'entreprises innovantes de la CMA CGM ».
    # Accélérateur → croissance. Stale.
    {
        "title": "Accélérateur d'entreprises innovantes de CMA CGM",
        "structure": "CMA CGM",
        "need": "support",
        "stages": ["growth"],
        "sectors": [],
        "site": "CISAM",
        "description": "Accélérateur d'entreprises innovantes du groupe CMA CGM, hébergé à la Cité de "
        "l'innovation Aix-Marseille.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2024-12-02",
    },
    # 003 « … celui de l'Occitane ». Not stale.
    {
        "title": "Accélérateur d'entreprises innovantes de L'Occitane",
        "structure": "L'Occitane",
        "need": "support",
        "stages": ["growth"],
        "sectors": [],
        "site": "CISAM",
        "description": "Accélérateur d'entreprises innovantes du groupe L'Occitane, hébergé à la Cité de "
        "l'innovation Aix-Marseille.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-08-20",
    },
    # 003 « L'accélérateur M, proposera un parcours d'innovation unique aux start-up basé sur des filières
    # d'excellence comme la mer, les industries créatives et l'aménagement urbain ». Not stale.
    {
        "title": "Parcours d'innovation de l'accélérateur M",
        "structure": "Accélérateur M",
        "need": "support",
        "stages": ["growth"],
        "sectors": ["Mer", "ICC", "Aménagement urbain"],
        "site": "CISAM",
        "description": "Parcours d'innovation unique pour les start-up, basé sur des filières d'excellence "
        "comme la mer, les industries créatives et l'aménagement urbain.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-09-01",
    },
    # 003 « L'accélérateur M porte également un ADN international, avec l'implantation dès son ouverture de
    # start-up… mexicaines ! ». Stale.
    {
        "title": "Accueil de start-up internationales à l'accélérateur M",
        "structure": "Accélérateur M",
        "need": "international",
        "stages": [],
        "sectors": [],
        "site": "CISAM",
        "description": "L'accélérateur M porte un ADN international : des start-up mexicaines s'y sont "
        "implantées dès son ouverture.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-09-01",
    },
    # 003 « un bureau de représentation de la French Tech et un espace évènementiel ». Not stale.
    {
        "title": "Espace évènementiel et bureau de la French Tech à l'accélérateur M",
        "structure": "Accélérateur M",
        "need": "network",
        "stages": [],
        "sectors": [],
        "site": "CISAM",
        "description": "Un espace évènementiel et un bureau de représentation de la French Tech au sein de "
        "l'accélérateur M.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-09-01",
    },
    # 002 « Après le succès rencontré au Technopôle de l'Arbois, le concept des 12/14 … Ce rendez-vous,
    # piloté par la Métropole Aix-Marseille-Provence … échanges privilégiés et thématisés ainsi qu'un moment
    # de networking ». Reviewed exactly 365 days before 2026-11-21: NOT stale (the limit is « more than »).
    {
        "title": "Les 12/14 du Technopôle de l'Arbois",
        "structure": METROPOLE,
        "need": "network",
        "stages": [],
        "sectors": [],
        "site": "Technopôle de l'Arbois",
        "description": "Rendez-vous de la communauté technopolitaine piloté par la Métropole : échanges "
        "privilégiés et thématisés, retours d'expérience d'entrepreneurs et moment de networking.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-11-21",
    },
    # 002 « le concept des 12/14 a été déployé pour la première fois au Technopôle de Château-Gombert, mardi
    # 8 juillet » (a Tuesday in 2025) « … entreprises porteuses de projets innovants, laboratoires de
    # recherche académique, écoles d'ingénieurs associées au site ». Not stale.
    {
        "title": "Les 12/14 du Technopôle de Château-Gombert",
        "structure": METROPOLE,
        "need": "network",
        "stages": [],
        "sectors": [],
        "site": "Technopôle de Château-Gombert",
        "description": "Rendez-vous piloté par la Métropole qui rassemble la communauté technopolitaine "
        "(entreprises innovantes, laboratoires de recherche académique, écoles d'ingénieurs du site) autour "
        "d'échanges thématisés et d'un moment de networking. Première édition le mardi 8 juillet.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-07-15",
    },
    # 002 « la pépinière Marseille Innovation et l'incubateur Impulse, qui accompagnent, avec le soutien de
    # la Métropole Aix-Marseille-Provence, la création et le développement des entreprises innovantes ».
    # Reviewed 366 days before 2026-11-21: stale, one day past the limit.
    {
        "title": "Pépinière d'entreprises Marseille Innovation",
        "structure": "Marseille Innovation",
        "need": "hosting",
        "stages": ["creation", "growth"],
        "sectors": [],
        "site": "Technopôle de Château-Gombert",
        "description": "Pépinière qui accompagne, avec le soutien de la Métropole Aix-Marseille-Provence, la "
        "création et le développement des entreprises innovantes sur le territoire métropolitain.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2025-11-20",
    },
    # 002, same sentence, for Impulse. Not stale.
    {
        "title": "Incubateur Impulse",
        "structure": "Impulse",
        "need": "support",
        "stages": ["creation", "growth"],
        "sectors": [],
        "site": "Technopôle de Château-Gombert",
        "description": "Incubateur qui accompagne, avec le soutien de la Métropole Aix-Marseille-Provence, "
        "la création et le développement des entreprises innovantes sur le territoire métropolitain.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-04-27",
    },
    # 000 « the Aix-Marseille French Tech cluster is the second largest in France, after Paris, with no fewer
    # than 800 start-ups »; 003 « La French Tech vise à favoriser les collaborations entre les start-up
    # françaises et à leur donner une visibilité à l'international ». Not stale.
    {
        "title": "Communauté Aix Marseille French Tech",
        "structure": "Aix Marseille French Tech",
        "need": "network",
        "stages": [],
        "sectors": [],
        "site": None,
        "description": "Deuxième communauté French Tech de France après Paris, avec plus de 800 start-ups. "
        "Le label French Tech vise à favoriser les collaborations entre start-up et à leur donner une "
        "visibilité à l'international.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-03-30",
    },
    # 000 « La Coque, innovation and digital events center, located in the Joliette district ». Stale.
    {
        "title": "Événements innovation et numérique à La Coque",
        "structure": "La Coque",
        "need": "network",
        "stages": [],
        "sectors": ["Numérique"],
        "site": "La Joliette",
        "description": "Centre d'événements dédié à l'innovation et au numérique, dans le quartier de la "
        "Joliette.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2024-06-10",
    },
    # 001 « 3 technopôles concentrant en leur sein toutes les composantes requises pour favoriser
    # l'émergence, la création et le développement d'entreprises innovantes … environnement et cleantech pour
    # l'Arbois » and « accueil physique dans un espace précis + thématique + accompagnement ». Not stale.
    {
        "title": "Implantation au Technopôle de l'Arbois",
        "structure": "Technopôle de l'Arbois",
        "need": "hosting",
        "stages": ["idea", "creation", "growth"],
        "sectors": ["Cleantech / environnement"],
        "site": "Technopôle de l'Arbois",
        "description": "Technopôle positionné sur l'environnement et les cleantech : accueil physique, "
        "laboratoires de recherche, incubateurs et pépinières pour l'émergence, la création et le "
        "développement d'entreprises innovantes.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-01-12",
    },
    # 001, same passage: « biotechs et healthtech pour Luminy ». Stale.
    {
        "title": "Implantation au Technopôle de Luminy",
        "structure": "Technopôle de Luminy",
        "need": "hosting",
        "stages": ["idea", "creation", "growth"],
        "sectors": ["Santé"],
        "site": "Technopôle de Luminy",
        "description": "Technopôle positionné sur les biotechs et la healthtech : accueil physique, "
        "laboratoires de recherche, incubateurs et pépinières pour l'émergence, la création et le "
        "développement d'entreprises innovantes.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2023-11-06",
    },
    # 001 « sciences de l'ingénieur pour Château Gombert »; 002 « approche multi-filières … filière santé
    # (medtech, e-santé…), secteur de l'environnement (solaire…), technologies du numérique … entreprises
    # industrielles … 8 laboratoires de recherche et 2 grandes écoles d'ingénieurs ». Not stale.
    {
        "title": "Implantation au Technopôle de Château-Gombert",
        "structure": "Technopôle de Château-Gombert",
        "need": "hosting",
        "stages": ["idea", "creation", "growth"],
        "sectors": ["Santé", "Cleantech / environnement", "Numérique", "Industrie"],
        "site": "Technopôle de Château-Gombert",
        "description": "Technopôle dédié aux sciences de l'ingénieur, adossé au Campus de Saint-Jérôme, à "
        "l'approche multi-filières (santé, environnement, numérique, microélectronique, "
        "mécanique-énergétique, optique), avec 8 laboratoires de recherche et 2 grandes écoles d'ingénieurs.",
        "email": None,
        "phone": None,
        "url": None,
        "status": "active",
        "partner_ref": None,
        "reviewed": "2026-06-08",
    },
)


# --- Roadmap actions -------------------------------------------------------------------------------------
# All from seed 001. The roadmap does not number its actions: codes are derived as orientation letter + axis
# position + action position within the axis, in reading order (A.1.x for the ✿ axis, A.2.x for the ✳ one).
# The ✳ heading « Apporter des réponses à des besoins spécifiques » comes right after orientation A with no
# other orientation letter in between and speaks of the same companies' path (hosting, funding, recruiting):
# it is filed as orientation A's second axis. Its sub-themes (« Le parcours résidentiel », « Le
# financement », « Le recrutement ») open each description. Titles are the roadmap's side headings where it
# gives one. Carrier type: « par la Métropole » → metropole; « collective » / « collectivement » → mixed;
# « par les acteurs de l'écosystème », or an ecosystem structure named as carrier → ecosystem. Terms and
# statuses only where the sentence states them; no action states indicators.

ORIENTATION_A: Final = (
    "A. De l'émergence à la croissance : accueillir, accompagner et consolider le développement des "
    "entreprises innovantes tout au long de leur parcours"
)
AXIS_A1: Final = "Faciliter les parcours au sein de l'écosystème, rendre les ressources plus lisibles"
AXIS_A2: Final = "Apporter des réponses à des besoins spécifiques"

ACTIONS: Final[tuple[ActionData, ...]] = (
    # « ➔ Action engagée par la Métropole : développement d'un outil digital interactif … L'étape suivante
    # consistera … ». No term stated. Reviewed 2026-10-06: not stale, no horizon → no flag.
    {
        "code": "A.1.1",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A1,
        "title": "Développement d'un outil d'orientation et de « guidage » des porteurs de projets dans "
        "l'écosystème",
        "description": "Développement d'un outil digital interactif présentant l'ensemble de l'offre de "
        "l'écosystème, qui doit permettre aux porteurs de projets innovants d'identifier les offres "
        "correspondant à leur(s) besoin(s) et de trouver ainsi le bon interlocuteur. L'outil sera disponible "
        "sur la plateforme d'innovation métropolitaine à l'été 2022. L'étape suivante consistera à "
        "décloisonner les offres de chacun des acteurs afin de fluidifier les parcours entre les structures "
        "d'accompagnement, et à faire en sorte que chacun s'approprie l'offre de service proposée par les "
        "autres acteurs du collectif, afin d'être en mesure d'orienter ou de réorienter les porteurs de "
        "projets.",
        "carrier_type": "metropole",
        "carriers": [METROPOLE],
        "term": None,
        "status": "engaged",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-10-06",
    },
    # « ➔ Action engagée par Aix-Marseille Université et ses partenaires d'A*MIDEX : cartographie des
    # compétences scientifiques et technologiques … ». No term stated. Reviewed 2026-03-12, 254 days before
    # 2026-11-21: stale engaged action (> 180 days).
    {
        "code": "A.1.2",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A1,
        "title": "Cartographie des compétences scientifiques et technologiques",
        "description": "Cartographie des compétences scientifiques et technologiques au sein des "
        "laboratoires et plateformes technologiques (AMU, CNRS, INSERM, AP-HM, IRD, Ecole Centrale "
        "Marseille, Sciences-Po Aix).",
        "carrier_type": "ecosystem",
        "carriers": ["Aix-Marseille Université", "A*MIDEX"],
        "term": None,
        "status": "engaged",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-03-12",
    },
    # « ➔ Action collective structurante à engager concrètement à court terme : mise en réseau effective de
    # l'offre de service des différents acteurs afin d'aboutir à une offre globale plus intégrée. » No
    # carrier named: incomplete. Short term from 2022-03-24: overdue since 2023-03-24.
    {
        "code": "A.1.3",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A1,
        "title": "Mise en réseau des offres / pour une offre plus intégrée",
        "description": "Mise en réseau effective de l'offre de service des différents acteurs afin d'aboutir "
        "à une offre globale plus intégrée.",
        "carrier_type": "mixed",
        "carriers": [],
        "term": "short",
        "status": "to_start",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-06-15",
    },
    # « ➡ Action collective à définir (moyen terme) : adapter l'offre pour davantage de modularité, de
    # souplesse et de réactivité. Le portage et la déclinaison de cette action structurante restent à
    # préciser. » No carrier: incomplete. Medium term: overdue since 2025-03-24. Reviewed 2025-05-20, 550
    # days before 2026-11-21: stale « à définir » (> 365 days). Every flag at once.
    {
        "code": "A.2.1",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Adapter l'offre pour une plus grande modularité / agilité",
        "description": "Le parcours résidentiel — adapter l'offre d'hébergement pour davantage de "
        "modularité, de souplesse et de réactivité. Le portage et la déclinaison de cette action "
        "structurante restent à préciser.",
        "carrier_type": "mixed",
        "carriers": [],
        "term": "medium",
        "status": "to_define",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2025-05-20",
    },
    # Side heading « Dossier unique financement #AMFT »; « ➔ Action engagée portée par Aix Marseille French
    # Tech : le dossier unique de financement … ». No term stated. Not stale.
    {
        "code": "A.2.2",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Dossier unique financement #AMFT",
        "description": "Le financement — le dossier unique de financement permettant aux start-ups de "
        "remplir un document unique et favorisant la lisibilité et l'efficacité du traitement des dossiers. "
        "Ce dossier est reconnu par les membres du groupe de travail « Banques Innov » (Banque de France, "
        "CEPAC, Crédit Agricole Alpes Provence, CIC, BNP Paribas, Banque Populaire Méditerranée), qui a pour "
        "objectif d'acculturer les acteurs financiers aux métiers de la tech et de proposer des démarches "
        "simplifiées aux entreprises innovantes.",
        "carrier_type": "ecosystem",
        "carriers": ["Aix Marseille French Tech"],
        "term": None,
        "status": "engaged",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-09-14",
    },
    # Side heading « Prêt d'honneur à l'innovation par MI », placed between the two other financing headings
    # and followed by no ➔ paragraph: the text names the action and its carrier (MI, Marseille Innovation)
    # and nothing else, so description, term and status stay None. Ordered by the side column.
    {
        "code": "A.2.3",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Prêt d'honneur à l'innovation par MI",
        "description": None,
        "carrier_type": "ecosystem",
        "carriers": ["Marseille Innovation"],
        "term": None,
        "status": None,
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-04-02",
    },
    # « ➔ Action engagée, portée par Medinsoft : le Financial Innovation Day Méditerranée (FIDMED), événement
    # qui vise à favoriser le financement spécifique de l'innovation pour les entreprises du digital. » It has
    # no side heading; its title is the event's name. No term stated. Reviewed 143 days before: not stale.
    {
        "code": "A.2.4",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Financial Innovation Day Méditerranée (FIDMED)",
        "description": "Le financement — événement qui vise à favoriser le financement spécifique de "
        "l'innovation pour les entreprises du digital.",
        "carrier_type": "ecosystem",
        "carriers": ["Medinsoft"],
        "term": None,
        "status": "engaged",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-07-01",
    },
    # « ➔ Action à moyen/long terme à définir collectivement : fédérer les acteurs locaux du financement au
    # sein du Club Innov Provence et cartographier les dispositifs … ». The Club is where the actors gather,
    # not a named carrier: incomplete. Medium/long horizon 2027-03-24: not yet overdue. Reviewed 284 days
    # before: not stale (« à définir » limit is 365).
    {
        "code": "A.2.5",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Fédérer les acteurs locaux du financement au sein du Club Innov Provence",
        "description": "Le financement — fédérer les acteurs locaux du financement au sein du Club Innov "
        "Provence et cartographier les dispositifs. Puis susciter, attirer et ancrer les éventuels "
        "dispositifs « manquants ». Travailler collectivement à la lisibilité de l'ensemble de ces "
        "dispositifs.",
        "carrier_type": "mixed",
        "carriers": [],
        "term": "medium_long",
        "status": "to_define",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2026-02-10",
    },
    # « Action de moyen terme à préciser par les acteurs de l'écosystème : développer et rendre visible
    # l'offre d'accompagnement au recrutement. » Actors unnamed: incomplete. Medium term: overdue. Reviewed
    # 2025-09-30, 417 days before: stale « à préciser ».
    {
        "code": "A.2.6",
        "orientation": ORIENTATION_A,
        "axis": AXIS_A2,
        "title": "Développer et rendre visible l'offre d'accompagnement au recrutement",
        "description": "Le recrutement — développer et rendre visible l'offre d'accompagnement au "
        "recrutement. Les enjeux portent sur une meilleure communication d'une offre spécifique existante, "
        "sur la capacité à attirer et retenir des talents, et sur la dynamisation de la réflexion collective "
        "et des projets partagés autour du lien emploi-développement économique.",
        "carrier_type": "ecosystem",
        "carriers": [],
        "term": "medium",
        "status": "to_specify",
        "indicators": None,
        "adopted": ROADMAP_ADOPTED,
        "reviewed": "2025-09-30",
    },
)
