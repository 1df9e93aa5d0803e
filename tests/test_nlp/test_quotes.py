"""Direct quotes from their marks; reported speech from the tagger, on inline sentences."""

import pytest

from stancewire.nlp.annotate import annotate
from stancewire.nlp.attribution import AttributionTagger, TaggedSentence, relations
from stancewire.nlp.gazetteer import Gazetteer
from stancewire.nlp.lexicon import load_lexicon
from stancewire.nlp.pipeline import analyse, load_pipeline
from stancewire.nlp.quotes import direct_quote_spans, quotes
from stancewire.nlp.tone import load_tone
from stancewire.settings import Settings


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


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline(Settings().spacy_model)


@pytest.fixture(scope="module")
def tagger():
    return AttributionTagger()


def _quotes(nlp, tagger, text):
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    return list(quotes(text, analysis.parsed, load_lexicon().speech_verbs, tagger))


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # reported speech, the source before the cue
        ("Turkey said it would block the bid of Sweden.", "it would block the bid of Sweden",
         "Turkey"),
        # PolNeAR's contents keep "that"
        ("The minister told reporters that the talks had stalled.",
         "that the talks had stalled", "The minister"),
        # "according to"
        ("According to officials, the talks have stalled.", "the talks have stalled",
         "officials"),
        ("The plan will cost billions, according to the report.",
         "The plan will cost billions", "the report"),
        # the attribution after the content
        ("The talks have stalled, officials said.", "The talks have stalled", "officials"),
        # a state abbreviation ends neither the sentence nor, with its bracket, the source
        ("Sen. Bernie Sanders (I-Vt.) said the vote was close.", "the vote was close",
         "Sen. Bernie Sanders (I-Vt.)"),
        ("The senator (a Democrat) said the vote was close.", "the vote was close",
         "The senator (a Democrat)"),
        # a cue the most likely labelling leaves without a content
        ("Jane Doe tweeted her thoughts on the rally.", "her thoughts on the rally", "Jane Doe"),
    ],
)
def test_reported_speech(nlp, tagger, text, content, speaker):
    found = [q for q in _quotes(nlp, tagger, text) if not q.direct]
    assert [q.text for q in found] == [content]
    quote = found[0]
    assert text[quote.start : quote.end] == content
    assert (quote.speaker.text if quote.speaker else None) == speaker


def test_quote_over_two_sentences_keeps_its_speaker(nlp, tagger):
    text = "“The talks have stalled. We will try again in May,” the minister said."
    [quote] = _quotes(nlp, tagger, text)
    assert (quote.text, quote.direct) == ("The talks have stalled. We will try again in May", True)
    assert quote.speaker is not None and quote.speaker.text == "the minister"


def test_reported_speech_ends_with_its_sentence(nlp, tagger):
    text = ("The senator said the bill would raise taxes on families.\n"
            "It would also cut the budget of every school in the state.")
    [quote] = [q for q in _quotes(nlp, tagger, text) if not q.direct]
    assert quote.text == "the bill would raise taxes on families"
    assert quote.speaker is not None and quote.speaker.text == "The senator"


def test_no_speaker_in_the_text_is_no_speaker(nlp, tagger):
    [analysis] = analyse(nlp, ["It was reported that the talks had stalled."], load_lexicon(),
                         Gazetteer(), parse_mentions=True)
    [quote] = annotate(analysis, load_lexicon(), load_tone("lexicon"), tagger).quotes
    assert quote.quote.speaker is None and quote.speaker is None


def test_direct_quote_is_not_reported_again(nlp, tagger):
    text = "“We will not give in,” the president said."
    found = _quotes(nlp, tagger, text)
    assert [(q.text, q.direct) for q in found] == [("We will not give in", True)]


def test_a_document_speaker_is_not_resolved_to_the_last_speaker(nlp, tagger):
    text = ("Jens Stoltenberg said the talks had gone well. "
            "The plan will fail, according to the report.")
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    found = annotate(analysis, load_lexicon(), load_tone("lexicon"), tagger).quotes
    speakers = {q.quote.text: (q.quote.speaker.text if q.quote.speaker else None,
                               q.speaker.name if q.speaker else None) for q in found}
    assert speakers["the talks had gone well"] == ("Jens Stoltenberg", "Jens Stoltenberg")
    assert speakers["The plan will fail"] == ("the report", None)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The vote was close. Jason Ervin, who said the plan would fail, voted no.",
         "Jason Ervin"),
        ("Reuters, which said the deal was off, cited two officials.", "Reuters"),
        # the place is not who speaks, nor the person what speaks
        ("A voter from Texas, who said the plan would fail, left early.", None),
        ("The campaign of Jason Ervin, which said the plan would fail, closed.", None),
    ],
)
def test_a_relative_pronoun_speaks_for_the_name_before_it(nlp, tagger, text, speaker):
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    found = annotate(analysis, load_lexicon(), load_tone("lexicon"), tagger).quotes
    [quote] = [q for q in found if q.quote.text.startswith("the plan would fail")
               or q.quote.text.startswith("the deal was off")]
    assert quote.quote.speaker is not None
    assert quote.quote.speaker.text.lower() in {"who", "which"}
    assert (quote.speaker.name if quote.speaker else None) == speaker


@pytest.mark.parametrize(
    ("text", "pronoun", "speaker"),
    [
        ("The last word went to Jason Ervin, who said: \u201cThe plan will fail.\u201d", "who",
         "Jason Ervin"),
        ("The last word went to Reuters, which reported: \u201cThe deal is off.\u201d", "which",
         "Reuters"),
    ],
)
def test_a_direct_quote_of_a_relative_clause_is_the_pronoun_s(nlp, tagger, text, pronoun,
                                                              speaker):
    # The pronoun is the source, as PolNeAR's are; the speaker is who it stands for.
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    [quote] = annotate(analysis, load_lexicon(), load_tone("lexicon"), tagger).quotes
    assert quote.quote.speaker is not None and quote.quote.speaker.text == pronoun
    assert quote.speaker is not None and quote.speaker.name == speaker


def test_reported_speech_around_a_partial_quote_is_kept_beside_it(nlp, tagger):
    text = "The senator said the plan was \u201cdead on arrival\u201d."
    found = {(q.text, q.direct, q.speaker.text if q.speaker else None)
             for q in _quotes(nlp, tagger, text)}
    assert found == {("dead on arrival", True, "The senator"),
                     ("the plan was \u201cdead on arrival\u201d", False, "The senator")}


def test_a_direct_quote_with_its_own_cue_is_not_reported_again(nlp, tagger):
    text = "\u201cThe talks have stalled,\u201d the minister said. \u201cWe will try again.\u201d"
    assert all(q.direct for q in _quotes(nlp, tagger, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices will rise next year, the bank said, adding that wages would not keep up.",
         [("Prices will rise next year", "said"), ("that wages would not keep up", "adding")]),
        ("Turkey criticised the bid, noting that Sweden had not met its demands.",
         [("the bid", "criticised"), ("that Sweden had not met its demands", "noting")]),
    ],
)
def test_a_participle_cue_after_a_comma_starts_a_relation(nlp, tagger, text, expected):
    found = [q for q in _quotes(nlp, tagger, text) if not q.direct]
    assert [(q.text, q.cue.text if q.cue else None) for q in found] == expected
    assert len({q.speaker.text for q in found if q.speaker}) == 1



@pytest.mark.parametrize(
    ("text", "quote", "cue", "speaker"),
    [
        # no verb introduces the quote: the tagger's cue and source do
        ("Trump\u2019s reply on Twitter: \u201cSad!\u201d", "Sad!", "reply on Twitter",
         "Trump\u2019s"),
        ("In a tweet, Clinton: \u201cThis is wrong.\u201d", "This is wrong.", ":", "Clinton"),
        # a speech verb still comes first
        ("\u201cWe lost,\u201d the chairman conceded.", "We lost", "conceded", "the chairman"),
    ],
)
def test_a_quote_without_a_speech_verb_takes_the_tagged_source(nlp, tagger, text, quote, cue,
                                                                speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct and q.text == quote]
    assert (found.cue.text if found.cue else None) == cue
    assert (found.speaker.text if found.speaker else None) == speaker


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # a colon ending the sentence before: its speech verb introduces the quote
        ("The mayor told the town on Sunday:\n\u201cWe will rebuild every house.\u201d",
         "We will rebuild every house.", "The mayor"),
        # a colon inside the quote's sentence: the sentence before is another's
        ("\u201cWe won,\u201d the mayor said. The crowd cheered. "
         "Trump\u2019s reply on Twitter: \u201cSad!\u201d", "Sad!", "Trump\u2019s"),
    ],
)
def test_a_colon_looks_back_only_from_a_new_sentence(nlp, tagger, text, quote, speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct and q.text == quote]
    assert (found.speaker.text if found.speaker else None) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a quote opening the sentence after "X said ...": X's
        ("The recount was refused on Monday. Sam Lau said in a statement. "
         "\u201cThere are no paper ballots to recount.\u201d", "Sam Lau"),
        # not when another sentence comes between
        ("Sam Lau said in a statement. The count is over. "
         "\u201cThere are no paper ballots to recount.\u201d", None),
    ],
)
def test_a_quote_after_a_sentence_ending_in_a_speech_verb_is_its(nlp, tagger, text, speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct]
    assert (found.speaker.text if found.speaker else None) == speaker

@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a question ends its sentence; the attribution is the next one
        ("The debate was close. \"Does that fly?\" Axelrod asked on Twitter. Nobody answered.",
         "Axelrod"),
        ("The debate was close. \u201cWe will win!\u201d former party chair Mary Smith told "
         "reporters.", "former party chair Mary Smith"),
        # after a full stop the next sentence is another's, and a verb with a clause of
        # its own says that clause
        ("The debate was close. \"We will win.\" Mary Smith left the hall.", None),
        ("The debate was close. \"Does that fly?\" Mary Smith said it did.", None),
    ],
)
def test_a_question_takes_the_speech_verb_of_the_sentence_after_it(nlp, tagger, text,
                                                                  speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct]
    assert (found.speaker.text if found.speaker else None) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parse hangs "Cole Haddon" from "screenwriter" as a verb: no subject
        ("People were upset. \"Just saw the tweet. I am impressed by his ability to insult "
         "everyone,\" screenwriter Cole Haddon wrote on Twitter.", "screenwriter Cole Haddon"),
        # the parse hangs "tweeted" inside the name after it: the name is the speaker
        ("He was asked.  \"Debate recap,\" tweeted Rubio spokesman Alex Conant.",
         "Rubio spokesman Alex Conant"),
    ],
)
def test_a_speaker_the_parse_misses_is_read_from_where_the_words_stand(nlp, tagger, text,
                                                                      speaker):
    found = next(q for q in _quotes(nlp, tagger, text) if q.direct)
    assert (found.speaker.text if found.speaker else None) == speaker


def test_a_name_with_a_long_apposition_before_the_cue_is_the_speaker(nlp, tagger):
    # The parse gives "said" two subjects, the first inside the quote.
    text = ("\u201cVery good reporter, very good reporter this guy,\u201d Trump, the 2016 GOP "
            "presidential frontrunner nationally and currently leading in South Carolina, said.")
    found = next(q for q in _quotes(nlp, tagger, text) if q.direct)
    assert found.speaker is not None
    assert found.speaker.name().text == "Trump"


_ROLES = {"S": "SRC", "C": "CUE", "N": "CON"}


def _labels(roles: str) -> list[str]:
    # One letter a token: S source, C cue, N content, O outside; a run of one
    # letter is one span.
    letters = roles.split()
    return ["O" if letter == "O" else
            ("I-" if i and letters[i - 1] == letter else "B-") + _ROLES[letter]
            for i, letter in enumerate(letters)]


def _relations(nlp, text: str, roles: str) -> list[tuple[str, str, str | None]]:
    # (content, cue, source) of the relations of one sentence tagged as ``roles`` says.
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    [sentence] = analysis.parsed
    found = relations([TaggedSentence(sentence, _labels(roles))], AttributionTagger().cue_words)
    return [(r.content.text, r.cue.text, r.source.text if r.source else None) for r in found]


@pytest.mark.parametrize(
    ("text", "roles", "expected"),
    [
        # a cue inside a content, its clause after it: a relation of its own, before
        # which the other's content ends
        ("Trump says that though he may go, he thinks she did well.",
         "S C N N N N N N S C N N N O",
         [("that though he may go", "says", "Trump"), ("she did well", "thinks", "he")]),
        # a parenthetical cue has no clause after it: one relation
        ("The plan, he said, is dead.", "N N O S C O N N O",
         [("The plan, he said, is dead", "said", "he")]),
        # a cue left without a content: its clause holds the relation the tagger found
        ("Reuters reported investigators found 2,200 emails.", "S C S C N N O",
         [("2,200 emails", "found", "investigators"),
          ("investigators found 2,200 emails", "reported", "Reuters")]),
        ("Investigators found 2,200 emails, Reuters reported.", "S C N N O S C O",
         [("2,200 emails", "found", "Investigators"),
          ("Investigators found 2,200 emails", "reported", "Reuters")]),
        # a parenthetical cue without a content: the clause it stands in
        ("The senator denied the charges, critics say, in the debate on Monday.",
         "S S C N N O S C O O O O O O O",
         [("the charges", "denied", "The senator"),
          ("The senator denied the charges, critics say, in the debate on Monday", "say",
           "critics")]),
        # not one opening the clause
        ("That said, the senator denied the charges.", "S C O S S C N N O",
         [("the charges", "denied", "the senator")]),
        # without a clause of its own a cue stays without a relation
        ("Reuters reported on the case: investigators found 2,200 emails.",
         "S C O O O O S C N N O", [("2,200 emails", "found", "investigators")]),
    ],
)
def test_a_cue_with_its_clause_inside_a_content_nests_a_relation(nlp, text, roles, expected):
    assert _relations(nlp, text, roles) == expected


@pytest.mark.parametrize(
    ("text", "direct", "speaker"),
    [
        # PolNeAR's sources run on over an apposition, a relative clause or a conjunct
        ("\u201cThe plan is dead,\u201d Jack Smith, a spokesman for the group, said.", True,
         "Jack Smith, a spokesman for the group"),
        ("\u201cThe plan is dead,\u201d said Ann Lee, who ran the campaign.", True,
         "Ann Lee, who ran the campaign"),
        ("Jack Smith, a spokesman for the group, said the plan was dead.", False,
         "Jack Smith, a spokesman for the group"),
        ("\u201cThe plan is dead,\u201d Ann Lee and Jack Smith said.", True,
         "Ann Lee and Jack Smith"),
    ],
)
def test_a_source_keeps_its_apposition_and_conjuncts(nlp, tagger, text, direct, speaker):
    [quote] = [q for q in _quotes(nlp, tagger, text) if q.direct == direct]
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert text[quote.speaker.start : quote.speaker.end] == speaker


@pytest.mark.parametrize(
    "text",
    [
        "\u201cThe plan is dead,\u201d said Jack Smith, an aide to Sen. Bob Jones.",
        "\u201cThe plan is dead,\u201d said Jack Smith, who works for Bob Jones.",
    ],
)
def test_a_speaker_resolves_from_its_name_not_from_what_runs_on_after_it(nlp, tagger, text):
    # the speaker's span holds Bob Jones, but Jack Smith said it
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    [quote] = [q for q in annotate(analysis, load_lexicon(), load_tone("lexicon"),
                                   tagger).quotes if q.quote.direct]
    assert quote.quote.speaker is not None and "Bob Jones" in quote.quote.speaker.text
    assert quote.quote.speaker.name().text == "Jack Smith"
    assert quote.speaker is not None and quote.speaker.name == "Jack Smith"


def test_a_source_runs_on_over_no_cue_or_content(nlp):
    # the relative clause holds the cue: the source stops before it
    text = "Ann Lee, a lawyer who said the plan was dead, left."
    [analysis] = analyse(nlp, [text], load_lexicon(), Gazetteer(), parse_mentions=True)
    [sentence] = analysis.parsed
    tagged = [TaggedSentence(sentence, _labels("S S O O O O C N N N N O O O"))]
    [found] = relations(tagged, AttributionTagger().cue_words)
    assert found.source is not None and found.source.text == "Ann Lee"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # only the relation's own source and cue between two quotes in doubled
        # apostrophes: the second continues the relation
        ("The senator spoke on Monday. ''The plan is dead,'' he said. "
         "''We will vote against it.''", ("We will vote against it.", "said", "he")),
        # other words between them: it does not
        ("The senator spoke on Monday. ''The plan is dead,'' he said. The vote is on Friday. "
         "''We will vote against it.''", None),
    ],
)
def test_a_quote_in_doubled_apostrophes_continues_the_relation_before(nlp, tagger, text,
                                                                       expected):
    found = [(q.text, q.cue.text if q.cue else None, q.speaker.text if q.speaker else None)
             for q in _quotes(nlp, tagger, text) if not q.direct]
    assert found[0][0].startswith("The plan is dead") and found[0][1:] == ("said", "he")
    assert (expected in found) if expected else all("vote against" not in q for q, *_ in found)


def test_according_to_keeps_the_apposition(nlp, tagger):
    text = "The plan will cost billions, according to Jack Smith, a spokesman for the group."
    [quote] = [q for q in _quotes(nlp, tagger, text) if not q.direct]
    assert quote.speaker is not None
    assert quote.speaker.text == "Jack Smith, a spokesman for the group"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        # a direct quote's cue keeps its auxiliaries, negation and particles
        ("\u201cThe plan is dead,\u201d the senator has said.", "has said"),
        ("\u201cThe plan is dead,\u201d the senator said.", "said"),
        ("He played down the risk: \u201cIt is small.\u201d", "played down"),
    ],
)
def test_a_direct_quote_cue_keeps_its_auxiliaries(nlp, tagger, text, cue):
    [quote] = [q for q in _quotes(nlp, tagger, text) if q.direct]
    assert quote.cue is not None and quote.cue.text == cue
    assert text[quote.cue.start : quote.cue.end] == cue


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        # a name and a verb right after the closing mark, a speech verb or not
        ("\u201cWould it be negotiable?\u201d Hannity pressed. \u201cMaybe let some people "
         "stay?\u201d Trump said.", "Would it be negotiable?", "Hannity"),
        ("\"That would be you?\" Borger asked.\n\n\"That would be me, yes. I think that's "
         "probably right,\" the senator said.",
         "That would be me, yes. I think that's probably right", "the senator"),
        # a speech verb across a paragraph break comes after one in the quote's paragraph
        ("\"But Pete Wilson won,\u201d Axelrod said.\n\n\"I know. I know. That is why I "
         "think this is a very dangerous moment,\u201d Henry said.",
         "I know. I know. That is why I think this is a very dangerous moment", "Henry"),
        # a speech verb of the words' manner; a speaker the parse opens with a participle
        ("\u201cWill he be the next attorney general?\u201d a staffer in the room wondered.",
         "Will he be the next attorney general?", "a staffer in the room"),
        ("\"It is not a mistake,\" said retired neurosurgeon Ben Carson, asked about his "
         "claims.", "It is not a mistake", "retired neurosurgeon Ben Carson"),
    ],
)
def test_the_verb_right_after_a_quote_attributes_it(nlp, tagger, text, quote, speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct and q.text == quote]
    assert (found.speaker.text if found.speaker else None) == speaker


@pytest.mark.parametrize(
    ("text", "quote", "cue", "speaker"),
    [
        # the speech verb whose clause a colon before the quote ends
        ("The Times confirmed that observation, reporting:\n\n\"As the Russians assumed "
         "control of the company, a flow of cash made its way to the foundation.\"",
         "As the Russians assumed control of the company, a flow of cash made its way to the "
         "foundation.", "reporting", "The Times"),
        # a name and a colon, no verb: the colon is the cue
        ("Pollsters agree - Carl Bialik: \u201cKeep on contacting voters as late as "
         "possible.\u201d", "Keep on contacting voters as late as possible.", ":",
         "Carl Bialik"),
        # a colon whose sentence holds no speech verb: not the verb of a sentence before it
        ("Jo Li said the vote was close.\n\nHere is the list of the winners:\n\n"
         "\u201cAnn, Bob and Cy.\u201d", "Ann, Bob and Cy.", None, None),
    ],
)
def test_a_colon_before_a_quote_names_its_speaker(nlp, tagger, text, quote, cue, speaker):
    [found] = [q for q in _quotes(nlp, tagger, text) if q.direct and q.text == quote]
    assert (found.cue.text if found.cue else None) == cue
    assert (found.speaker.text if found.speaker else None) == speaker


class _NoTags:
    """A tagger that finds no reported speech."""

    cue_words: frozenset[str] = frozenset()

    def tag(self, doc, quoted, offset):
        return ["O"] * len(doc)


def test_a_name_and_a_colon_say_a_quote_no_verb_or_tagged_relation_introduces(nlp):
    text = "Michael P. McDonald: \u201cAt long last the nomination contests have started.\u201d"
    [found] = [q for q in _quotes(nlp, _NoTags(), text) if q.direct]
    assert found.cue is not None and found.cue.text == ":"
    assert found.speaker is not None and found.speaker.text == "Michael P. McDonald"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ("Bernie Sanders delivered a snappy retort: \u201cNo one is tearing this up.\u201d",
         "delivered", "Bernie Sanders"),
        # the sentence's root, though the quote's words hang from it
        ("He returned to his familiar lines: \u201cIt's called America First!\u201d",
         "returned", "He"),
        ("It was simple: \u201cBuild, wait and sell.\u201d", None, None),
    ],
)
def test_a_colon_ending_a_clause_without_a_speech_verb_gives_its_subject(nlp, text, cue,
                                                                        speaker):
    # the subject of the verb whose clause the colon ends, if it is not "it"
    [found] = [q for q in _quotes(nlp, _NoTags(), text) if q.direct]
    assert (found.cue.text if found.cue else None) == cue
    assert (found.speaker.text if found.speaker else None) == speaker


def test_a_noun_cue_without_a_tagged_source_takes_its_possessor(nlp):
    text = "Trump's seeming intention to push the boundaries worried them."
    [(_, _, source)] = _relations(nlp, text, "O O C C N N N N O O O")
    assert source == "Trump's"


@pytest.mark.parametrize(
    ("text", "roles", "expected"),
    [
        # the tagged content runs on over a clause the cue's own word coordinates
        ("Two in three said the party does not care, and one in four said it was hostile.",
         "S S S C N N N N N N N N N N N N N N O",
         [("the party does not care", "said", "Two in three"),
          ("it was hostile", "said", "one in four")]),
        ("Hicks said all staffers sign agreements, though she did not discuss their terms.",
         "S C N N N N N N N N N N N N O",
         [("all staffers sign agreements", "said", "Hicks"), ("their terms", "discuss", "she")]),
        # a coordinated clause whose verb is no cue word stays in the content
        ("Hicks said all staffers sign agreements, and she left the room.",
         "S C N N N N N N N N N N O",
         [("all staffers sign agreements, and she left the room", "said", "Hicks")]),
    ],
)
def test_a_clause_coordinated_with_the_cue_ends_the_content(nlp, text, roles, expected):
    assert _relations(nlp, text, roles) == expected


@pytest.mark.parametrize(
    ("text", "roles", "expected"),
    [
        # two contents, each after its own cue, are not one
        ("Discussing the show, the actor explained its success.", "C N N O S S C N N O",
         [("the show", "Discussing", "the actor"), ("its success", "explained", "the actor")]),
        ("Executives say they assume he is right; they also say he is shy.",
         "S C N N N N N N S C C N N N O",
         [("they assume he is right", "say", "Executives"), ("he is shy", "also say", "they")]),
        ("Trump endured a lecture from the Mexican president, who said that NAFTA was good.",
         "S C N N N N N N O S C N N N N O",
         [("a lecture from the Mexican president", "endured", "Trump"),
          ("that NAFTA was good", "said", "who")]),
        # a relation in a clause qualifying a noun without a wh-word stays in the content
        ("The poll addresses a question Bloomberg said he had settled.",
         "S S C N N S C N N N O",
         [("a question Bloomberg said he had settled", "addresses", "The poll"),
          ("he had settled", "said", "Bloomberg")]),
    ],
)
def test_a_content_ends_before_the_relation_of_another_cue(nlp, text, roles, expected):
    assert _relations(nlp, text, roles) == expected


def test_a_content_keeps_the_relation_whose_source_opens_it(nlp):
    # "investigators said ..." is what Reuters reported
    text = "Reuters reported investigators said the emails were lost."
    found = _relations(nlp, text, "S C N C N N N N O")
    assert ("investigators said the emails were lost", "reported", "Reuters") in found


def test_a_cue_the_parse_leaves_without_a_subject_takes_the_name_before_it(nlp):
    # The parse hangs "Jake Sullivan" from "the Observer", leaving "said" no subject.
    text = "In a statement to the Observer, her adviser, Jake Sullivan, said the plan was dead."
    [(_, _, source)] = _relations(nlp, text, "O O O O O O O O O O O O O C N N N N O")
    assert source == "Jake Sullivan"


def test_a_quote_whose_verb_the_parse_leaves_without_a_subject_takes_the_name_before(nlp):
    text = ("In a statement to the Observer, her adviser, Jake Sullivan, said: "
            "\u201cThe plan is dead.\u201d")
    [found] = [q for q in _quotes(nlp, _NoTags(), text) if q.direct]
    assert found.cue is not None and found.cue.text == "said"
    assert found.speaker is not None and found.speaker.text == "Jake Sullivan"
