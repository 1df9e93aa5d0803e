import pytest

from stancewire.nlp.quotes import direct_quote_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are ready,” he said.", ["We are ready"]),
        ('"We are ready," he said.', ["We are ready"]),
        ("He would meet “in the coming days” officials “with senior staff”.",
         ["in the coming days", "with senior staff"]),
        ("“One sentence. Two sentences,” she said.", ["One sentence. Two sentences"]),
        ("ensuring to take this ” very seriously”.", ["very seriously"]),
        ("“An unclosed quote\n\n“that continues.”", ["An unclosed quote", "that continues."]),
        ("No quotes at all.", []),
        ("Stray closing mark” here.", []),
        ("“”", []),
    ],
)
def test_direct_quote_spans(text, expected):
    assert [text[start:end] for start, end in direct_quote_spans(text)] == expected
