"""Coreference: pronouns and definite descriptions land on the nearest compatible actor."""

from __future__ import annotations

import pytest

from orbat.annotate.actors import ActorLinker
from orbat.annotate.coref import Coref
from orbat.annotate.nlp import load_nlp
from orbat.annotate.segments import Segment
from orbat.knowledge.actors import load_actor_kb


@pytest.fixture(scope="session")
def tools():
    kb = load_actor_kb()
    return load_nlp(), ActorLinker(kb), Coref(kb)


def resolve(tools, text, name="body"):
    nlp, linker, coref = tools
    doc = nlp(text)
    seg = Segment(name, text, "author", doc, coref.resolve(doc, linker.link(doc, name), name))
    seg.index()
    return doc, seg


def test_it_across_sentences_to_the_organisation(tools):
    doc, seg = resolve(tools, "Jaysh al-Islam lost a commander in Douma. It vowed revenge on Monday.")
    it = next(t for t in doc if t.text == "It")
    assert seg.actor_at(it) == "jaysh_al_islam"
    assert seg.mention_at(it).how == "pronoun"


def test_he_skips_organisations_for_a_person(tools):
    doc, seg = resolve(tools, "Zahran Alloush founded Jaysh al-Islam. He was killed in an air strike.")
    he = next(t for t in doc if t.text == "He")
    assert seg.actor_at(he) == "zahran_alloush"


def test_they_to_a_plural_group_not_a_person(tools):
    doc, seg = resolve(tools, "Rebels shelled the western districts while Putin spoke. They fired dozens of mortars.")
    they = next(t for t in doc if t.text == "They")
    assert seg.actor_at(they) == "rebels_generic"


def test_description_the_group(tools):
    doc, seg = resolve(tools, "Ahrar al-Sham entered the town. The group raised its flag over the school.")
    group = next(t for t in doc if t.text == "group")
    assert seg.actor_at(group) == "ahrar_al_sham"
    assert seg.mention_at(group).how == "description"


def test_capitalised_description_needs_the_word_in_a_name(tools):
    doc, seg = resolve(tools, "Ahrar al-Sham and the Levant Front met in Azaz. The Front later denied any deal.")
    front = [t for t in doc if t.text == "Front"][-1]
    assert seg.actor_at(front) == "levant_front"


def test_no_antecedent_no_mention(tools):
    doc, seg = resolve(tools, "It rained heavily over the hills. They said the road was closed.")
    assert all(seg.actor_at(t) is None for t in doc)


def test_pleonastic_it_is_not_resolved(tools):
    doc, seg = resolve(tools, "Hezbollah sent reinforcements. It is unclear how many arrived.")
    it = next(t for t in doc if t.text == "It")
    assert seg.actor_at(it) is None


def test_comment_coreference_stays_in_the_comment(annotator_free_pipeline):
    findings = annotator_free_pipeline
    comment_mentions = [m for m in findings.mentions if m.segment.startswith("comment:")]
    assert all(m.how != "pronoun" for m in comment_mentions)


@pytest.fixture(scope="session")
def annotator_free_pipeline(tools):
    """The Annotator's linking step over a document whose comment has only a pronoun."""
    from orbat.annotate import Annotator
    from orbat.model import Comment, Document

    nlp, _, _ = tools
    ann = Annotator(nlp=nlp)
    doc = Document(body="Jaysh al-Islam took the hill on Friday.", published="2016-03-04",
                   comments=[Comment("c1", None, "reader", None, "They will lose it again soon.")])
    return ann.annotate(doc)


def test_description_with_modifiers_takes_the_nearest_group(tools):
    doc, seg = resolve(tools, "Jabhat al-Nusra stormed the checkpoint. The jihadist group then shelled the town.")
    group = next(t for t in doc if t.text == "group")
    assert seg.actor_at(group) == "jabhat_al_nusra"
    assert seg.mention_at(group).text == "The jihadist group"


def test_unknown_organisation_in_between_blocks_the_pronoun(tools):
    doc, seg = resolve(tools, "Russia bombed the town. The Syrian Observatory for Human Rights said it counted nine dead.")
    it = next(t for t in doc if t.text == "it")
    assert seg.actor_at(it) is None


def test_object_it_is_a_thing_not_an_actor(tools):
    doc, seg = resolve(tools, "Government forces reached the road and cut it on Tuesday.")
    it = next(t for t in doc if t.text == "it")
    assert seg.actor_at(it) is None


def test_leader_of_introduces_someone_new(tools):
    doc, seg = resolve(tools, "Putin spoke on Monday. Later the leader of Ahrar al-Sham spoke too.")
    leader = next(t for t in doc if t.text == "leader")
    assert seg.actor_at(leader) is None


def test_possessor_of_a_thing_is_not_the_topic(tools):
    doc, seg = resolve(tools, "Faylaq al-Rahman is funded by Qatar's gas revenue. It entered the Southern Front last year.")
    it = next(t for t in doc if t.text == "It")
    assert seg.actor_at(it) == "faylaq_al_rahman"


def test_pronoun_object_of_a_designation_verb(tools):
    doc, seg = resolve(tools, "Ahrar al-Sham held Saraqeb. Canada, which now lists it as a terror group, said nothing.")
    it = [t for t in doc if t.text == "it"][-1]
    assert seg.actor_at(it) == "ahrar_al_sham"


def test_pronoun_in_a_relative_clause_is_not_its_head(tools):
    doc, seg = resolve(tools, "Moscow insists that the YPG, which it calls a terrorist group, stay out of the talks.")
    it = next(t for t in doc if t.text == "it")
    assert seg.actor_at(it) == "russia"


def test_country_named_as_a_place_is_no_antecedent(tools):
    doc, seg = resolve(tools, "Jabhat al-Nusra (banned in Russia) held the district with factions allied with it.")
    it = [t for t in doc if t.text == "it"][-1]
    assert seg.actor_at(it) == "jabhat_al_nusra"


def test_person_named_inside_a_government_name(tools):
    doc, seg = resolve(tools, "Ceasefire talks stalled while the Assad regime kept shelling Douma.")
    assad = next(t for t in doc if t.text == "Assad")
    regime = next(t for t in doc if t.text == "regime")
    assert seg.actor_at(assad) == "bashar_al_assad"
    assert seg.actor_at(regime) == "syria_government"


def test_a_coalition_description_needs_a_coalition(tools):
    doc, seg = resolve(tools, "Islamic State lost Manbij. The coalition says it will keep up the pressure.")
    coalition = next(t for t in doc if t.text == "coalition")
    assert seg.actor_at(coalition) != "islamic_state"



def test_a_predicate_names_no_antecedent(tools):
    """A parse given by hand: "They called Ahrar Nusra. It objected." - Nusra is only a predicate."""
    from spacy.tokens import Doc

    from orbat.model import Mention

    nlp, _, coref = tools
    words = ["They", "called", "Ahrar", "Nusra", ".", "It", "objected", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, False, True, True, False, False],
              heads=[1, 1, 1, 1, 1, 6, 6, 6], deps=["nsubj", "ROOT", "dobj", "oprd", "punct", "nsubj", "ROOT", "punct"],
              pos=["PRON", "VERB", "PROPN", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"])
    mentions = [Mention("ahrar_al_sham", "Ahrar", "body", 12, 17), Mention("jabhat_al_nusra", "Nusra", "body", 18, 23)]
    got = coref.resolve(doc, mentions, "body")
    it = next(m for m in got if m.text == "It")
    assert it.actor_id == "ahrar_al_sham"


def test_they_after_an_unlinked_plural_subject_abstains(tools):
    doc, seg = resolve(tools, "Rebels fired at Islamic State. The Pentagon said its crews believed they were near Raqqa.")
    they = next(t for t in doc if t.text == "they")
    assert seg.actor_at(they) is None
