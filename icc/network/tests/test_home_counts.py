"""The home page's figures agree in number with their count: "1 member city", "1 ville membre"."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_one_member_city_is_counted_in_the_singular(lyon):
    english = Client().get("/en/").content.decode()
    french = Client().get("/fr/").content.decode()

    assert "<strong>1</strong> member city<" in english
    assert "<strong>1</strong> country<" in english
    assert "<strong>1</strong> ville membre<" in french
    assert "1</strong> member cities" not in english and "1</strong> villes" not in french
