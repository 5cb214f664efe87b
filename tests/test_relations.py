"""Relation pattern families, each on sentences written for these tests (not corpus sentences)."""

from __future__ import annotations

import pytest

from relations_support import claims, findings, relations

FAMILIES = [
    # verbs: active, passive, coordination on either side, relative clauses
    ("verb active", "Saudi Arabia has funded Jaysh al-Islam for years.", ("backs", "saudi_arabia", "jaysh_al_islam")),
    ("verb misread as noun", "Qatar and Turkey meet often; Turkey arms Ahrar al-Sham.",
     ("backs", "turkey", "ahrar_al_sham")),
    ("verb passive", "Jaysh al-Islam is financed by Qatar.", ("backs", "qatar", "jaysh_al_islam")),
    ("coordinated subjects", "Russia and Iran back the Syrian army.", ("backs", "iran", "syria_government")),
    ("coordinated objects", "Turkey arms both Ahrar al-Sham and the Hamza Division.",
     ("backs", "turkey", "hamza_division")),
    ("relative clause subject", "Turkey, which arms Ahrar al-Sham, met Russia.", ("backs", "turkey", "ahrar_al_sham")),
    ("relative clause object", "The rebel groups that Washington supports lost ground.",
     ("backs", "usa", "rebels_generic")),
    ("participle passive", "Militants from Jaysh al-Islam, backed by Saudi Arabia, held the road.",
     ("backs", "saudi_arabia", "jaysh_al_islam")),
    ("includes", "The Islamic Front includes Ahrar al-Sham.", ("member_of", "ahrar_al_sham", "islamic_front")),
    ("joined", "Jaysh al-Islam joined the Islamic Front in 2013.", ("member_of", "jaysh_al_islam", "islamic_front")),
    ("merged into", "Units of Jaysh al-Islam merged into the Islamic Front.",
     ("merged_into", "jaysh_al_islam", "islamic_front")),
    ("fights verb", "Islamic State attacked the YPG near Kobane.", ("fights", "islamic_state", "ypg")),
    ("took from", "Government forces retook the village from Islamic State.",
     ("fights", "islamic_state", "syria_government")),
    ("receive from", "Ahrar al-Sham received weapons from Turkey.", ("backs", "turkey", "ahrar_al_sham")),
    ("raising", "Turkey is said to arm Ahrar al-Sham.", ("backs", "turkey", "ahrar_al_sham")),
    # prepositions
    ("fights alongside", "Hezbollah fought alongside the Syrian army.", ("ally_of", "hezbollah", "syria_government")),
    ("against", "Hezbollah fought alongside the Syrian army against the rebels.",
     ("fights", "hezbollah", "rebels_generic")),
    # compounds and prefixes
    ("x-backed", "The Saudi-backed Jaysh al-Islam holds Douma.", ("backs", "saudi_arabia", "jaysh_al_islam")),
    ("x-funded", "Fighters of the Qatar-funded Ahrar al-Sham entered the town.", ("backs", "qatar", "ahrar_al_sham")),
    ("x-led", "The YPG-led Syrian Democratic Forces advanced.", ("member_of", "ypg", "sdf")),
    ("pro-x", "The pro-government Hezbollah took the hill.", ("ally_of", "hezbollah", "syria_government")),
    # relational nouns: appositives, possessives, copulas
    ("appositive member", "Ahrar al-Sham, a member of the Islamic Front, rejected the talks.",
     ("member_of", "ahrar_al_sham", "islamic_front")),
    ("possessive affiliate", "Jabhat al-Nusra, al-Qaeda's Syrian affiliate, attacked the town.",
     ("member_of", "jabhat_al_nusra", "al_qaeda")),
    ("possessive ally", "Hezbollah's closest ally, the Syrian army, retook the hill.",
     ("ally_of", "hezbollah", "syria_government")),
    ("leader of", "Zahran Alloush, the leader of Jaysh al-Islam, was killed.",
     ("leads", "zahran_alloush", "jaysh_al_islam")),
    ("possessive leader", "Jaysh al-Islam's commander, Zahran Alloush, was killed.",
     ("leads", "zahran_alloush", "jaysh_al_islam")),
    ("whose backbone", "The SDF, whose backbone is the YPG, took Manbij.", ("member_of", "ypg", "sdf")),
    ("in which", "The SDF, in which the YPG is the largest force, took Manbij.", ("member_of", "ypg", "sdf")),
    ("shared apposition", "Iran and Hezbollah, both allies of Damascus, sent fighters.",
     ("ally_of", "hezbollah", "syria_government")),
    ("offshoot", "The YPG is an offshoot of the PKK.", ("splinter_of", "ypg", "pkk")),
    ("alias", "The SDF is just the PKK under another name.", ("alias_of", "sdf", "pkk")),
    # nominal acts
    ("alliance between", "Observers noted the alliance between Ahrar al-Sham and Jabhat al-Nusra.",
     ("ally_of", "ahrar_al_sham", "jabhat_al_nusra")),
    ("alliance with", "Ahrar al-Sham formed an alliance with Jabhat al-Nusra.",
     ("ally_of", "ahrar_al_sham", "jabhat_al_nusra")),
    ("support for", "Russian support for the Syrian army grew.", ("backs", "russia", "syria_government")),
    ("backing by", "The backing of the rebels by Qatar is no secret.", ("backs", "qatar", "rebels_generic")),
    ("airstrikes on by", "Airstrikes on Islamic State by the US continued.", ("fights", "islamic_state", "usa")),
    ("with support", "Near Homs, the Syrian army advances with Russian air cover and Iranian advisers.",
     ("backs", "russia", "syria_government")),
    ("with support list", "Near Homs, the Syrian army advances with Russian air cover, Iranian advisers and Hezbollah.",
     ("backs", "hezbollah", "syria_government")),
    ("affiliated with", "Ahrar al-Sham is a faction affiliated with al-Qaeda.", ("member_of", "ahrar_al_sham", "al_qaeda")),
    ("loyal to", "The rebels loyal to Turkey crossed the river.", ("backs", "turkey", "rebels_generic")),
    # member lists, heads, designations
    ("such as", "Several Free Syrian Army units, such as the Hamza Division, moved north at night.",
     ("member_of", "hamza_division", "fsa")),
    ("title", "President Vladimir Putin ordered a withdrawal.", ("leads", "vladimir_putin", "russia")),
    ("person's government", "Assad's government rejected the plan.",
     ("leads", "bashar_al_assad", "syria_government")),
    ("designation", "Russia lists Jabhat al-Nusra as a terrorist organisation.",
     ("designated_terrorist_by", "jabhat_al_nusra", "russia")),
    ("second passive participle", "The Hamza Division is trained by Turkey and funded by Qatar.",
     ("backs", "qatar", "hamza_division")),
    ("receiving missiles", "Ahrar al-Sham kept getting Turkish anti-tank missiles through the winter.",
     ("backs", "turkey", "ahrar_al_sham")),
    ("comma participle pair", "The defenders were said to include fighters of the Hamza Division, trained and "
     "paid by Turkey, and a few local men.", ("backs", "turkey", "hamza_division")),
    ("banned in", "Jaysh al-Islam is banned in Russia.", ("designated_terrorist_by", "jaysh_al_islam", "russia")),
    ("bracketed ban", "Convoys reached fighters of Jaysh al-Islam (banned in Russia) and Ahrar al-Sham.",
     ("designated_terrorist_by", "jaysh_al_islam", "russia")),
    ("bracketed backing", "The rebels (backed by Qatar) entered the town.", ("backs", "qatar", "rebels_generic")),
    ("declared a small clause", "Turkey declared the YPG a terrorist group in 2015.",
     ("designated_terrorist_by", "ypg", "turkey")),
    ("relative with misread subject", "Talks stalled over the Nusra Front, which the United Nations has listed as a "
     "terrorist group.", ("designated_terrorist_by", "jabhat_al_nusra", "un")),
]


@pytest.mark.parametrize("name,sentence,expected", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_pattern_family(name, sentence, expected):
    assert expected in relations(sentence)


def test_direction_of_backs_and_leads():
    got = relations("Zahran Alloush, the leader of Jaysh al-Islam, thanked Saudi Arabia, which funds Jaysh al-Islam.")
    assert ("leads", "zahran_alloush", "jaysh_al_islam") in got
    assert ("backs", "saudi_arabia", "jaysh_al_islam") in got
    assert ("backs", "jaysh_al_islam", "saudi_arabia") not in got
    assert ("leads", "jaysh_al_islam", "zahran_alloush") not in got


def test_state_partner_of_armed_group_is_a_backer():
    assert ("backs", "usa", "sdf") in relations("The SDF is Washington's main partner in the north.")


def test_type_constraints_drop_impossible_pairs():
    # a state cannot be joined as a coalition; only a person leads
    got = relations("Many hoped the United States would join Russia in the war. Jaysh al-Islam leads the Islamic Front.")
    assert not any(t == "member_of" and o == "russia" for t, _, o in got)
    assert not any(t == "leads" and s == "jaysh_al_islam" for t, s, _ in got)


def test_wishes_are_not_claims():
    got = relations("Ankara urged Washington to arm the Hamza Division.")
    assert ("backs", "usa", "hamza_division") not in got
    assert ("backs", "turkey", "hamza_division") not in got


def test_no_relation_between_unrelated_actors():
    assert relations("Russia and Turkey held talks in Moscow on Monday.") == set()


def test_pronoun_mentions_are_arguments():
    """Coreference arrives as pronoun mentions; the argument finder reads them like names."""
    from orbat.annotate.segments import DocContext, Segment
    from orbat.model import Document, Mention
    from relations_support import annotator

    ann = annotator()
    text = "Jaysh al-Islam grew fast. It joined the Islamic Front, and Saudi Arabia funds it."
    doc = ann.nlp(text)
    mentions = ann.linker.link(doc, "body")
    for t in doc:
        if t.lower_ == "it":
            mentions.append(Mention("jaysh_al_islam", t.text, "body", t.idx, t.idx + len(t.text), "pronoun"))
    seg = Segment("body", text, "author", doc, sorted(mentions, key=lambda m: m.start))
    seg.index()
    ctx = DocContext(Document(body=text), ann.knowledge, None)
    got = {(r.type, r.subject, r.object) for r in ann.relations.extract(seg, ctx)}
    assert ("member_of", "jaysh_al_islam", "islamic_front") in got
    assert ("backs", "saudi_arabia", "jaysh_al_islam") in got


def test_evidence_keeps_the_sentence_and_kind():
    f = findings("The weather was mild. Qatar has funded Ahrar al-Sham since 2013.")
    claim = next(r for r in f.relations if r.type == "backs")
    assert claim.evidence.sentence.startswith("Qatar has funded")
    assert claim.kind == "money"


LIST_FAMILIES = [
    ("among them", "By noon, units of the Army of Conquest, among them Ahrar al-Sham and Jabhat al-Nusra, "
     "had reached the ridge.", ("member_of", "ahrar_al_sham", "jaysh_al_fateh")),
    ("in which", "The Army of Conquest (Jaysh al-Fateh), in which Jabhat al-Nusra and Ahrar al-Sham are the "
     "biggest players, blocked the highway.", ("member_of", "jabhat_al_nusra", "jaysh_al_fateh")),
    ("under the banner", "Brigades like the Hamza Division, each one operating under "
     "the Free Syrian Army banner, entered the valley.", ("member_of", "hamza_division", "fsa")),
    ("allied with", "The town is held by Jabhat al-Nusra and by factions allied with Jabhat al-Nusra such as "
     "Ahrar al-Sham.", ("ally_of", "ahrar_al_sham", "jabhat_al_nusra")),
    ("name of a branch", "Al-Qaeda in Syria claimed the bombing.", ("member_of", "jabhat_al_nusra", "al_qaeda")),
    ("generic group noun owned, long list", "2. Opening salvo: at first light, rebel factions of the Army of Conquest "
     "(Jaysh al-Fateh), among them Ahrar al-Sham and Jabhat al-Nusra, fired rockets at the airbase.",
     ("member_of", "jabhat_al_nusra", "jaysh_al_fateh")),
]


def test_relative_with_verb_read_as_noun_keeps_its_own_polarity():
    got = claims("Ahrar al-Sham and the rebel groups that Qatar sponsors cannot hold every front line.")
    assert got[("backs", "qatar", "rebels_generic")].negated is False


def test_relative_pronoun_after_a_long_coordination_takes_the_name_before_it():
    got = relations("Iran, Assad's closest partner, and Qatar, which funds several of the rebel groups in the "
                    "south, met in Doha.")
    assert ("backs", "qatar", "rebels_generic") in got
    assert not any(r[0] == "backs" and r[2] == "rebels_generic" and r[1] != "qatar" for r in got)


def test_coordinated_attackers_of_a_place_are_partners():
    assert ("ally_of", "hezbollah", "syria_government") in relations(
        "The Syrian army and Hezbollah stormed the hilltop village at dawn.")
    assert ("ally_of", "hezbollah", "syria_government") in relations(
        "The Syrian army and Hezbollah kept up their offensive on the valley.")


def test_joint_attack_needs_coordinated_subjects():
    assert not any(r[0] == "ally_of" for r in relations("Hezbollah stormed the village the army had lost."))


def test_with_phrase_after_a_verb_read_as_noun():
    assert ("backs", "russia", "syria_government") in relations(
        "The Syrian army took Palmyra in March with Russian air cover.")


@pytest.mark.parametrize("name,sentence,expected", LIST_FAMILIES, ids=[f[0] for f in LIST_FAMILIES])
def test_member_lists_and_names(name, sentence, expected):
    assert expected in relations(sentence)
