"""The "PDF of this page": the header logo keeps its on-screen size on paper.

WeasyPrint ignores the ``width`` and ``height`` attributes of an image (presentational
hints), so a logo sized only by them filled the page's width; the stylesheet sizes it.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def logo_boxes(box):
    """Yield the layout boxes of the header's logo, wherever they are in the tree."""
    element = getattr(box, "element", None)
    if (
        hasattr(box, "replacement")
        and element is not None
        and element.tag == "img"
        and element.get("src", "").split("?")[0].rsplit("/", 1)[-1].startswith("icon")
    ):
        yield box
    for child in getattr(box, "children", ()):
        yield from logo_boxes(child)


def test_the_logo_is_two_rem_wide_in_the_pdf_of_a_page(lyon):
    from weasyprint import HTML

    from icc.core.pdf import _static_files_fetcher

    html = Client().get("/en/cities/lyon/").content.decode()
    document = HTML(
        string=html, base_url="http://testserver/", url_fetcher=_static_files_fetcher()
    ).render()

    boxes = [box for page in document.pages for box in logo_boxes(page._page_box)]
    assert boxes, "the PDF has the header logo"
    assert all(box.width <= 40 and box.height <= 40 for box in boxes)
