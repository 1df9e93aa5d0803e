import numpy as np

from stancewire.nlp.word_embeddings import DIMENSIONS, mean_embedding, overlapping, pieces


def _cosine(a: str, b: str) -> float:
    x, y = mean_embedding(pieces(a)), mean_embedding(pieces(b))
    return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))


def test_pieces_give_each_token_its_characters():
    text = "Prosecutors charged Peter Miller."
    found = pieces(text)
    assert len(found.ids) == len(found.starts) == len(found.ends) >= 4
    spelled = "".join(text[start:end] for start, end in zip(found.starts, found.ends, strict=True))
    assert spelled == text


def test_rows_follow_the_tokenizer_s_ids():
    # a table read out of step with the tokenizer would not keep these neighbours
    assert _cosine("terrible", "awful") > _cosine("terrible", "wonderful")
    assert _cosine("senator", "congressman") > _cosine("senator", "banana")


def test_mean_embedding_of_a_character_range_takes_the_tokens_that_overlap_it():
    text = "good news and bad news"
    found = pieces(text)
    start = text.index("bad")
    assert np.allclose(mean_embedding(found, overlapping(found, start, start + 3)),
                       mean_embedding(pieces("bad")))
    assert np.allclose(mean_embedding(found), mean_embedding(found, overlapping(found, 0, 99)))
    assert mean_embedding(found).shape == (DIMENSIONS,)


def test_no_tokens_embed_as_zeros():
    assert not mean_embedding(pieces("")).any()
    found = pieces("a b")
    assert not mean_embedding(found, overlapping(found, 10, 20)).any()


def test_a_character_range_takes_every_token_that_overlaps_it():
    from stancewire.nlp.word_embeddings import _tokenizer, table

    text = "Café owners \u2603 said the euro\u2019s fall hurt them."
    found = pieces(text)
    encoding = _tokenizer().encode(text, add_special_tokens=False)
    for start, end in [(0, 4), (5, 14), (12, 13), (20, len(text))]:
        inside = [i for i, (a, b) in enumerate(encoding.offsets) if b > start and a < end]
        expected = table()[[encoding.ids[i] for i in inside]].astype(np.float64).mean(axis=0)
        assert np.allclose(mean_embedding(found, overlapping(found, start, end)), expected)
