"""Row links reversed once per list (thiduakt.links)."""

from django.urls import reverse

from thiduakt.links import pk_url


def test_a_rows_link_is_the_reversed_url_with_its_key():
    url = pk_url("awards:dossier_detail")
    assert [url(pk) for pk in (1, 42, 2_147_483_646)] == [
        reverse("awards:dossier_detail", args=[pk]) for pk in (1, 42, 2_147_483_646)
    ]
    assert url("7") == "/khen-thuong/ho-so/7/"  # the key as the template or a form gives it


def test_the_arguments_before_the_key_are_kept():
    url = pk_url("clusters:year_detail", 36)
    assert url(2024) == reverse("clusters:year_detail", args=[36, 2024]) == "/cum-khoi/36/2024/"
