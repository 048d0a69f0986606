"""The attack kept as a suite: every test here is marked ``security``.

``pytest -m security`` runs only these; ``make test`` runs them with the rest.
"""

from pathlib import Path

import pytest

from conftest import Persona

SECURITY_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder, so ``-m security`` selects the whole attack."""
    for item in items:
        if item.path.is_relative_to(SECURITY_DIR):
            item.add_marker(pytest.mark.security)


@pytest.fixture
def secretariat_totp_secret(secretariat: Persona) -> str:
    """Return the secret of the secretariat persona's authenticator app."""
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    authenticator = Authenticator.objects.get(user=secretariat.user, type=Authenticator.Type.TOTP)
    return str(get_adapter().decrypt(authenticator.data["secret"]))
