# Prose, one paragraph per line: wrapping it would only scatter the sentences.
# ruff: noqa: E501
"""The demo library's text resources, in English and French, written for the platform."""

# Text resources of the library: (slug, category, audience, public, {language: (title, summary, body)})
RESOURCES: list[tuple[str, str, str, bool, dict[str, tuple[str, str, str]]]] = [
    (
        "key-messages-for-the-city",
        "key_messages",
        "communication",
        True,
        {
            "en": (
                "Key messages for an intercultural city",
                "Five short messages a city can adapt for speeches, web pages and social media.",
                "1. **Diversity is part of who we are.** Our residents come from many places, and that is a strength we choose to build on.\n"
                "2. **Everyone has the same rights and the same chances.** We check that our services reach every resident.\n"
                "3. **We meet, we mix.** Schools, parks, markets and clubs are where neighbours become fellow citizens.\n"
                "4. **Residents shape the city.** Newcomers and long-time residents alike have a say in what we decide.\n"
                "5. **We learn from other cities** of the Intercultural Cities network, and they learn from us.",
            ),
            "fr": (
                "Messages clés pour une cité interculturelle",
                "Cinq messages courts qu’une ville peut adapter pour ses discours, ses pages web et ses réseaux sociaux.",
                "1. **La diversité fait partie de ce que nous sommes.** Nos habitants viennent de nombreux horizons, et c’est une force sur laquelle nous choisissons de bâtir.\n"
                "2. **Chacun a les mêmes droits et les mêmes chances.** Nous vérifions que nos services atteignent chaque habitant.\n"
                "3. **Nous nous rencontrons, nous nous mélangeons.** Écoles, parcs, marchés et clubs sont les lieux où des voisins deviennent des concitoyens.\n"
                "4. **Les habitants façonnent la ville.** Nouveaux arrivants comme habitants de longue date ont leur mot à dire.\n"
                "5. **Nous apprenons des autres villes** du réseau des Cités interculturelles, et elles apprennent de nous.",
            ),
        },
    ),
    (
        "alternative-narratives-guide",
        "narratives",
        "all_members",
        False,
        {
            "en": (
                "A short guide to alternative narratives",
                "How to answer a rumour without repeating it.",
                "### Start from shared values\n\nOpen with what the audience already cares about (safety, fairness, good schools), not with the rumour.\n\n"
                "### Do not repeat the rumour\n\nEach repetition spreads it. Say what is true instead.\n\n"
                "### Give a face and a figure\n\nOne resident's story and one checked figure are remembered longer than a table.\n\n"
                "### Choose the messenger\n\nA neighbour, a teacher or a shopkeeper is often heard better than the city hall.",
            ),
            "fr": (
                "Petit guide des récits alternatifs",
                "Comment répondre à une rumeur sans la répéter.",
                "### Partir des valeurs communes\n\nCommencez par ce qui compte déjà pour le public (la sécurité, l’équité, de bonnes écoles), pas par la rumeur.\n\n"
                "### Ne pas répéter la rumeur\n\nChaque répétition la propage. Dites plutôt ce qui est vrai.\n\n"
                "### Un visage et un chiffre\n\nL’histoire d’un habitant et un chiffre vérifié restent en mémoire plus longtemps qu’un tableau.\n\n"
                "### Choisir le messager\n\nUn voisin, une enseignante ou un commerçant est souvent mieux entendu que la mairie.",
            ),
        },
    ),
    (
        "press-kit-basics",
        "press_kit",
        "communication",
        True,
        {
            "en": (
                "Press kit: the network in brief",
                "Facts about the Intercultural Cities programme for journalists.",
                "- **What:** a programme of the Council of Europe that helps cities design policies for diverse populations.\n"
                "- **Since:** 2008.\n"
                "- **Who:** member cities in Europe and beyond, several national networks, and a secretariat in Strasbourg.\n"
                "- **How:** the ICC Index, expert visits, peer learning, and shared good practices.",
            ),
            "fr": (
                "Dossier de presse : le réseau en bref",
                "Les faits sur le programme des Cités interculturelles pour les journalistes.",
                "- **Quoi :** un programme du Conseil de l’Europe qui aide les villes à concevoir des politiques pour des populations diverses.\n"
                "- **Depuis :** 2008.\n"
                "- **Qui :** des villes membres en Europe et au-delà, plusieurs réseaux nationaux et un secrétariat à Strasbourg.\n"
                "- **Comment :** l’Index ICC, les visites d’experts, l’apprentissage entre pairs et le partage de bonnes pratiques.",
            ),
        },
    ),
]

# A pack of files, made at load: a web banner per language (slug, {language: (title, summary,
# banner text)}). Version 1 has the English banner; version 2 adds the French one, so the
# page shows what changed in a pack.
BANNER_PACK = (
    "welcome-banners",
    {
        "en": (
            "Web banners: we are an intercultural city",
            "Banners of 1200 × 300 pixels for a city's website and newsletters, to adapt to the city's own style.",
            "We are an intercultural city",
        ),
        "fr": (
            "Bannières web : nous sommes une cité interculturelle",
            "Des bannières de 1200 × 300 pixels pour le site et les lettres d’information d’une ville, à adapter à son propre style.",
            "Nous sommes une cité interculturelle",
        ),
    },
)
