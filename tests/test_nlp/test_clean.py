import pytest

from stancewire.nlp.clean import clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plain text.", "Plain text."),
        ("First.\n\n• Read also: Something else\n\nSecond.", "First.\n\nSecond."),
        ("First.\n\n• Read also: [LIVE] A\n\n• Read also: B\n\nSecond.", "First.\n\nSecond."),
        ("<p>Tom &amp; Jerry</p><p>said &#8220;hi&#8221;</p>", "Tom & Jerry\n\nsaid “hi”"),
        ("<script>var x = 1;</script>Text", "Text"),
        ("a\x00b\x07c", "abc"),
        ("lots   of\t\tspace\u00a0here", "lots of space here"),
        ("line one\r\nline two", "line one\nline two"),
        ("• bullet point", "bullet point"),
        ("  \n\n  ", ""),
        ("", ""),
        ("By Jane Doe\nText here.", "Text here."),
        ("By Jane Doe and John Roe, CNN\nText.", "Text."),
        ("By the way, it held.", "By the way, it held."),
        ("Text.\nScott Olson via Getty Images.\nMore.", "Text.\nMore."),
        ("Photo: Jane Doe/Reuters\nText.", "Text."),
        ("He spoke (AP Photo/Evan Vucci) today.", "He spoke today."),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw).text == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("First.\n\n• Read also: x\n\nSecond word.", "Second"),
        ("<b>Tom</b> &amp; Jerry went", "Jerry"),
        ("a  \t b   target", "target"),
    ],
)
def test_offsets_map_back_to_the_raw_text(raw, word):
    cleaned = clean_text(raw)
    start = cleaned.text.index(word)
    raw_start = cleaned.to_original(start)
    raw_end = cleaned.to_original(start + len(word))
    assert raw[raw_start:raw_end] == word
