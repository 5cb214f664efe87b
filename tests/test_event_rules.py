"""Event rules of ordinary news reporting (dates carried into headlines, attackers the report
names elsewhere, the other side of a change of hands), on invented scenarios written for these
tests: places, sides, days and wording are our own, so that a rule passing here is a rule of
reporting rather than of one article."""

from __future__ import annotations

from orbat.model import Document, EventClaim

PUB = "2016-08-23"  # a Tuesday


def events(annotator, body: str, title: str | None = None, published: str | None = PUB) -> list[EventClaim]:
    doc = Document(title=title, body=body, published=published, doc_id="t")
    return annotator.annotate(doc).events


def by_sub_type(found: list[EventClaim], sub_type: str) -> list[EventClaim]:
    return [e for e in found if e.sub_type == sub_type]


def at(found: list[EventClaim], name: str) -> list[EventClaim]:
    return [e for e in found if e.place is not None and e.place.name == name]


def test_headline_event_takes_the_day_the_body_has_reached(annotator) -> None:
    body = ("Opposition delegates flew into Lausanne on Saturday ahead of fresh negotiations. "
            "Separately, a Lebanese reporter was stabbed several times outside his office in Beirut.")
    stabbed = at(events(annotator, body, title="Reporter stabbed in Beirut"), "Beirut")
    assert stabbed and all(e.date == "2016-08-20" for e in stabbed)


def test_air_strike_takes_the_owner_the_sentence_gives_the_aircraft(annotator) -> None:
    found = events(annotator, "On Thursday jets that local activists believe belonged to the Syrian government "
                              "pounded a bakery in Khan Shaykhun.")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor1 == "syria_government"


def test_air_strike_takes_the_owner_named_later_in_the_report(annotator) -> None:
    body = ("An air raid destroyed a bakery in Ariha on Wednesday, killing nine people queuing for bread. "
            "Civil defence volunteers dug through the debris until dawn. "
            "Residents who watched the attack said the planes were almost certainly Russian.")
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 == "russia"


def test_aircraft_seen_over_a_country_are_not_its_own(annotator) -> None:
    body = ("An air raid hit a field hospital in Kafr Nabl on Tuesday. "
            "Observers said the planes were flying low over Jordan minutes before.")
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 is None


def test_an_event_noun_under_an_infinitive_of_need_is_no_event(annotator) -> None:
    found = events(annotator, "Ankara sees no need to launch fresh air strikes around Jarablus, "
                              "the Turkish defence minister told parliament.")
    assert not by_sub_type(found, "Air/drone strike")


def test_officials_seal_a_deal_for_the_states_their_titles_name(annotator) -> None:
    found = events(annotator, "Iranian Foreign Minister Mohammad Javad Zarif and Turkish Foreign Minister "
                              "Mevlut Cavusoglu signed an agreement in Tehran late on Wednesday.")
    deals = by_sub_type(found, "Agreement")
    assert deals and (deals[0].actor1, deals[0].actor2) == ("iran", "turkey")


def test_the_governments_auxiliaries_are_not_the_side_handing_it_ground(annotator) -> None:
    body = ("Under an accord reached on Thursday, the rebels of Madaya surrendered the town to the government, "
            "ending a blockade that Hezbollah had enforced since the summer.")
    found = [e for e in events(annotator, body) if e.type == "Strategic developments"]
    assert found and all(e.actor2 != "hezbollah" for e in found)


def test_a_gain_with_no_named_loser_loses_to_the_foe_of_the_same_days_gain(annotator) -> None:
    body = ("The Syrian Democratic Forces captured the town of Shaddadi from Islamic State on Thursday. "
            "Russian warplanes meanwhile bombed rebel areas of Idlib province. "
            "An SDF commander said his fighters had seized the town of Tal Brak as well on Thursday.")
    brak = at(events(annotator, body, published="2016-02-20"), "Tal Brak")
    assert brak and brak[0].actor2 == "islamic_state"


def test_the_victim_of_an_air_strike_noun_is_acted_upon(annotator) -> None:
    found = events(annotator, "Nusra Front's military chief Abu Omar Saraqib died in an air strike on a "
                              "meeting of commanders in Kafr Nabl on September 8.", published="2016-09-20")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor2 == "jabhat_al_nusra"


def test_an_attack_blamed_on_a_side_is_that_sides(annotator) -> None:
    found = events(annotator, "A dozen drivers died outside Mayadin on Wednesday when an air strike, which the "
                              "monitoring group blamed on Russian warplanes, hit their fuel convoy.")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor1 == "russia"


def test_an_unclaimed_strike_is_the_only_air_force_the_report_names(annotator) -> None:
    body = ("Russian jets have killed hundreds of civilians in air raids across Idlib province this year. "
            "The deadliest single strike, on 4 April against a market in Maarat al-Numan, left 44 people dead.")
    strikes = at(by_sub_type(events(annotator, body), "Air/drone strike"), "Maarat al-Numan")
    assert strikes and strikes[0].actor1 == "russia"


def test_unidentified_aircraft_keep_the_attacker_unknown(annotator) -> None:
    body = ("Russian jets bombed Talbiseh on Wednesday. "
            "On Thursday unmarked planes struck a school in Rastan, killing twelve pupils.")
    strikes = at(by_sub_type(events(annotator, body), "Air/drone strike"), "Rastan")
    assert strikes and strikes[0].actor1 is None


def test_it_as_the_object_of_a_capture_is_the_town_told_before(annotator) -> None:
    body = ("Nusra Front fighters broke into the town of Kessab on Tuesday. "
            "Pushed back by army reinforcements that night, they came back on Thursday and captured it.")
    taken = [e for e in events(annotator, body, published="2016-03-26")
             if e.sub_type == "Non-state actor overtakes territory" and e.date == "2016-03-24"]
    assert taken and taken[0].place is not None and taken[0].place.name == "Kessab"
    assert taken[0].actor1 == "jabhat_al_nusra" and taken[0].actor2 != "jabhat_al_nusra"


def test_the_side_eliminated_in_a_capture_is_the_loser(annotator) -> None:
    body = ("Rebels had held the hilltop town since 2012, and rebel gunners shelled Latakia from it last year. "
            "Government forces captured the town of Salma on Tuesday after routing the remaining Ahrar al-Sham "
            "fighters there. Rebels fired mortars at Latakia again on Wednesday.")
    taken = [e for e in events(annotator, body) if e.sub_type == "Government regains territory"]
    assert taken and taken[0].actor2 == "ahrar_al_sham"


def test_the_mountain_is_the_mountain_told_before(annotator) -> None:
    body = ("Rebels overran government trenches on Jabal al-Arbaeen above Ariha on Monday. "
            "Troops hit back at dawn, and by Tuesday afternoon they had retaken the trenches on the mountain.")
    regained = by_sub_type(events(annotator, body, published="2016-05-11"), "Government regains territory")
    assert regained and regained[0].place is not None and regained[0].place.name == "Jabal al-Arbaeen"
    assert regained[0].date == "2016-05-10"


def test_a_date_in_a_relative_clause_of_another_noun_dates_that_noun(annotator) -> None:
    body = ("Negotiators struck the deal for Qudsaya on Monday night. "
            "State television called the arrangement a settlement and said the gunmen, whose departure "
            "was scheduled for Wednesday, would first hand over their heavy weapons.")
    deals = by_sub_type(events(annotator, body, published="2016-10-14"), "Agreement")
    assert deals and all(d.date == "2016-10-10" for d in deals)


def test_people_moved_somewhere_under_a_deal_do_not_place_it(annotator) -> None:
    # parse-dependent: "many of them in al-Tal" must hang from the verb of going
    body = ("Gunmen started pulling out of Madaya on Thursday under an agreement with the government. "
            "The agreement, reached on Wednesday, lets 200 fighters go to Idlib with light arms, while "
            "displaced families return home, many of them to al-Tal.")
    deals = by_sub_type(events(annotator, body, published="2016-10-14"), "Agreement")
    assert deals and all(d.place is not None and d.place.name == "Madaya" for d in deals)


def test_a_day_later_moves_the_narrative_on(annotator) -> None:
    body = ("Insurgents overran the village of Inkhil on Tuesday and the nearby Tal al-Harra a day later. "
            "Shelling has emptied much of the province since the army's offensive began on March 3. "
            "Syrian jets struck insurgent positions in Nawa through the night.")
    strikes = by_sub_type(events(annotator, body, published="2016-10-14"), "Air/drone strike")
    assert strikes and strikes[0].date == "2016-10-12"


def test_claims_called_unfounded_report_no_event(annotator) -> None:
    found = events(annotator, "Idlib was calm on Sunday. Allegations by rights groups that Turkish planes "
                              "had bombed a school in the city were false, the ministry in Ankara said.")
    assert not by_sub_type(found, "Air/drone strike")


def test_a_capture_named_twice_keeps_its_place(annotator) -> None:
    body = ("Tabqa: Fighters of the Syrian Democratic Forces, a Kurdish-dominated coalition, gained full control "
            "of Tabqa on Wednesday after the last Islamic State gunmen left the town's dam.")
    found = events(annotator, body, published="2016-05-12")
    taken = by_sub_type(found, "Non-state actor overtakes territory")
    assert taken and taken[0].actor1 == "sdf" and taken[0].actor2 == "islamic_state"
    assert taken[0].date == "2016-05-11"
    left = by_sub_type(found, "Non-violent transfer of territory")
    assert all(e.actor1 == "sdf" for e in left)


def test_avoided_fighting_is_no_clash(annotator) -> None:
    found = events(annotator, "In Qamishli the Kurdish police and pro-government militias have mostly "
                              "avoided clashing with one another since 2012.")
    assert not by_sub_type(found, "Armed clash")


def test_the_fighting_there_is_between_the_sides_told_for_that_place(annotator) -> None:
    body = ("The SDF has been battling Islamic State around Tabqa since late March. "
            "On 2 April the fighting there killed eleven SDF fighters, the alliance said.")
    clashes = [e for e in by_sub_type(events(annotator, body, published="2016-04-10"), "Armed clash")
               if e.date == "2016-04-02"]
    assert clashes and (clashes[0].actor1, clashes[0].actor2) == ("islamic_state", "sdf")


def test_who_killed_someone_in_a_shootout_fought_it(annotator) -> None:
    body = ("An attacker stabbed two guards at a checkpoint in Qamishli on Tuesday. "
            "Kurdish Asayish police then shot him dead in a brief gunfight.")
    clashes = by_sub_type(events(annotator, body, published="2016-10-14"), "Armed clash")
    assert clashes and clashes[0].actor1 == "asayish"


def test_an_attack_abroad_moves_the_narrative_there(annotator) -> None:
    body = ("Aid trucks reached Madaya on Wednesday. "
            "That night a gunman shot dead a police officer outside a mosque in Gaziantep. "
            "He fired on a patrol before Turkish police killed him in a gunfight.")
    clashes = by_sub_type(events(annotator, body, published="2016-10-14"), "Armed clash")
    assert clashes and clashes[0].place is not None and clashes[0].place.name == "Gaziantep"


def test_two_states_joined_by_a_hyphen_are_the_parties_of_a_deal(annotator) -> None:
    found = events(annotator, "Shelling has eased in Idlib since a Turkish-Russian ceasefire deal came into "
                              "force at midnight.")
    deals = by_sub_type(found, "Agreement")
    assert deals and (deals[0].actor1, deals[0].actor2) == ("turkey", "russia")


def test_an_assault_opened_with_a_suicide_bomb_is_also_a_bombing(annotator) -> None:
    body = ("Ahrar al-Sham fighters attacked army checkpoints outside Hama on Wednesday. "
            "The group began the offensive with two suicide car bombs, according to a video it posted online.")
    bombs = by_sub_type(events(annotator, body, published="2016-10-14"), "Suicide bomb")
    assert bombs and bombs[0].actor1 == "ahrar_al_sham" and bombs[0].date == "2016-10-12"


def test_the_group_releasing_footage_of_a_bombing_carried_it_out(annotator) -> None:
    body = ("Rebels overran the town of Morek on Thursday. "
            "Two suicide car bombs, seen in a video Jund al-Aqsa published later, struck army lines "
            "first before fighters poured into the town.")
    bombs = by_sub_type(events(annotator, body, published="2016-10-14"), "Suicide bomb")
    assert bombs and bombs[0].actor1 == "jund_al_aqsa"
    assert bombs[0].place is not None and bombs[0].place.name == "Morek"


def test_after_losing_takes_the_subject_of_the_clause_it_hangs_from(annotator) -> None:
    body = ("For weeks government troops backed by Russian jets have hammered the east of Aleppo. "
            "By Thursday the rebels clung to just a few districts, after losing Sheikh Saeed on Tuesday.")
    lost = at(events(annotator, body, published="2016-12-09"), "Sheikh Saeed")
    assert lost and lost[0].actor2 == "rebels_generic"
    assert lost[0].sub_type == "Government regains territory"


def test_rebels_leaving_under_a_surrender_deal_is_the_governments_gain(annotator) -> None:
    found = events(annotator, "Rebel fighters left Talbiseh aboard green buses under an evacuation "
                              "agreement. Syrian troops are due to deploy in the town next week.",
                   published="2016-10-14")
    deals = [e for e in found if e.type == "Strategic developments"]
    assert deals and all(e.actor1 == "syria_government" and e.actor2 == "rebels_generic" for e in deals)


def test_groups_described_as_fighting_somewhere_report_no_clash(annotator) -> None:
    found = events(annotator, "Saudi Arabia, a patron of several factions battling in the south, hosted "
                              "opposition delegates in Riyadh on Monday.")
    assert not by_sub_type(found, "Armed clash")


def test_a_counter_attack_that_retook_ground_is_that_change_of_hands(annotator) -> None:
    body = ("Islamic State fighters seized army posts around Kuweires airbase on Tuesday. "
            "Government troops mounted a counter-attack at dusk and by Wednesday afternoon had regained the posts "
            "at the base.")
    found = events(annotator, body, published="2016-05-12")
    regained = by_sub_type(found, "Government regains territory")
    assert regained and regained[0].date == "2016-05-11"
    assert not [e for e in by_sub_type(found, "Armed clash") if e.actor1 == regained[0].actor1]


def test_an_attacking_force_is_a_description_not_a_clash(annotator) -> None:
    found = events(annotator, "Local officials said the attacking militants numbered around 300, many of them foreign.")
    assert not by_sub_type(found, "Armed clash")


def test_ready_to_help_draft_an_agreement_is_no_agreement(annotator) -> None:
    found = events(annotator, "Egypt's foreign minister said Cairo stood ready to help negotiate an accord "
                              "between the rebels and Damascus.")
    assert not by_sub_type(found, "Agreement")


def test_a_dispute_between_two_sides_names_the_sides_of_the_clashes(annotator) -> None:
    body = ("Heavy clashes spread through several towns of Eastern Ghouta on April 28, when a long feud "
            "between Jaysh al-Islam and Faylaq al-Rahman boiled over.")
    clashes = [e for e in by_sub_type(events(annotator, body, published="2016-05-03"), "Armed clash")
               if e.date == "2016-04-28"]
    assert clashes and (clashes[0].actor1, clashes[0].actor2) == ("jaysh_al_islam", "faylaq_al_rahman")


def test_a_city_split_between_two_sides_is_no_clash(annotator) -> None:
    found = events(annotator, "The ceasefire includes Deraa, a city divided for years between an army-held "
                              "north and a south run by rebel brigades.")
    assert not by_sub_type(found, "Armed clash")


def test_an_assault_on_a_place_of_its_own_stays_beside_a_capture(annotator) -> None:
    found = events(annotator, "On Tuesday the army began an assault on the village of Kafr Hamra and took "
                              "the town of Hayyan.", published="2016-10-14")
    assert at(by_sub_type(found, "Armed clash"), "Kafr Hamra")


def test_an_attack_on_the_same_points_is_on_the_mountain_told_before(annotator) -> None:
    body = ("Russian jets bombed rebel trenches on Jabal al-Arbaeen near Ariha on Monday. "
            "Rebel officers said several fighters dug in on the mountain were wounded, and that "
            "Hezbollah units attacked the same trenches within the hour.")
    found = [e for e in events(annotator, body, published="2016-05-11") if e.actor1 == "hezbollah"]
    assert found and found[0].place is not None and found[0].place.name == "Jabal al-Arbaeen"


def test_where_attackers_were_brought_from_is_not_where_they_struck(annotator) -> None:
    body = ("Nusra Front gunmen overran the village of Halfaya on Thursday. "
            "Russian warplanes carried out 30 raids that night against the militants, several of them "
            "transferred from Jisr al-Shughur.")
    strikes = by_sub_type(events(annotator, body, published="2016-10-14"), "Air/drone strike")
    assert strikes and all(s.place is None or s.place.name != "Jisr al-Shughur" for s in strikes)


def test_a_trigger_word_with_two_readings_tries_both_in_a_fixed_order(annotator) -> None:
    # "shellings" as written and "shelling" as its lemma are both keys here; the written form's
    # reading cannot hold in this sentence, so the lemma's reading must be tried next, whatever
    # order a set would have given them
    ev = annotator.events
    saved = dict(ev.triggers)
    try:
        ev.triggers[("shellings",)] = {**saved[("shelling",)], "needs": ["no such word anywhere"]}
        sent = next(iter(annotator.nlp("Repeated shellings hit the outskirts of Kafr Nabl on Monday.").sents))
        found = [t for t in ev.find_triggers(sent) if t.phrase == "shellings"]
        assert [t.spec for t in found] == [saved[("shelling",)]]
    finally:
        ev.triggers.clear()
        ev.triggers.update(saved)
