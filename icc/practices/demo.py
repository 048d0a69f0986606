"""Demo content of the practices app: challenges, practices in both languages, questions, stories.

Everything is invented from a dozen themes the network works on, applied to
real member cities, and flagged as demo data on every page. Loading twice
changes nothing: each record is looked up by its slug or title first.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from icc.accounts.models import User
from icc.network.models import City
from icc.practices import services
from icc.practices.models import Challenge, Practice, Question, Story

CHALLENGES = [
    ("refugee-reception", "Refugee reception", "Accueil des réfugiés"),
    ("hate-speech", "Hate speech", "Discours de haine"),
    ("housing", "Housing", "Logement"),
    ("schools", "Schools", "Écoles"),
    ("employment", "Employment", "Emploi"),
    ("rumours", "Rumours and prejudice", "Rumeurs et préjugés"),
    ("participation", "Participation of newcomers", "Participation des nouveaux arrivants"),
]

# key, areas, challenges, target groups, English (title, summary, problem, actions, results),
# French (the same). "{city}" is replaced by the city's name.
THEMES: list[tuple[str, tuple, tuple, tuple, tuple, tuple]] = [
    (
        "welcome-desk",
        ("welcoming", "public_services"),
        ("refugee-reception",),
        ("refugees", "migrants"),
        (
            "One-stop welcome desk in {city}",
            "A single desk where newcomers find **every service** in their first weeks.",
            "Newcomers went from office to office and gave up on services they were entitled to.",
            "The city gathered housing, schools, health and language courses behind one desk, "
            "with interpreters and volunteers who arrived themselves a few years ago.",
            "- 2,400 visits in the first year\n- waiting time down from 6 weeks to 9 days",
        ),
        (
            "Guichet unique d’accueil à {city}",
            "Un guichet où les personnes nouvellement arrivées trouvent **tous les services**.",
            "Les nouveaux arrivants allaient de bureau en bureau et renonçaient à leurs droits.",
            "La ville a réuni logement, écoles, santé et cours de langue derrière un seul guichet, "
            "avec des interprètes et des bénévoles eux-mêmes arrivés il y a quelques années.",
            "- 2 400 visites la première année\n- délai d’attente passé de 6 semaines à 9 jours",
        ),
    ),
    (
        "anti-rumour",
        ("anti_discrimination", "media"),
        ("rumours", "hate-speech"),
        ("general_public",),
        (
            "Anti-rumour agents in {city}",
            "Trained residents answer rumours about migrants in everyday conversations.",
            "False stories about newcomers spread faster than any correction.",
            "Eighty residents, shopkeepers and librarians were trained to question rumours calmly; "
            "a campaign gave them posters and a short guide.",
            "A survey found a 12-point drop in agreement with the most common rumour.",
        ),
        (
            "Agents anti-rumeurs à {city}",
            "Des habitants formés répondent aux rumeurs sur les migrants au quotidien.",
            "Les fausses histoires sur les nouveaux arrivants circulaient plus vite que les démentis.",
            "Quatre-vingts habitants, commerçants et bibliothécaires ont appris à questionner "
            "les rumeurs avec calme ; une campagne leur a fourni affiches et guide.",
            "Une enquête montre une baisse de 12 points de l’adhésion à la rumeur la plus répandue.",
        ),
    ),
    (
        "language-cafe",
        ("language", "public_space"),
        ("participation",),
        ("migrants", "youth"),
        (
            "Language cafés in {city}'s libraries",
            "Weekly conversation tables where residents practise the local language together.",
            "Formal courses were full and left no room to practise speaking.",
            "Libraries host tables every week, led by volunteers, with games and local news.",
            "35 tables a month; two thirds of participants say they speak more at work.",
        ),
        (
            "Cafés des langues dans les bibliothèques de {city}",
            "Des tables de conversation hebdomadaires pour pratiquer la langue locale ensemble.",
            "Les cours étaient complets et ne laissaient pas de place à la pratique orale.",
            "Les bibliothèques accueillent chaque semaine des tables animées par des bénévoles.",
            "35 tables par mois ; deux tiers des participants parlent davantage au travail.",
        ),
    ),
    (
        "mediation",
        ("mediation", "neighbourhoods"),
        ("housing",),
        ("general_public",),
        (
            "Neighbourhood mediators in {city}",
            "Mediators who speak the residents' languages settle conflicts in social housing.",
            "Noise and shared spaces led to complaints, police calls and evictions.",
            "A team of eight mediators, recruited in the neighbourhoods, visits both sides.",
            "Police calls for neighbour disputes fell by a third in two years.",
        ),
        (
            "Médiateurs de quartier à {city}",
            "Des médiateurs parlant les langues des habitants règlent les conflits de voisinage.",
            "Le bruit et les espaces partagés menaient à des plaintes et des expulsions.",
            "Une équipe de huit médiateurs, recrutés dans les quartiers, rencontre les deux parties.",
            "Les appels à la police pour conflits de voisinage ont baissé d’un tiers en deux ans.",
        ),
    ),
    (
        "schools",
        ("education",),
        ("schools",),
        ("youth",),
        (
            "Intercultural schools programme in {city}",
            "Schools welcome parents of every origin as partners in their children's learning.",
            "Migrant parents rarely came to school and teachers felt alone.",
            "Parent mediators, translated meetings and a festival of the pupils' languages.",
            "Attendance at parents' evenings doubled in the pilot schools.",
        ),
        (
            "Programme d'écoles interculturelles à {city}",
            "Les écoles accueillent les parents de toutes origines comme partenaires.",
            "Les parents migrants venaient rarement à l'école et les enseignants se sentaient seuls.",
            "Médiateurs parents, réunions traduites et fête des langues des élèves.",
            "La participation aux réunions de parents a doublé dans les écoles pilotes.",
        ),
    ),
    (
        "jobs",
        ("business",),
        ("employment",),
        ("migrants", "businesses"),
        (
            "Mentoring newcomers into work in {city}",
            "Local employers mentor qualified newcomers towards a job in their field.",
            "Engineers and nurses worked as cleaners because no one knew their diplomas.",
            "Pairs of mentors and mentees meet for six months; the city helps recognise diplomas.",
            "58% of mentees found a job matching their qualification within a year.",
        ),
        (
            "Parrainage vers l’emploi à {city}",
            "Des employeurs locaux accompagnent des personnes nouvellement arrivées vers l’emploi.",
            "Ingénieurs et infirmières faisaient le ménage faute de reconnaissance des diplômes.",
            "Des binômes se rencontrent pendant six mois ; la ville aide à faire reconnaître "
            "les diplômes.",
            "58 % des personnes accompagnées ont trouvé un emploi qualifié en un an.",
        ),
    ),
    (
        "housing",
        ("neighbourhoods", "welcoming"),
        ("housing", "refugee-reception"),
        ("refugees",),
        (
            "Host families and housing for refugees in {city}",
            "Residents offer rooms to refugees while the city finds lasting homes.",
            "Reception centres were full and families waited months in temporary shelters.",
            "A matching service pairs host families with refugees, with support and a small "
            "allowance; a housing fund guarantees rents for landlords.",
            "310 people hosted; 85% moved into a lasting home within a year.",
        ),
        (
            "Familles d’accueil et logement des réfugiés à {city}",
            "Des habitants accueillent des réfugiés chez eux pendant que la ville cherche des "
            "logements durables.",
            "Les centres d’accueil étaient pleins et les familles attendaient des mois.",
            "Un service met en relation familles et réfugiés, avec un accompagnement ; un fonds "
            "garantit les loyers aux propriétaires.",
            "310 personnes accueillies ; 85 % relogées durablement en un an.",
        ),
    ),
    (
        "council",
        ("leadership", "commitment"),
        ("participation",),
        ("migrants",),
        (
            "Advisory council of residents of foreign origin in {city}",
            "An elected council gives residents without voting rights a voice in city policy.",
            "A quarter of adults could not vote in local elections.",
            "Elections every three years; the council gives opinions on every major decision.",
            "The council's opinions changed 14 decisions in its first term.",
        ),
        (
            "Conseil consultatif des résidents étrangers à {city}",
            "Un conseil élu donne une voix aux habitants privés du droit de vote.",
            "Un quart des adultes ne pouvait pas voter aux élections locales.",
            "Élections tous les trois ans ; le conseil donne son avis sur chaque grande décision.",
            "Les avis du conseil ont modifié 14 décisions lors de son premier mandat.",
        ),
    ),
    (
        "festival",
        ("cultural_civil", "public_space"),
        ("rumours",),
        ("general_public",),
        (
            "Neighbourhood festival of {city}",
            "A festival prepared by the associations of every community of the neighbourhood.",
            "Communities lived side by side without meeting.",
            "Associations plan the programme together for a year; the city lends the squares.",
            "12,000 visitors and 40 associations, half of which had never worked together.",
        ),
        (
            "Fête des quartiers de {city}",
            "Une fête préparée ensemble par les associations de toutes les communautés.",
            "Les communautés vivaient côte à côte sans se rencontrer.",
            "Les associations construisent le programme pendant un an ; la ville prête les places.",
            "12 000 visiteurs et 40 associations, dont la moitié n’avaient jamais travaillé "
            "ensemble.",
        ),
    ),
    (
        "staff-training",
        ("intelligence", "public_services"),
        ("hate-speech",),
        ("staff",),
        (
            "Intercultural competence training for {city}'s staff",
            "Every front-desk employee learns to serve residents of every background.",
            "Complaints showed that some residents felt judged at municipal desks.",
            "A two-day training, written with residents, is now part of every induction.",
            "1,100 employees trained; complaints about treatment halved.",
        ),
        (
            "Formation aux compétences interculturelles du personnel de {city}",
            "Chaque agent d’accueil apprend à servir les habitants de toutes origines.",
            "Des réclamations montraient que certains habitants se sentaient jugés aux guichets.",
            "Une formation de deux jours, écrite avec des habitants, fait partie de chaque "
            "intégration.",
            "1 100 agents formés ; les réclamations sur l’accueil ont diminué de moitié.",
        ),
    ),
    (
        "media",
        ("media",),
        ("hate-speech",),
        ("general_public",),
        (
            "Diverse voices in {city}'s local media",
            "Journalists and residents of migrant background co-produce a monthly programme.",
            "Local news spoke about migrants but rarely with them.",
            "A radio programme and a newsletter are co-written with residents trained as reporters.",
            "Audience grew to 30,000 listeners; two reporters were hired by the local paper.",
        ),
        (
            "Des voix diverses dans les médias locaux de {city}",
            "Journalistes et habitants issus de l’immigration coproduisent une émission mensuelle.",
            "L’information locale parlait des migrants mais rarement avec eux.",
            "Une émission de radio et une lettre sont écrites avec des habitants formés au "
            "reportage.",
            "30 000 auditeurs ; deux reporters embauchés par le journal local.",
        ),
    ),
    (
        "sport",
        ("public_space", "cultural_civil"),
        ("participation",),
        ("youth", "women"),
        (
            "Sport for all in {city}'s parks",
            "Free coached sessions in parks open to every resident, with sessions for women.",
            "Sports clubs were expensive and few newcomers joined them.",
            "Coaches from local clubs lead free sessions; women-only hours at the pools.",
            "4,500 participants a year; clubs welcomed 600 new members.",
        ),
        (
            "Du sport pour tous dans les parcs de {city}",
            "Des séances gratuites encadrées dans les parcs, avec des créneaux pour les femmes.",
            "Les clubs coûtaient cher et peu de nouveaux arrivants s’y inscrivaient.",
            "Des entraîneurs des clubs animent des séances gratuites ; piscines réservées aux "
            "femmes à certaines heures.",
            "4 500 participants par an ; 600 nouveaux membres dans les clubs.",
        ),
    ),
]

CITIES_BY_THEME = {
    "welcome-desk": ["lyon", "oslo", "bilbao", "lisbon", "dublin", "montreal"],
    "anti-rumour": ["barcelona", "sabadell", "bilbao", "lublin", "patras", "amadora"],
    "language-cafe": ["oslo", "bergen", "geneva", "reykjavik", "tilburg", "lyon"],
    "mediation": ["lyon", "botkyrka", "duisburg", "subotica", "forli", "paris"],
    "schools": ["reggio-emilia", "neuchatel", "copenhagen", "lyon", "erlangen", "haifa"],
    "jobs": ["munich", "hamburg", "dortmund", "stavanger", "zurich", "ballarat"],
    "housing": ["berlin-neukolln", "geneva", "lisbon", "odessa", "oslo", "paris"],
    "council": ["neuchatel", "botkyrka", "dublin", "reggio-emilia", "montreal", "rijeka"],
    "festival": ["lyon", "barcelona", "valletta", "forli", "tilburg", "hamamatsu"],
    "staff-training": ["oslo", "munich", "copenhagen", "amman", "bergen", "zurich"],
    "media": ["paris", "lublin", "haifa", "dortmund", "amadora", "erlangen"],
    "sport": ["sabadell", "stavanger", "ballarat", "rijeka", "pavlograd", "lisbon"],
}

QUESTIONS = [
    (
        "coordinator.lyon@icc.example",
        "lyon",
        "refugee-reception",
        "",
        "fr",
        "Comment organisez-vous l’accueil des familles réfugiées l’été ?",
        "Nos centres ferment en août ; quelles solutions avez-vous trouvées ?",
        [
            (
                "coordinator.oslo@icc.example",
                "oslo",
                "en",
                "We keep the welcome desk open with volunteers and a rota of social workers.",
                True,
            )
        ],
    ),
    (
        "coordinator.oslo@icc.example",
        "oslo",
        "",
        "language",
        "en",
        "How do you measure the results of language cafés?",
        "We count participants but would like to know more about their progress.",
        [
            (
                "coordinator.lyon@icc.example",
                "lyon",
                "fr",
                "Nous faisons une courte enquête tous les six mois auprès des participants.",
                False,
            )
        ],
    ),
    (
        "network.spain@icc.example",
        None,
        "hate-speech",
        "",
        "en",
        "Who in your city answers hate speech online?",
        "Our anti-rumour network wants to act on social media too.",
        [],
    ),
    (
        "coordinator.lyon@icc.example",
        "lyon",
        "housing",
        "",
        "fr",
        "Des garanties de loyer pour les propriétaires : quelle expérience ?",
        "",
        [],
    ),
]

STORIES = [
    (
        "story",
        "lyon",
        "fr",
        "Quand le quartier a préparé sa fête",
        "Pendant un an, quarante associations ont préparé ensemble la fête du quartier. "
        "Voici ce que nous avons appris.",
    ),
    (
        "story",
        "oslo",
        "en",
        "What our welcome desk taught us",
        "One desk instead of twelve offices: the story of a simpler first month in Oslo.",
    ),
    (
        "story",
        "barcelona",
        "en",
        "Ten years of anti-rumour agents",
        "From a pilot in one district to a network copied by a hundred cities.",
    ),
    (
        "news",
        None,
        "en",
        "Annual meeting of the network",
        "The cities of the network meet in Lisbon to share their practices.",
    ),
    (
        "news",
        None,
        "fr",
        "Nouvelle édition de l’Index",
        "La nouvelle édition de l’Index des cités interculturelles est ouverte aux villes.",
    ),
]


def load(stdout: Any) -> None:
    """Add the demo challenges, practices, questions and stories once."""
    challenges = {
        slug: Challenge.objects.filter(slug=slug).first()
        or services.save_challenge(saved_by=None, slug=slug, names={"en": en, "fr": fr})
        for slug, en, fr in CHALLENGES
    }
    cities = {city.slug: city for city in City.objects.all()}
    created = 0
    for number, (key, areas, challenge_slugs, groups, english, french) in enumerate(THEMES):
        for position, slug in enumerate(CITIES_BY_THEME[key]):
            city = cities.get(slug)
            if city is None:
                continue
            created += _practice(
                city,
                number,
                position,
                areas,
                [challenges[c] for c in challenge_slugs],
                groups,
                english,
                french,
            )
    people = {user.email: user for user in User.objects.all()}
    for asker, city_slug, challenge, area, language, title, body, answers in QUESTIONS:
        if Question.objects.filter(title=title).exists() or asker not in people:
            continue
        question = services.ask_question(
            asked_by=people[asker],
            city=cities.get(city_slug or ""),
            title=title,
            body=body,
            language=language,
            challenge=challenges.get(challenge),
            area=area,
            is_demo=True,
        )
        for author, author_city, answer_language, text, helpful in answers:
            answer = services.answer_question(
                question,
                author=people.get(author),
                city=cities.get(author_city),
                body=text,
                language=answer_language,
                is_demo=True,
            )
            if helpful:
                services.mark_answer_helpful(answer, marked_by=people[asker])
    for kind, city_slug, language, title, body in STORIES:
        if Story.objects.filter(translations__title=title).exists():
            continue
        services.save_story(
            None,
            saved_by=None,
            kind=kind,
            city=cities.get(city_slug or ""),
            texts={language: {"title": title, "body": body}},
            is_published=True,
            original_language=language,
            is_demo=True,
        )
    stdout.write(
        f"Practices: {Practice.objects.filter(is_demo=True).count()} demo practices "
        f"({created} new), {Question.objects.count()} questions, "
        f"{Story.objects.count()} stories and news."
    )


def _practice(
    city: City,
    number: int,
    position: int,
    areas: tuple,
    challenges: list,
    groups: tuple,
    english: tuple,
    french: tuple,
) -> int:
    names = ("title", "summary", "problem", "actions", "results")
    texts = {
        "en": dict(zip(names, english, strict=True)),
        "fr": dict(zip(names, french, strict=True)),
    }
    texts = {
        language: {name: value.replace("{city}", city.name) for name, value in fields.items()}
        for language, fields in texts.items()
    }
    # One practice in six is written in one language only, as in real life.
    original = "fr" if "fr" in city.languages else "en"
    if position == 5:
        texts = {original: texts[original]}
    title = texts[original]["title"]
    if Practice.objects.filter(translations__title=title, city=city).exists():
        return 0
    practice = services.create_practice(
        created_by=None,
        record={
            "level": "local",
            "city": city,
            "country": str(city.country),
            "original_language": original,
            "target_groups": sorted(groups),
            "started_year": 2012 + (number + position) % 13,
            "is_demo": True,
            "contacts": [
                {
                    "name": f"Intercultural office of {city.name}",
                    "role": "",
                    "email": f"intercultural@{city.slug}.example",
                }
            ],
            "links": [],
        },
        texts=texts,
        areas=list(areas),
        challenges=challenges,
    )
    # A few stay in the workflow, so the moderation queue has work to show.
    if position == 4 and number % 3 == 0:
        return 1
    services.submit_practice(practice, submitted_by=None)
    if position == 3 and number % 4 == 0:
        return 1
    services.publish_practice(practice, published_by=None)
    Practice.objects.filter(pk=practice.pk).update(
        published_at=timezone.now() - timedelta(days=7 * (number * 6 + position))
    )
    return 1
