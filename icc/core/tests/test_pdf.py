"""'PDF of this page' renders the same page, with the reader's permissions, as a real PDF."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_city_profile_pdf_holds_the_city_and_its_figures(client, lyon) -> None:
    response = client.get("/en/cities/lyon/?format=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Lyon" in text
    assert "522,000" in text
    assert "PDF of this page" not in text


def test_pdf_is_in_the_page_language(client, lyon) -> None:
    text = pdf_text(client.get("/fr/villes/lyon/?format=pdf").content)
    assert "Population" in text
    assert "Chiffres clés" in text or "Lyon" in text


def test_pdf_of_a_hidden_page_is_refused(client, lyon, secretariat) -> None:
    from datetime import date

    from icc.network.services import change_city_status

    change_city_status(
        lyon,
        to="left",
        reason="Left the network",
        changed_on=date(2026, 1, 1),
        changed_by=secretariat.user,
    )
    assert client.get("/en/cities/lyon/?format=pdf").status_code == 404
