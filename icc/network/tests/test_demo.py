from django.core.management import call_command

from icc.accounts.models import RoleGrant, User
from icc.core.models import Activity
from icc.network.models import City, NationalNetwork


def test_demo_network_loads_once_and_a_second_run_changes_nothing(db) -> None:
    call_command("load_demo", verbosity=0)
    counts = (
        City.objects.count(),
        NationalNetwork.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        Activity.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        City.objects.count(),
        NationalNetwork.objects.count(),
        User.objects.count(),
        RoleGrant.objects.count(),
        Activity.objects.count(),
    )
    assert counts[0] >= 40
    assert counts[1] == 8
    assert set(RoleGrant.objects.values_list("role", flat=True)) == {
        "secretariat",
        "city_coordinator",
        "city_editor",
        "network_coordinator",
        "expert",
        "ngo_representative",
    }
    assert not City.objects.filter(has_demo_figures=False).exists()
