"""Decoding input records: the input rules and the dead-letter codes."""

from __future__ import annotations

import pytest

from stancewire.articles import article_id, decode_article
from stancewire.errors import InputError

LIMIT = 1_000


@pytest.mark.parametrize(
    ("key", "value", "expected_id", "expected_title", "expected_text"),
    [
        (b"k1", b'{"text": "Body.", "title": "T"}', "k1", "T", "Body."),
        (None, b'{"id": "a7", "text": "Body."}', "a7", None, "Body."),
        (None, b'{"id": 42, "text": "Body."}', "42", None, "Body."),
        (None, b"Headline here\n\nFirst paragraph.",
         article_id("Headline here\n\nFirst paragraph."), "Headline here",
         "Headline here\n\nFirst paragraph."),
        (b"key-wins", b'{"id": "body-id", "text": "x"}', "key-wins", None, "x"),
        (None, '{"text": "Zürich – “quoted”"}'.encode(), article_id("Zürich – “quoted”"), None,
         "Zürich – “quoted”"),
    ],
)
def test_accepted_records(key, value, expected_id, expected_title, expected_text):
    article = decode_article(key, value, max_text_chars=LIMIT)
    assert (article.id, article.title, article.text) == (expected_id, expected_title,
                                                         expected_text)


def test_optional_fields_are_kept():
    value = (b'{"text": "t", "url": "https://example.org/a", "source": "Example", '
             b'"published_at": "2026-01-02", "language": "en", "author": "A. Writer"}')
    article = decode_article(None, value, max_text_chars=LIMIT)
    assert (article.url, article.source, article.published_at, article.language,
            article.author) == ("https://example.org/a", "Example", "2026-01-02", "en",
                                "A. Writer")


def test_id_without_key_or_field_is_a_stable_hash_of_the_text():
    first = decode_article(None, b'{"text": "same text"}', max_text_chars=LIMIT)
    second = decode_article(None, b"same text", max_text_chars=LIMIT)
    other = decode_article(None, b'{"text": "other text"}', max_text_chars=LIMIT)
    assert first.id == second.id != other.id


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "null_value"),
        (b"\xff\xfe not utf-8", "invalid_utf8"),
        (b'{"text": "unterminated', "invalid_json"),
        (b"[1, 2, 3]", "not_an_object"),
        (b'{"title": "no text"}', "missing_text"),
        (b'{"text": null}', "missing_text"),
        (b'{"text": 12}', "wrong_type"),
        (b'{"text": ["a"]}', "wrong_type"),
        (b'{"text": "ok", "title": {"x": 1}}', "wrong_type"),
        (b'{"text": "ok", "id": true}', "wrong_type"),
        (b'{"text": "   \\n\\t "}', "empty_text"),
        (b"   \n  ", "empty_text"),
        (b"", "empty_text"),
        (b'{"text": "' + b"a" * (LIMIT + 1) + b'"}', "text_too_long"),
        (b"[" * 2000 + b"]" * 2000, "invalid_json"),
    ],
)
def test_rejected_records_name_their_reason(value, code):
    with pytest.raises(InputError) as caught:
        decode_article(None, value, max_text_chars=LIMIT)
    assert caught.value.code == code
    assert str(caught.value)


def test_key_that_is_not_utf8_is_rejected():
    with pytest.raises(InputError) as caught:
        decode_article(b"\xff", b'{"text": "t"}', max_text_chars=LIMIT)
    assert caught.value.code == "invalid_utf8"
