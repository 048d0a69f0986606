"""Personas and the small network they live in, shared by every test.

State is built through the platform's own services, as a user would build it.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client

from icc.accounts.models import Role, User
from icc.accounts.services import grant_role
from icc.network import services as network_services
from icc.network.models import City, NationalNetwork

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Persona:
    """A named person of the test network, or the anonymous visitor when ``user`` is None."""

    name: str
    user: User | None

    def client(self) -> Client:
        """Return a test client signed in as this persona."""
        client = Client()
        if self.user is not None:
            client.force_login(self.user)
        return client


def make_person(email: str, *, full_name: str = "", language: str = "en") -> User:
    """Create an account the way an accepted invitation does."""
    return User.objects.create_user(email, PASSWORD, full_name=full_name, language=language)


def activate_totp(user: User) -> str:
    """Give ``user`` a TOTP authenticator and return its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def reci(db: None) -> NationalNetwork:
    return network_services.create_national_network(
        created_by=None, name="RECI", slug="reci", country="ES", founded_year=2011
    )


@pytest.fixture
def lyon(db: None) -> City:
    return network_services.create_city(
        created_by=None,
        name="Lyon",
        slug="lyon",
        country="FR",
        region="Auvergne-Rhône-Alpes",
        population=522_000,
        population_year=2021,
        status=City.Status.MEMBER,
        joined_on="2008-01-15",
        languages=["fr"],
    )


@pytest.fixture
def oslo(db: None) -> City:
    return network_services.create_city(
        created_by=None,
        name="Oslo",
        slug="oslo",
        country="NO",
        population=700_000,
        population_year=2022,
        status=City.Status.MEMBER,
        joined_on="2008-01-15",
        languages=["nb"],
    )


@pytest.fixture
def barcelona(db: None, reci: NationalNetwork) -> City:
    return network_services.create_city(
        created_by=None,
        name="Barcelona",
        slug="barcelona",
        country="ES",
        population=1_660_000,
        population_year=2022,
        status=City.Status.MEMBER,
        joined_on="2008-11-01",
        national_network=reci,
    )


@pytest.fixture
def secretariat(db: None) -> Persona:
    user = make_person("secretariat@test.example", full_name="Sam Secretariat")
    grant_role(user, Role.SECRETARIAT, granted_by=None)
    activate_totp(user)
    return Persona("secretariat", user)


@pytest.fixture
def lyon_coordinator(lyon: City) -> Persona:
    user = make_person("coordinator@lyon.test", full_name="Camille Martin", language="fr")
    grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=lyon)
    return Persona("lyon_coordinator", user)


@pytest.fixture
def lyon_editor(lyon: City) -> Persona:
    user = make_person("editor@lyon.test", full_name="Louis Bernard", language="fr")
    grant_role(user, Role.CITY_EDITOR, granted_by=None, city=lyon)
    return Persona("lyon_editor", user)


@pytest.fixture
def oslo_coordinator(oslo: City) -> Persona:
    user = make_person("coordinator@oslo.test", full_name="Ingrid Hansen")
    grant_role(user, Role.CITY_COORDINATOR, granted_by=None, city=oslo)
    return Persona("oslo_coordinator", user)


@pytest.fixture
def reci_coordinator(reci: NationalNetwork) -> Persona:
    user = make_person("coordinator@reci.test", full_name="Lucía García")
    grant_role(user, Role.NETWORK_COORDINATOR, granted_by=None, national_network=reci)
    return Persona("reci_coordinator", user)


@pytest.fixture
def expert(db: None) -> Persona:
    user = make_person("expert@test.example", full_name="Elena Expert")
    grant_role(user, Role.EXPERT, granted_by=None)
    return Persona("expert", user)


@pytest.fixture
def visitor(db: None) -> Persona:
    return Persona("visitor", None)


PERSONA_NAMES = [
    "visitor",
    "secretariat",
    "lyon_coordinator",
    "lyon_editor",
    "oslo_coordinator",
    "reci_coordinator",
    "expert",
]


@pytest.fixture
def personas(
    request: pytest.FixtureRequest, lyon: City, oslo: City, barcelona: City
) -> dict[str, Persona]:
    """Return every persona, keyed by name, in one network."""
    return {name: request.getfixturevalue(name) for name in PERSONA_NAMES}


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Start every test with an empty cache, so no page or counter leaks between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Give every test the default language back: a request to /fr/ leaves French active."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)
