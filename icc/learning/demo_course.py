# Prose, one paragraph per line: wrapping it would only scatter the sentences.
# ruff: noqa: E501
"""The text of the demo induction course, in English and French, written for the platform.

Facts about the network and its methods, in the platform's own words (nothing is copied
from Council of Europe publications). Each lesson is ``(title, body)`` per language; a
check lists questions ``(kind, prompt, [(is_right, label, feedback)])`` per language.
"""

from typing import Any

SLUG = "welcome-to-the-network"

TITLE = {
    "en": (
        "Welcome to Intercultural Cities",
        "An induction for the people of new member cities: the ideas behind the network, how it works, the Index, anti-rumours and this platform. About three hours, at your own pace.",
    ),
    "fr": (
        "Bienvenue dans les Cités interculturelles",
        "Une introduction pour les personnes des nouvelles villes membres : les idées du réseau, son fonctionnement, l'Index, l'anti-rumeurs et cette plateforme. Environ trois heures, à votre rythme.",
    ),
}


def lesson(en: tuple[str, str], fr: tuple[str, str]) -> dict[str, Any]:
    return {"kind": "text", "en": en, "fr": fr}


def check(title: dict[str, str], questions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"kind": "check", "title": title, "questions": questions}


MODULES: list[dict[str, Any]] = [
    {
        "title": {
            "en": "The intercultural integration paradigm",
            "fr": "Le paradigme de l'intégration interculturelle",
        },
        "lessons": [
            lesson(
                (
                    "Diversity as an advantage",
                    "Intercultural policy starts from a simple observation: a city whose people come from many places holds more skills, languages, networks and ideas than a city that does not.\n\n"
                    "Whether that diversity becomes an **advantage** depends on what the city does. Left alone, difference can turn into distance and distrust; managed well, it feeds innovation, trade and a lively public life.\n\n"
                    "### What this means for your city\n\n"
                    "- Look at migrants and minorities as residents who bring resources, not only as people with needs.\n"
                    "- Count what diversity already brings: businesses started, languages spoken in schools, cultural life.\n"
                    "- Say it publicly: the way leaders talk about diversity shapes how residents see it.",
                ),
                (
                    "La diversité comme avantage",
                    "La politique interculturelle part d'un constat simple : une ville dont les habitants viennent de nombreux horizons réunit plus de compétences, de langues, de réseaux et d'idées qu'une ville qui ne les a pas.\n\n"
                    "Que cette diversité devienne un **avantage** dépend de ce que fait la ville. Laissée à elle-même, la différence peut tourner en distance et en méfiance ; bien accompagnée, elle nourrit l'innovation, les échanges économiques et une vie publique animée.\n\n"
                    "### Ce que cela veut dire pour votre ville\n\n"
                    "- Voir les personnes migrantes et les minorités comme des habitants qui apportent des ressources, pas seulement comme des personnes ayant des besoins.\n"
                    "- Mesurer ce que la diversité apporte déjà : entreprises créées, langues parlées à l'école, vie culturelle.\n"
                    "- Le dire publiquement : la manière dont les responsables parlent de la diversité façonne le regard des habitants.",
                ),
            ),
            lesson(
                (
                    "Equality",
                    "The second principle is **equality**: every resident should have the same rights and the same real chances, whatever their origin, language or religion.\n\n"
                    "Equal rules on paper are not enough. A city checks whether its own services reach everyone: who applies for housing, who succeeds at school, who is hired by the city itself.\n\n"
                    "### Questions to ask\n\n"
                    "1. Do our figures let us see unequal outcomes, or do we not measure them?\n"
                    "2. Can a resident report discrimination, and is anything done about it?\n"
                    "3. Does the city's own workforce look like the city's population?",
                ),
                (
                    "L'égalité",
                    "Le deuxième principe est l'**égalité** : chaque habitant doit avoir les mêmes droits et les mêmes chances réelles, quelles que soient son origine, sa langue ou sa religion.\n\n"
                    "Des règles égales sur le papier ne suffisent pas. Une ville vérifie si ses propres services atteignent tout le monde : qui demande un logement, qui réussit à l'école, qui la ville elle-même recrute.\n\n"
                    "### Questions à se poser\n\n"
                    "1. Nos chiffres permettent-ils de voir les inégalités de résultats, ou ne les mesurons-nous pas ?\n"
                    "2. Un habitant peut-il signaler une discrimination, et cela a-t-il une suite ?\n"
                    "3. Le personnel de la ville ressemble-t-il à sa population ?",
                ),
            ),
            lesson(
                (
                    "Interaction",
                    "Equality alone can leave groups living side by side without meeting. The intercultural approach adds **interaction**: people of different backgrounds should have real occasions to meet, work and decide together.\n\n"
                    "Mixing happens in ordinary places more than in special events: schools, markets, sports clubs, libraries, parks, workplaces. The city can design these places and their rules so that they bring people together rather than keep them apart.\n\n"
                    "Interaction also means dealing with conflict openly. Mediation, trained staff and clear rules help a city turn tension into dialogue instead of avoiding it.",
                ),
                (
                    "L'interaction",
                    "L'égalité seule peut laisser des groupes vivre côte à côte sans se rencontrer. L'approche interculturelle ajoute l'**interaction** : des personnes d'origines différentes doivent avoir de vraies occasions de se rencontrer, de travailler et de décider ensemble.\n\n"
                    "Le mélange se fait dans les lieux ordinaires plus que dans les événements spéciaux : écoles, marchés, clubs sportifs, bibliothèques, parcs, lieux de travail. La ville peut concevoir ces lieux et leurs règles pour qu'ils rapprochent les gens au lieu de les séparer.\n\n"
                    "L'interaction, c'est aussi traiter les conflits ouvertement. La médiation, un personnel formé et des règles claires aident une ville à transformer les tensions en dialogue plutôt qu'à les éviter.",
                ),
            ),
            lesson(
                (
                    "Participation",
                    "The fourth principle is **participation**: residents of every background take part in shaping the decisions that affect them, not only in receiving services.\n\n"
                    "In practice this can mean advisory councils that have a real say, consultations held in several languages, support for associations led by migrants, and open doors to local public jobs and boards.\n\n"
                    "### The four principles together\n\n"
                    "| Principle | In one line |\n|---|---|\n| Diversity advantage | Difference is a resource to use |\n| Equality | Same rights, same real chances |\n| Interaction | Real occasions to meet and mix |\n| Participation | A share in power and decisions |",
                ),
                (
                    "La participation",
                    "Le quatrième principe est la **participation** : les habitants de toutes origines prennent part aux décisions qui les concernent, et pas seulement aux services qu'ils reçoivent.\n\n"
                    "Concrètement, il peut s'agir de conseils consultatifs qui pèsent vraiment, de consultations menées en plusieurs langues, d'un soutien aux associations animées par des personnes migrantes et d'un accès ouvert aux emplois et aux instances publiques locales.\n\n"
                    "### Les quatre principes ensemble\n\n"
                    "| Principe | En une ligne |\n|---|---|\n| Avantage de la diversité | La différence est une ressource à utiliser |\n| Égalité | Mêmes droits, mêmes chances réelles |\n| Interaction | De vraies occasions de se rencontrer |\n| Participation | Une part du pouvoir et des décisions |",
                ),
            ),
            check(
                {"en": "Check: the four principles", "fr": "Vérification : les quatre principes"},
                [
                    {
                        "kind": "single",
                        "en": (
                            "A city holds a yearly festival of cultures but its schools stay divided by origin. Which principle does it neglect most?",
                            [
                                (
                                    False,
                                    "Diversity advantage",
                                    "The festival does show diversity as something to celebrate.",
                                ),
                                (
                                    True,
                                    "Interaction",
                                    "Right: people meet once a year but not in everyday places such as schools.",
                                ),
                                (
                                    False,
                                    "None: a festival is enough",
                                    "A single event rarely changes who meets whom day to day.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Une ville organise chaque année une fête des cultures, mais ses écoles restent séparées selon l'origine. Quel principe néglige-t-elle le plus ?",
                            [
                                (
                                    False,
                                    "L'avantage de la diversité",
                                    "La fête montre bien la diversité comme une chose à célébrer.",
                                ),
                                (
                                    True,
                                    "L'interaction",
                                    "Exact : les gens se rencontrent une fois par an, mais pas dans les lieux du quotidien comme l'école.",
                                ),
                                (
                                    False,
                                    "Aucun : une fête suffit",
                                    "Un événement isolé change rarement qui rencontre qui au quotidien.",
                                ),
                            ],
                        ),
                    },
                    {
                        "kind": "multiple",
                        "en": (
                            "Which of these are signs of participation? (choose every right answer)",
                            [
                                (
                                    True,
                                    "An advisory council whose opinions the council must answer",
                                    "Yes: a real say, with an answer.",
                                ),
                                (
                                    True,
                                    "Consultations held in the main languages of the city",
                                    "Yes: language should not decide who takes part.",
                                ),
                                (
                                    False,
                                    "A leaflet about city services translated into ten languages",
                                    "Useful for access, but information is not yet participation.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Lesquels de ces éléments sont des signes de participation ? (choisissez toutes les bonnes réponses)",
                            [
                                (
                                    True,
                                    "Un conseil consultatif auquel le conseil municipal doit répondre",
                                    "Oui : une vraie voix, avec une réponse.",
                                ),
                                (
                                    True,
                                    "Des consultations menées dans les principales langues de la ville",
                                    "Oui : la langue ne doit pas décider de qui participe.",
                                ),
                                (
                                    False,
                                    "Un dépliant sur les services traduit en dix langues",
                                    "Utile pour l'accès, mais informer n'est pas encore faire participer.",
                                ),
                            ],
                        ),
                    },
                ],
            ),
        ],
    },
    {
        "title": {"en": "How the network works", "fr": "Comment fonctionne le réseau"},
        "lessons": [
            lesson(
                (
                    "Members, national networks and the secretariat",
                    "Intercultural Cities is a programme of the Council of Europe, started in 2008. Member cities of all sizes, in Europe and beyond, commit to intercultural policy and learn from one another.\n\n"
                    "- **Member cities** each name a coordinator, who is the network's contact and keeps the city's work moving.\n"
                    "- **National networks** group member cities of one country (Spain, Italy, Portugal, Norway and others) and run their own activities in their language.\n"
                    "- **The secretariat**, in Strasbourg, runs the programme: it welcomes new members, organises meetings and expert visits, and looks after the Index.",
                ),
                (
                    "Les villes membres, les réseaux nationaux et le secrétariat",
                    "Les Cités interculturelles sont un programme du Conseil de l'Europe, lancé en 2008. Des villes membres de toutes tailles, en Europe et au-delà, s'engagent dans une politique interculturelle et apprennent les unes des autres.\n\n"
                    "- **Les villes membres** désignent chacune un coordinateur ou une coordinatrice, contact du réseau et moteur du travail de la ville.\n"
                    "- **Les réseaux nationaux** regroupent les villes membres d'un même pays (Espagne, Italie, Portugal, Norvège et d'autres) et mènent leurs propres activités dans leur langue.\n"
                    "- **Le secrétariat**, à Strasbourg, fait vivre le programme : il accueille les nouveaux membres, organise les réunions et les visites d'experts, et prend soin de l'Index.",
                ),
            ),
            lesson(
                (
                    "Joining: the steps and what comes after",
                    "A city joins through a few steps, which this platform records one by one: a formal decision of the mayor or the council, the first answers to the Index, a statement of intent, a financial agreement, and an expert visit that leads to the city's intercultural profile.\n\n"
                    "Once a member, the city is expected to:\n\n"
                    "1. draw up or adapt an intercultural strategy with its departments and residents;\n"
                    "2. answer the Index again at each round, to measure progress;\n"
                    "3. share what it does, so other cities can learn from it.",
                ),
                (
                    "Adhérer : les étapes et la suite",
                    "Une ville adhère en quelques étapes, que cette plateforme enregistre une à une : une décision formelle du maire ou du conseil, les premières réponses à l'Index, une déclaration d'intention, un accord financier et une visite d'experts qui aboutit au profil interculturel de la ville.\n\n"
                    "Une fois membre, la ville est invitée à :\n\n"
                    "1. élaborer ou adapter une stratégie interculturelle avec ses services et ses habitants ;\n"
                    "2. répondre de nouveau à l'Index à chaque cycle, pour mesurer ses progrès ;\n"
                    "3. partager ce qu'elle fait, pour que d'autres villes en tirent des leçons.",
                ),
            ),
            lesson(
                (
                    "Learning from peers",
                    "The network's main strength is peer learning. Cities meet at the yearly coordinators' meeting, at thematic academies and webinars, and on study visits to see a practice in place.\n\n"
                    "On this platform you find **good practices** published by member cities, you can ask the network a question, and you are shown peer cities that do well where your Index results are weak. Mentoring pairs an experienced city with a newer one for a few months.",
                ),
                (
                    "Apprendre de ses pairs",
                    "La grande force du réseau est l'apprentissage entre pairs. Les villes se retrouvent lors de la réunion annuelle des coordinateurs et coordinatrices, d'académies thématiques et de webinaires, et lors de visites d'étude pour voir une pratique sur place.\n\n"
                    "Sur cette plateforme, vous trouvez les **bonnes pratiques** publiées par les villes membres, vous pouvez poser une question au réseau, et l'on vous propose des villes pairs qui réussissent là où vos résultats à l'Index sont faibles. Le mentorat associe pendant quelques mois une ville expérimentée à une ville plus récente.",
                ),
            ),
            check(
                {"en": "Check: the network", "fr": "Vérification : le réseau"},
                [
                    {
                        "kind": "single",
                        "en": (
                            "Who is your city's first contact with the network?",
                            [
                                (
                                    True,
                                    "The city's coordinator",
                                    "Right: each member city names one.",
                                ),
                                (
                                    False,
                                    "The mayor's office",
                                    "The mayor commits the city, but the coordinator is the day-to-day contact.",
                                ),
                                (
                                    False,
                                    "The national network",
                                    "A national network groups cities; it does not replace the city's coordinator.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Qui est le premier contact de votre ville avec le réseau ?",
                            [
                                (
                                    True,
                                    "Le coordinateur ou la coordinatrice de la ville",
                                    "Exact : chaque ville membre en désigne un ou une.",
                                ),
                                (
                                    False,
                                    "Le cabinet du maire",
                                    "Le maire engage la ville, mais le contact au quotidien est le coordinateur ou la coordinatrice.",
                                ),
                                (
                                    False,
                                    "Le réseau national",
                                    "Un réseau national regroupe des villes ; il ne remplace pas le coordinateur ou la coordinatrice de la ville.",
                                ),
                            ],
                        ),
                    },
                    {
                        "kind": "multiple",
                        "en": (
                            "Which of these are join steps recorded on the platform?",
                            [
                                (True, "A formal decision of the mayor or council", "Yes."),
                                (
                                    True,
                                    "An expert visit",
                                    "Yes: it leads to the city's intercultural profile.",
                                ),
                                (
                                    False,
                                    "A vote of every other member city",
                                    "No: membership is not decided by the other cities.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Lesquelles de ces étapes d'adhésion sont enregistrées sur la plateforme ?",
                            [
                                (True, "Une décision formelle du maire ou du conseil", "Oui."),
                                (
                                    True,
                                    "Une visite d'experts",
                                    "Oui : elle aboutit au profil interculturel de la ville.",
                                ),
                                (
                                    False,
                                    "Un vote de toutes les autres villes membres",
                                    "Non : l'adhésion n'est pas décidée par les autres villes.",
                                ),
                            ],
                        ),
                    },
                ],
            ),
        ],
    },
    {
        "title": {
            "en": "The ICC Index and how to answer it",
            "fr": "L'Index ICC et comment y répondre",
        },
        "lessons": [
            lesson(
                (
                    "What the Index measures",
                    "The Intercultural Cities Index is a questionnaire about a city's policies, grouped in **areas**: among them education, neighbourhoods, public services, business and the labour market, cultural and civil life, public space, mediation, language, media, the international outlook, welcoming newcomers, leadership and citizenship, anti-discrimination and participation.\n\n"
                    "Each answer is scored; the scores make a result per area and an overall result, which the city can compare with cities of similar size or with the whole network. The Index measures **policies and efforts**, not the quality of life of residents.",
                ),
                (
                    "Ce que mesure l'Index",
                    "L'Index des Cités interculturelles est un questionnaire sur les politiques d'une ville, regroupées en **domaines** : entre autres l'éducation, les quartiers, les services publics, l'entreprise et le marché du travail, la vie culturelle et civile, l'espace public, la médiation, la langue, les médias, l'ouverture internationale, l'accueil des nouveaux arrivants, le leadership et la citoyenneté, la lutte contre les discriminations et la participation.\n\n"
                    "Chaque réponse est notée ; les notes donnent un résultat par domaine et un résultat global, que la ville peut comparer à ceux de villes de taille semblable ou de tout le réseau. L'Index mesure des **politiques et des efforts**, pas la qualité de vie des habitants.",
                ),
            ),
            lesson(
                (
                    "Answering: evidence, rounds and review",
                    "The Index is answered in **rounds**. During a round, the coordinator and the city's editors answer on the platform, question by question; answers are saved as you go.\n\n"
                    "- Give **evidence** for each answer: a link, a document, a decision. An answer without evidence is hard to check.\n"
                    "- Ask the departments concerned rather than guessing: the Index is also a way to start that conversation.\n"
                    "- When the city submits, the secretariat and experts review the answers and may ask questions; you can reply and correct.",
                ),
                (
                    "Répondre : justificatifs, cycles et relecture",
                    "L'Index se remplit par **cycles**. Pendant un cycle, le coordinateur ou la coordinatrice et les éditeurs de la ville répondent sur la plateforme, question par question ; les réponses sont enregistrées au fur et à mesure.\n\n"
                    "- Donnez un **justificatif** pour chaque réponse : un lien, un document, une délibération. Une réponse sans justificatif est difficile à vérifier.\n"
                    "- Interrogez les services concernés plutôt que de deviner : l'Index est aussi une façon d'ouvrir ce dialogue.\n"
                    "- Quand la ville soumet, le secrétariat et les experts relisent les réponses et peuvent poser des questions ; vous pouvez répondre et corriger.",
                ),
            ),
            lesson(
                (
                    "Reading your results",
                    "When results are published, the city sees its score per area beside those of comparable cities, and the areas where it progressed or fell back since the last round.\n\n"
                    "Use the results to choose **two or three areas** to work on, not to rank the city. The platform suggests peer cities that score well in your weakest areas and their published practices: a good place to start a conversation.",
                ),
                (
                    "Lire vos résultats",
                    "Quand les résultats sont publiés, la ville voit son score par domaine à côté de ceux de villes comparables, et les domaines où elle a progressé ou reculé depuis le cycle précédent.\n\n"
                    "Servez-vous des résultats pour choisir **deux ou trois domaines** de travail, pas pour classer la ville. La plateforme propose des villes pairs qui réussissent dans vos domaines les plus faibles, avec leurs pratiques publiées : un bon point de départ pour un échange.",
                ),
            ),
            check(
                {"en": "Check: the Index", "fr": "Vérification : l'Index"},
                [
                    {
                        "kind": "single",
                        "en": (
                            "What does the Index measure?",
                            [
                                (
                                    False,
                                    "How happy residents are",
                                    "No: it does not survey residents.",
                                ),
                                (True, "The city's intercultural policies and efforts", "Right."),
                                (
                                    False,
                                    "The share of migrants in the population",
                                    "No: size of diversity is context, not a score.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Que mesure l'Index ?",
                            [
                                (
                                    False,
                                    "Le bonheur des habitants",
                                    "Non : il n'interroge pas les habitants.",
                                ),
                                (
                                    True,
                                    "Les politiques et les efforts interculturels de la ville",
                                    "Exact.",
                                ),
                                (
                                    False,
                                    "La part de personnes migrantes dans la population",
                                    "Non : l'ampleur de la diversité est un contexte, pas une note.",
                                ),
                            ],
                        ),
                    },
                    {
                        "kind": "single",
                        "en": (
                            "What makes an answer easy to review?",
                            [
                                (
                                    True,
                                    "Evidence: a link, a document or a decision",
                                    "Right: reviewers can check it.",
                                ),
                                (
                                    False,
                                    "A long explanation without sources",
                                    "Length does not replace evidence.",
                                ),
                                (
                                    False,
                                    "The highest option, to be safe",
                                    "Reviewers will ask for evidence, and results must be honest to be useful.",
                                ),
                            ],
                        ),
                        "fr": (
                            "Qu'est-ce qui rend une réponse facile à relire ?",
                            [
                                (
                                    True,
                                    "Un justificatif : un lien, un document ou une délibération",
                                    "Exact : les relecteurs peuvent le vérifier.",
                                ),
                                (
                                    False,
                                    "Une longue explication sans sources",
                                    "La longueur ne remplace pas un justificatif.",
                                ),
                                (
                                    False,
                                    "L'option la plus haute, par précaution",
                                    "Les relecteurs demanderont un justificatif, et des résultats ne sont utiles que s'ils sont honnêtes.",
                                ),
                            ],
                        ),
                    },
                ],
            ),
        ],
    },
    {
        "title": {"en": "Anti-rumours in brief", "fr": "L'anti-rumeurs en bref"},
        "lessons": [
            lesson(
                (
                    "What a rumour does",
                    'Rumours about migrants and minorities ("they get housing first", "they do not want to work") spread because they give simple answers to real worries. Facts alone rarely stop them.\n\n'
                    "The anti-rumours method, first tried in Barcelona in 2010 and since used by many member cities, works on the **conversations** where rumours live: it trains residents and staff as anti-rumour agents who question a rumour calmly, with empathy and a few facts, in everyday places.",
                ),
                (
                    "Ce que fait une rumeur",
                    "Les rumeurs sur les personnes migrantes et les minorités (« elles passent avant tout le monde pour le logement », « elles ne veulent pas travailler ») se propagent parce qu'elles donnent des réponses simples à de vraies inquiétudes. Les faits seuls les arrêtent rarement.\n\n"
                    "La méthode anti-rumeurs, essayée d'abord à Barcelone en 2010 et reprise depuis par de nombreuses villes membres, agit sur les **conversations** où vivent les rumeurs : elle forme des habitants et des agents comme agents anti-rumeurs, qui questionnent une rumeur avec calme, empathie et quelques faits, dans les lieux du quotidien.",
                ),
            ),
            lesson(
                (
                    "Building a strategy",
                    "An anti-rumours strategy is more than a campaign. It usually has:\n\n"
                    "1. a **diagnosis**: which rumours circulate, where and among whom;\n"
                    "2. a **network** of associations, services and residents who carry the work;\n"
                    "3. **training** of anti-rumour agents;\n"
                    "4. **actions** in public space, schools, media and social networks, with messages that start from shared values rather than from the rumour;\n"
                    "5. an **evaluation** of what changed.\n\n"
                    "The communication toolkits in the resource library give examples of messages and visuals.",
                ),
                (
                    "Construire une stratégie",
                    "Une stratégie anti-rumeurs est plus qu'une campagne. Elle comprend en général :\n\n"
                    "1. un **diagnostic** : quelles rumeurs circulent, où et chez qui ;\n"
                    "2. un **réseau** d'associations, de services et d'habitants qui porte le travail ;\n"
                    "3. la **formation** d'agents anti-rumeurs ;\n"
                    "4. des **actions** dans l'espace public, les écoles, les médias et les réseaux sociaux, avec des messages qui partent de valeurs partagées plutôt que de la rumeur ;\n"
                    "5. une **évaluation** de ce qui a changé.\n\n"
                    "Les outils de communication de la bibliothèque de ressources donnent des exemples de messages et de visuels.",
                ),
            ),
        ],
    },
    {
        "title": {"en": "Using the platform", "fr": "Utiliser la plateforme"},
        "lessons": [
            lesson(
                (
                    "Your account, roles and notifications",
                    "Your account holds a **role** for your city: coordinator or editor. The coordinator invites editors and keeps the city's profile; both may answer the Index and write practices.\n\n"
                    "In your settings you choose your language (English or French) and whether notifications come by mail at once or in one daily message. A banner tells you when your city may read but not act, for example while its membership is suspended.",
                ),
                (
                    "Votre compte, vos rôles et vos notifications",
                    "Votre compte porte un **rôle** pour votre ville : coordinateur ou coordinatrice, ou éditeur. Le coordinateur ou la coordinatrice invite les éditeurs et tient le profil de la ville ; tous peuvent répondre à l'Index et rédiger des pratiques.\n\n"
                    "Dans vos paramètres, vous choisissez votre langue (anglais ou français) et si les notifications arrivent par courriel aussitôt ou dans un message quotidien. Un bandeau vous indique quand votre ville peut consulter mais pas agir, par exemple pendant une suspension de son adhésion.",
                ),
            ),
            lesson(
                (
                    "Practices, questions and courses",
                    "- **Good practices**: write one as a draft, add photos and documents, and submit it; a moderator reviews it before it is published.\n"
                    "- **Questions to the network**: ask how other cities handle something; answers come from their coordinators.\n"
                    "- **Courses**: like this one. Your progress is kept lesson by lesson; when you finish, you download a certificate whose code anyone can check.\n\n"
                    "Welcome to the network!",
                ),
                (
                    "Pratiques, questions et cours",
                    "- **Bonnes pratiques** : rédigez-en une comme brouillon, ajoutez photos et documents, puis soumettez-la ; une personne chargée de la modération la relit avant publication.\n"
                    "- **Questions au réseau** : demandez comment d'autres villes s'y prennent ; les réponses viennent de leurs coordinateurs et coordinatrices.\n"
                    "- **Cours** : comme celui-ci. Votre progression est gardée leçon par leçon ; à la fin, vous téléchargez un certificat dont chacun peut vérifier le code.\n\n"
                    "Bienvenue dans le réseau !",
                ),
            ),
        ],
    },
]
