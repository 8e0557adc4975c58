"""Sentences for the generated corpus, composed from phrase banks so that two documents are different stories.

Fixed sentence templates made every generated document share most of its word runs with every other one (an
estimated Jaccard of 0.12 on 4-word shingles between two random documents, against about 0.01 between real
unrelated news stories), which hides syndicated copies among accidental ones. Here a sentence is put together from
several independent choices, so a 4-word run is shared only when the same phrase is drawn.
"""

from __future__ import annotations

import random

PLACES = ["Valmora", "Port Ellis", "Kestrel County", "Lanhaven", "Ostrava Nova", "Bramley Heath", "Sunfield",
          "Marrow Bay", "Dunmere", "Castell Rock", "Orrin Falls", "Westmarch", "Tollbridge", "Seaview", "Hadley Cross",
          "Ashby Vale", "Greywater", "Nettlefield", "Corran", "Elm Hollow", "Fenwick", "Kirkby Moor", "Larkspur",
          "Millbrook", "Northgate", "Pennock", "Quarry Hill", "Redwater", "Saltmarsh", "Thornbury"]
BODIES = ["the regional statistics office", "the interior ministry", "the Harbour Workers' Union",
          "the Institute for Rural Studies", "the city council", "the Coastal Monitoring Group", "the health authority",
          "the Centre for Migration Research", "the national audit office", "the tenants' association",
          "the chamber of commerce", "the transport board", "the farmers' cooperative", "the teachers' union",
          "the water utility", "the environment agency", "the housing trust", "the police federation",
          "the hospital trust", "the fisheries council", "the energy regulator", "the planning inspectorate"]
PEOPLE = ["Mara Kovel", "Tomas Oyelaran", "Ines Barrow", "Dev Lindqvist", "Amal Perrin", "Jonah Castell",
          "Rutendo Vale", "Sofia Marangoni", "Pieter Aalst", "Hana Okafor", "Lucan Dray", "Priya Soames",
          "Oskar Wend", "Maeve Tolland", "Idris Calloway", "Nadia Brennet", "Felix Ruane", "Yara Holm",
          "Cormac Ellery", "Zofia Lenk", "Bashir Antell", "Greta Volmer", "Ansel Pike", "Leona Farris"]
THINGS = ["families", "households", "workers", "volunteers", "schools", "clinics", "kilometres of road", "new cases",
          "complaints", "fishing boats", "hectares of farmland", "apartments", "students", "nurses", "buses",
          "small businesses", "pensioners", "bridges", "farms", "apprentices", "doctors", "flats", "vessels",
          "tonnes of waste", "passengers", "trees", "jobs", "beds", "applications", "homes"]
TOPICS = ["housing", "the harbour strike", "flood defences", "rural clinics", "school meals", "the bus network",
          "wind farms", "the fishing quota", "water prices", "night trains", "the new bypass", "street lighting",
          "the hospital merger", "youth clubs", "the recycling contract", "the airport expansion", "rent controls",
          "the river clean-up", "the library closures", "broadband in the hills", "the ferry timetable",
          "the budget deficit", "the market square", "care homes", "the tram extension"]
_SPEAKERS = ["{person}", "{Body}", "a spokesperson for {body}", "the mayor of {place}", "one resident of {place}",
             "critics of the scheme", "supporters of the plan", "local officials", "an engineer on the project",
             "the opposition leader", "a senior civil servant", "{person}, who chairs the committee",
             "a shop owner in {place}", "two councillors", "the project's director", "{person} of {body}"]
_VERBS = ["said", "argued", "warned", "insisted", "told reporters", "conceded", "claimed", "suggested", "admitted",
          "wrote in a letter", "said in a statement", "told a public meeting", "noted", "added", "pointed out"]
_SUBJECTS = ["the plan for {topic}", "the new timetable", "the council's budget", "the ferry operator",
             "most tenants in {place}", "the regional rail company", "the opposition", "the harbour authority",
             "small farmers near {place}", "the ministry's inspectors", "the school board", "parents in {place}",
             "the contract for {topic}", "the review of {topic}", "the first phase of the work", "the new committee",
             "the pilot scheme in {place}", "the agreement on {topic}", "the local economy", "the old depot",
             "the proposal on {topic}", "the consultation", "the insurance companies", "the building firm",
             "the region's hospitals", "the weekend service", "the draft law on {topic}", "the union's members"]
_PREDICATES = ["would need another year", "had been delayed twice", "could save money in the long run",
               "was never properly funded", "has lost the trust of residents", "will be reviewed in the autumn",
               "should be put to a public vote", "depends on a grant from the capital", "ignores the smaller villages",
               "is already behind schedule", "has divided the coalition", "was approved without a debate",
               "needs the support of the neighbouring districts", "may be challenged in court",
               "has worked better than expected", "came as a surprise to many", "leaves several questions open",
               "was rewritten after the protests", "has the backing of the business lobby",
               "cannot start before spring",
               "would hit the poorest streets hardest", "is being watched closely by other towns",
               "had been promised for a decade", "will be paid for by a new levy", "remains popular with voters",
               "was drawn up in a hurry", "puts pressure on the remaining staff", "depends on the weather",
               "has not been costed", "could be copied across the region", "is too small to make a difference",
               "was welcomed by the unions", "failed its first inspection", "relies on volunteers",
               "has been quietly dropped", "overlooks the needs of older people"]
_ADJUNCTS = ["", "", "", " on Monday", " on Thursday", " last week", " this spring", " after a long meeting",
             " in a written statement", " before the summer recess", " for the third time this year",
             " despite the protests", " according to local reports", " at a packed town hall", " in {year}",
             " until further notice", " without much warning", " behind closed doors", " during the night shift",
             " by the end of the month"]
_OPENERS = ["", "", "", "", "In {place}, ", "Last year, ", "By the spring, ", "Since {year}, ", "So far, ",
            "According to {body}, ", "In the first quarter, ", "Across the region, ", "Over the winter, "]
_QUALIFIERS = ["", "", "at least ", "more than ", "about ", "nearly ", "fewer than ", "around ", "almost ",
               "some ", "over "]
_CLAIM_VERBS = ["were affected by changes to {topic}", "joined the protest on the first day", "had already signed up",
                "were on the waiting list", "received help from the fund", "lost their contracts",
                "moved to {place}", "were inspected", "took part in the survey", "were registered in {place}",
                "applied for the grant", "left the scheme early", "were counted in the census",
                "were waiting for repairs", "benefited from the programme", "were without power for a day",
                "reported problems with {topic}", "were added to the register", "were closed for safety reasons",
                "were handed new permits"]
_CLAIM_TAILS = ["", "", ", {body} said", ", {person} told reporters", ", the report by {body} says",
                ", organisers estimated", ", official figures show", ", up from {m} the year before",
                ", compared with {m} a year earlier", ", according to {body}"]
_MONEY = ["The plan for {topic} will cost €{d}.{e} million over {w} years",
          "The council set aside ${d}.{e} million for {topic}",
          "Spending on {topic} rose by {p}% in twelve months",
          "Support for the proposal stood at {p}% in the latest poll",
          "The average rent in {place} rose to ${n} a month",
          "Ticket prices went up by {p}% in {year}",
          "The bill for {topic} reached €{d}.{e} million",
          "Turnout was {p}%, against {p2}% at the last vote"]
_WORD_NUMBERS = ["two", "three", "five", "seven", "twelve", "twenty", "forty", "a hundred"]


def _values(rng: random.Random) -> dict[str, object]:
    m = rng.randrange(10, 900)
    body = rng.choice(BODIES)
    return {
        "body": body, "Body": body[0].upper() + body[1:], "place": rng.choice(PLACES), "person": rng.choice(PEOPLE),
        "thing": rng.choice(THINGS), "topic": rng.choice(TOPICS), "q": rng.choice(_QUALIFIERS), "m": m,
        "n": rng.choice([str(m + rng.randrange(5, 900)), f"{rng.randrange(1, 99)},{rng.randrange(1000):03d}"]),
        "d": rng.randrange(1, 90), "e": rng.randrange(1, 9), "w": rng.choice(_WORD_NUMBERS),
        "p": rng.randrange(3, 80), "p2": rng.randrange(3, 80), "year": rng.randrange(1995, 2024),
    }


def _cap(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


def prose(rng: random.Random) -> str:
    """A sentence without a figure: someone says something about a subject."""
    v = _values(rng)
    clause = f"{rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}{rng.choice(_ADJUNCTS)}".format(**v)
    speaker, verb = rng.choice(_SPEAKERS), rng.choice(_VERBS)
    if rng.random() < 0.5:
        return _cap(f"{speaker.format(**v)} {verb} that {clause}.")
    return _cap(f"{clause}, {speaker.format(**(v | {'Body': v['body']}))} {verb}.")


def claim(rng: random.Random) -> str:
    """A sentence holding a figure (a count, a range, money or a percentage) and often who gives it."""
    v = _values(rng)
    roll = rng.random()
    if roll < 0.55:
        body = f"{rng.choice(_OPENERS)}{v['q']}{v['n']} {v['thing']} {rng.choice(_CLAIM_VERBS)}"
    elif roll < 0.7:
        body = f"{rng.choice(_OPENERS)}between {v['m']} and {v['n']} {v['thing']} {rng.choice(_CLAIM_VERBS)}"
    elif roll < 0.8:
        body = f"{rng.choice(_OPENERS)}some {v['m']}-{v['n']} {v['thing']} {rng.choice(_CLAIM_VERBS)}"
    else:
        body = rng.choice(_MONEY)
    return _cap(f"{body}{rng.choice(_CLAIM_TAILS)}.".format(**v))


def sentence(rng: random.Random, claim_share: float = 0.45) -> str:
    """A claim or a plain sentence."""
    return claim(rng) if rng.random() < claim_share else prose(rng)


_IT_SUBJECTS = ["il consiglio comunale", "la giunta regionale", "il sindacato dei portuali", "l'istituto di statistica",
                "il comitato dei residenti", "l'azienda dei trasporti", "la camera di commercio", "il nuovo assessore",
                "l'ospedale di {place}", "la cooperativa agricola", "il ministero dell'interno", "l'opposizione"]
_IT_PREDICATES = ["discuterà il progetto la prossima settimana", "ha rinviato la decisione",
                  "chiede risposte più chiare",
                  "teme un aumento dei costi", "ha approvato il bilancio", "vuole un calendario più preciso",
                  "ha criticato il piano", "attende i fondi dalla capitale", "propone un referendum",
                  "ha chiesto un incontro urgente", "giudica il progetto troppo caro", "sostiene la riforma"]
_IT_CLAIMS = ["almeno {n} famiglie hanno lasciato {place} negli ultimi mesi",
              "il costo complessivo è stimato in {d},{e} milioni di euro", "più di {n} lavoratori hanno scioperato",
              "circa {m} studenti sono rimasti senza aula", "le domande sono salite del {p}%"]
_FR_SUBJECTS = ["le conseil municipal", "la préfecture", "le syndicat des dockers", "l'observatoire du logement",
                "l'association des locataires", "la compagnie de bus", "la chambre de commerce", "le nouveau maire",
                "l'hôpital de {place}", "la coopérative agricole", "le ministère", "l'opposition"]
_FR_PREDICATES = ["doit se prononcer sur le projet le mois prochain", "a reporté sa décision",
                  "demande un calendrier plus précis", "craint une hausse des coûts", "a voté le budget",
                  "réclame plus de transparence", "a critiqué le plan", "attend des fonds de l'État",
                  "propose une consultation", "a demandé une réunion urgente", "juge le projet trop cher",
                  "soutient la réforme"]
_FR_CLAIMS = ["plus de {n} ménages ont été touchés par la hausse des loyers",
              "les travaux devraient coûter environ {d},{e} millions d'euros", "au moins {n} salariés ont fait grève",
              "près de {m} élèves n'ont pas de salle de classe", "les demandes ont augmenté de {p}%"]
_FOREIGN = {"it": (_IT_SUBJECTS, _IT_PREDICATES, _IT_CLAIMS, ["Secondo {body}, ", "A {place}, ", "Ieri ", ""]),
            "fr": (_FR_SUBJECTS, _FR_PREDICATES, _FR_CLAIMS, ["Selon {body}, ", "À {place}, ", "Hier, ", ""])}
_FOREIGN_BODIES = {"it": ["l'istituto regionale di statistica", "la protezione civile", "il comune"],
                   "fr": ["l'observatoire régional du logement", "la mairie", "l'Insee"]}


def foreign(rng: random.Random, language: str) -> str:
    """An Italian or French sentence."""
    subjects, predicates, claims, openers = _FOREIGN[language]
    v = _values(rng) | {"body": rng.choice(_FOREIGN_BODIES[language])}
    if rng.random() < 0.4:
        text = rng.choice(openers) + rng.choice(claims)
    else:
        text = rng.choice(openers) + f"{rng.choice(subjects)} {rng.choice(predicates)}"
    return _cap(text.format(**v) + ".")
