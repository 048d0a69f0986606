"""Uploaded images placed in Markdown: built by the platform, never from what people write."""

from icc.core.markup import InlineImage, image_references, render_markdown

MAP = {"7": InlineImage("/files/lesson-file/7/map.png", 'A "map" <of> cities', "The network")}


def test_an_image_alone_on_its_line_is_a_figure_and_within_a_line_an_image():
    html = render_markdown("Before.\n\n![](image:7)\n\nSee ![the map](image:7) here.", images=MAP)
    assert html.startswith(
        '<p>Before.</p>\n<figure><img src="/files/lesson-file/7/map.png" '
        'alt="A &quot;map&quot; &lt;of&gt; cities" loading="lazy">'
        "<figcaption>The network</figcaption></figure>"
    )
    assert 'See <img src="/files/lesson-file/7/map.png" alt="the map" loading="lazy"> here.' in html


def test_nothing_written_becomes_an_image_by_itself():
    text = (
        '![x](image:8) ![y](https://elsewhere.example/y.png) <img src="x" onerror="alert(1)"> '
        "[link](![](image:7))"
    )
    html = render_markdown(text, images=MAP)
    assert html.count("<img") == 0 and "onerror" not in html and "elsewhere" not in html
    assert "<img" not in render_markdown("![](image:7)")  # no images given: none shown
    assert image_references("![](image:7) and ![a](image:12)") == ["7", "12"]
