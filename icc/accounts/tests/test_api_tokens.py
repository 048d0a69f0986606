from icc.accounts.models import ApiToken


def test_new_token_key_is_shown_once_and_only_its_hash_is_kept(lyon_coordinator) -> None:
    client = lyon_coordinator.client()
    response = client.post("/en/accounts/api-tokens/", {"name": "sync script"})
    key = response.context["new_key"]
    assert key.startswith("icc_")
    token = ApiToken.objects.get(user=lyon_coordinator.user)
    assert key not in token.key_hash
    assert key.encode() not in client.get("/en/accounts/api-tokens/").content


def test_person_revokes_own_token_but_not_anothers(lyon_coordinator, oslo_coordinator) -> None:
    lyon_coordinator.client().post("/en/accounts/api-tokens/", {"name": "x"})
    token = ApiToken.objects.get()
    assert (
        oslo_coordinator.client().post(f"/en/accounts/api-tokens/{token.pk}/revoke/").status_code
        == 404
    )
    assert (
        lyon_coordinator.client().post(f"/en/accounts/api-tokens/{token.pk}/revoke/").status_code
        == 302
    )
    token.refresh_from_db()
    assert not token.is_active
