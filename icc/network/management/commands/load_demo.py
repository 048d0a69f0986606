"""Load the demo network; running it again changes nothing and duplicates nothing."""

import importlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from icc.accounts.models import User
from icc.accounts.services import grant_role
from icc.network import services
from icc.network.demo_data import (
    CITIES,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    FRENCH_NAMES,
    NATIONAL_NETWORKS,
    PEOPLE,
)
from icc.network.models import City, NationalNetwork


class Command(BaseCommand):
    help = "Load the demo network: cities, national networks and one account per role."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        networks = {
            slug: self._network(slug, name, country, year)
            for slug, name, country, year in NATIONAL_NETWORKS
        }
        cities = {row[0]: self._city(row, networks) for row in CITIES}
        for email, full_name, language, role, city_slug, network_slug in PEOPLE:
            user = self._person(email, full_name, language)
            grant_role(
                user,
                role,
                granted_by=None,
                city=cities.get(city_slug or ""),
                national_network=networks.get(network_slug or ""),
            )
            if role == "secretariat":
                self._demo_totp(user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network ready: {len(cities)} cities, {len(networks)} national networks, "
                f"{len(PEOPLE)} people."
            )
        )
        # Each feature app may add its demo content in icc/<app>/demo.py: load(stdout), and
        # load_late(stdout) for what needs every other app's demo (run after all of them).
        modules = []
        for config in apps.get_app_configs():
            if config.name.startswith("icc.") and config.name != "icc.network":
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(self.stdout)
                modules.append(module)
        for module in modules:
            if hasattr(module, "load_late"):
                module.load_late(self.stdout)

    def _network(self, slug: str, name: str, country: str, year: int | None) -> NationalNetwork:
        fields = {"name": name, "country": country, "founded_year": year}
        network = NationalNetwork.objects.filter(slug=slug).first()
        if network is None:
            return services.create_national_network(created_by=None, slug=slug, **fields)
        return services.update_national_network(network, changed_by=None, data=fields)

    def _city(self, row: tuple, networks: dict[str, NationalNetwork]) -> City:
        (
            slug,
            name,
            country,
            region,
            population,
            population_year,
            share,
            share_year,
            languages,
            latitude,
            longitude,
            status,
            joined,
            network_slug,
        ) = row
        fields = {
            "name": name,
            "names": {"fr": FRENCH_NAMES[slug]} if slug in FRENCH_NAMES else {},
            "country": country,
            "region": region,
            "population": population,
            "population_year": population_year,
            "foreign_born_share": Decimal(str(share)),
            "foreign_born_year": share_year,
            "languages": languages,
            "latitude": Decimal(str(latitude)),
            "longitude": Decimal(str(longitude)),
            "status": status,
            "joined_on": date.fromisoformat(joined) if joined else None,
            "national_network": networks.get(network_slug or ""),
            "has_demo_figures": True,
        }
        city = City.objects.filter(slug=slug).first()
        if city is None:
            return services.create_city(created_by=None, slug=slug, **fields)
        # The status changes only through recorded status changes, never on a reload.
        profile = {
            name: value for name, value in fields.items() if name not in ("status", "joined_on")
        }
        return services.update_city(city, changed_by=None, data=profile)

    def _person(self, email: str, full_name: str, language: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=full_name, language=language
            )
        return user

    def _demo_totp(self, user: User) -> None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
