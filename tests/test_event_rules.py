"""Event rules of ordinary news reporting (dates carried into headlines, attackers the report
names elsewhere, the other side of a change of hands), on sentences written for these tests."""

from __future__ import annotations

from orbat.model import Document, EventClaim

PUB = "2016-08-23"  # a Tuesday


def events(annotator, body: str, title: str | None = None, published: str | None = PUB) -> list[EventClaim]:
    doc = Document(title=title, body=body, published=published, doc_id="t")
    return annotator.annotate(doc).events


def by_sub_type(found: list[EventClaim], sub_type: str) -> list[EventClaim]:
    return [e for e in found if e.sub_type == sub_type]


def test_headline_event_takes_the_day_the_body_has_reached(annotator) -> None:
    body = ("Foreign ministers gathered in Geneva on Sunday for a second round of talks. "
            "A senior diplomat was shot in the chest while he was leaving a hotel in Istanbul.")
    found = events(annotator, body, title="Diplomat shot dead in Istanbul")
    shot = [e for e in found if e.place is not None and e.place.name == "Istanbul"]
    assert shot and all(e.date == "2016-08-21" for e in shot)


def test_air_strike_takes_the_owner_the_sentence_gives_the_aircraft(annotator) -> None:
    found = events(annotator, "Warplanes, which witnesses said belonged to the regime, carried out "
                              "a series of raids on the town of Saraqib on Monday.")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor1 == "syria_government"


def test_air_strike_takes_the_owner_named_later_in_the_report(annotator) -> None:
    body = ("Warplanes bombed a market in the town of Saraqib on Monday, killing eleven shoppers. "
            "Rescuers pulled survivors from the rubble for hours. "
            "A monitoring group said the aircraft were probably Russian.")
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 == "russia"


def test_aircraft_seen_over_a_country_are_not_its_own(annotator) -> None:
    body = "Warplanes bombed a market in the town of Saraqib on Monday. The jets were seen over Turkey an hour before."
    strikes = by_sub_type(events(annotator, body), "Air/drone strike")
    assert strikes and strikes[0].actor1 is None


def test_an_event_noun_under_an_infinitive_of_need_is_no_event(annotator) -> None:
    found = events(annotator, "A Kremlin spokesman said there was no need to resume Russian air strikes on Aleppo.")
    assert not by_sub_type(found, "Air/drone strike")


def test_officials_seal_a_deal_for_the_states_their_titles_name(annotator) -> None:
    found = events(annotator, "Russian Foreign Minister Sergei Lavrov and U.S. Secretary of State John Kerry "
                              "sealed the arrangement in Geneva on Friday.")
    deals = by_sub_type(found, "Agreement")
    assert deals and (deals[0].actor1, deals[0].actor2) == ("russia", "usa")


def test_the_governments_auxiliaries_are_not_the_side_handing_it_ground(annotator) -> None:
    body = "Moadamiya, a town Hezbollah had besieged for years, was handed back to the government on Friday " \
           "when its rebels surrendered under a deal."
    found = [e for e in events(annotator, body) if e.type == "Strategic developments"]
    assert found and all(e.actor2 != "hezbollah" for e in found)


def test_a_gain_with_no_named_loser_loses_to_the_foe_of_the_same_days_gain(annotator) -> None:
    body = ("Turkish-backed rebels captured the village of Dabiq from Islamic State on Sunday. "
            "The Syrian army shelled rebel positions near Aleppo. "
            "A commander of the Sultan Murad Division said his men had also taken the village of Soran on Sunday.")
    soran = [e for e in events(annotator, body, published="2016-10-17") if e.place and e.place.name == "Soran"]
    assert soran and soran[0].actor2 == "islamic_state"


def test_the_victim_of_an_air_strike_noun_is_acted_upon(annotator) -> None:
    found = events(annotator, "The Army of Islam has been led by a new commander since its founder "
                              "Zahran Alloush was killed in an air strike on Douma on December 25.", published="2016-04-29")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor2 == "jaysh_al_islam"


def test_an_attack_blamed_on_a_side_is_that_sides(annotator) -> None:
    found = events(annotator, "Two Turkish soldiers were killed near al-Bab on Monday in an air strike "
                              "that Ankara blamed on Syrian government aircraft.")
    strikes = by_sub_type(found, "Air/drone strike")
    assert strikes and strikes[0].actor1 == "syria_government"


def test_an_unclaimed_strike_is_the_only_air_force_the_report_names(annotator) -> None:
    body = ("Dozens of villagers have been killed by coalition air strikes around Manbij since June. "
            "The worst was the strike of 19 July on the village of Tokhar, which killed forty villagers.")
    strikes = [e for e in by_sub_type(events(annotator, body), "Air/drone strike") if e.place and e.place.name == "Tokhar"]
    assert strikes and strikes[0].actor1 == "us_led_coalition"


def test_unidentified_aircraft_keep_the_attacker_unknown(annotator) -> None:
    body = ("Russian air strikes hit the town of Saraqib on Sunday. "
            "On Monday unidentified warplanes bombed a market in the city of Idlib, killing 30 shoppers.")
    strikes = [e for e in by_sub_type(events(annotator, body), "Air/drone strike") if e.place and e.place.name == "Idlib"]
    assert strikes and strikes[0].actor1 is None


def test_it_as_the_object_of_a_capture_is_the_town_told_before(annotator) -> None:
    body = ("Islamic State fighters stormed the town of Palmyra on Saturday. "
            "They fell back overnight under heavy shelling and returned on Sunday to take it again.")
    taken = [e for e in events(annotator, body, published="2016-12-12")
             if e.sub_type == "Non-state actor overtakes territory" and e.date == "2016-12-11"]
    assert taken and taken[0].place is not None and taken[0].place.name == "Palmyra"
    assert taken[0].actor1 == "islamic_state" and taken[0].actor2 != "islamic_state"


def test_the_side_eliminated_in_a_capture_is_the_loser(annotator) -> None:
    body = ("Rebels have held the area for years, and terrorists shelled the city again last month. "
            "The Syrian army took full control of the Castello road on Sunday after eliminating the last "
            "pockets of Jabhat al-Nusra terrorists along it. Terrorists fired rockets at the city on Monday.")
    taken = [e for e in events(annotator, body) if e.sub_type == "Government regains territory"]
    assert taken and taken[0].actor2 == "jabhat_al_nusra"


def test_the_mountain_is_the_mountain_told_before(annotator) -> None:
    body = ("Coalition jets struck army positions on al-Tharda mountain near Deir Ezzor airport on Saturday. "
            "Army units launched a counter-attack and by Sunday morning had restored the positions on the mountain.")
    regained = [e for e in events(annotator, body, published="2016-09-18") if e.sub_type == "Government regains territory"]
    assert regained and regained[0].place is not None and regained[0].place.name == "al-Tharda mountain"
    assert regained[0].date == "2016-09-18"


def test_a_date_in_a_relative_clause_of_another_noun_dates_that_noun(annotator) -> None:
    body = ("The agreement was reached late on Thursday in the suburb of Daraya. "
            "Official media portrayed the accord as a reconciliation and said soldiers would move into Daraya "
            "when the buses had gone, which was expected later on Saturday.")
    deals = by_sub_type(events(annotator, body, published="2016-08-27"), "Agreement")
    assert deals and all(d.date == "2016-08-25" for d in deals)


def test_people_moved_somewhere_under_a_deal_do_not_place_it(annotator) -> None:
    # parse-dependent: "most in Kisweh" must hang from the verb of going
    body = ("The last rebels began to leave the suburb of Daraya on Friday under a deal with the government. "
            "The deal, agreed on Thursday, allows 500 gunmen to keep their rifles and leave for Idlib, while "
            "some 3,000 civilians move to state-run shelters, most in Kisweh.")
    deals = by_sub_type(events(annotator, body, published="2016-08-27"), "Agreement")
    assert deals and all(d.place is not None and d.place.name == "Daraya" for d in deals)


def test_a_day_later_moves_the_narrative_on(annotator) -> None:
    body = ("The rebels took the Armament College on Friday and the Artillery College a day later. "
            "Around 250,000 people have been cut off in Aleppo since the army closed the Castello road on July 17. "
            "Russian jets pounded the rebel positions in Ramouseh through the night.")
    strikes = by_sub_type(events(annotator, body, published="2016-08-07"), "Air/drone strike")
    assert strikes and strikes[0].date == "2016-08-06"


def test_claims_called_unfounded_report_no_event(annotator) -> None:
    found = events(annotator, "Aleppo has been quiet for a week. Reports by Western outlets that Russian jets "
                              "are bombing clinics in the city are baseless, a spokesman said.")
    assert not by_sub_type(found, "Air/drone strike")


def test_a_capture_named_twice_keeps_its_place(annotator) -> None:
    body = ("Manbij: The Syrian Democratic Forces, the alliance led by Kurdish fighters, took complete control "
            "of the city of Manbij on Friday after the last Islamic State fighters left the al-Sirb neighbourhood.")
    found = events(annotator, body, published="2016-08-13")
    taken = by_sub_type(found, "Non-state actor overtakes territory")
    assert taken and taken[0].actor1 == "sdf" and taken[0].actor2 == "islamic_state"
    assert taken[0].date == "2016-08-12"
    left = by_sub_type(found, "Non-violent transfer of territory")
    assert all(e.actor1 == "sdf" for e in left)


def test_avoided_fighting_is_no_clash(annotator) -> None:
    found = events(annotator, "Until this month Kurdish units and government troops in Hasakah had largely "
                              "avoided fighting each other.")
    assert not by_sub_type(found, "Armed clash")


def test_the_fighting_there_is_between_the_sides_told_for_that_place(annotator) -> None:
    body = ("Turkish troops have been fighting Islamic State around al-Bab since November 14. "
            "On 21 December the fighting there cost Turkey its heaviest losses so far.")
    clashes = [e for e in by_sub_type(events(annotator, body, published="2016-12-31"), "Armed clash")
               if e.date == "2016-12-21"]
    assert clashes and (clashes[0].actor1, clashes[0].actor2) == ("islamic_state", "turkey")


def test_who_killed_someone_in_a_shootout_fought_it(annotator) -> None:
    body = ("A gunman opened fire at an art gallery in Ankara on Monday evening. "
            "He shouted slogans before Turkish special forces killed him in a shootout.")
    clashes = by_sub_type(events(annotator, body, published="2016-12-21"), "Armed clash")
    assert clashes and clashes[0].actor1 == "turkey"


def test_an_attack_abroad_moves_the_narrative_there(annotator) -> None:
    body = ("The evacuation of eastern Aleppo resumed on Monday. "
            "Hours later a gunman shot dead a diplomat at an art gallery in Ankara. "
            "He shouted slogans about Aleppo before Turkish special forces killed him in a shootout.")
    clashes = by_sub_type(events(annotator, body, published="2016-12-21"), "Armed clash")
    assert clashes and clashes[0].place is not None and clashes[0].place.name == "Ankara"


def test_two_states_joined_by_a_hyphen_are_the_parties_of_a_deal(annotator) -> None:
    found = events(annotator, "The raid came on the sixth day of a truce that took effect on Monday "
                              "under the Russian-American understanding.")
    deals = by_sub_type(found, "Agreement")
    assert deals and (deals[0].actor1, deals[0].actor2) == ("russia", "usa")


def test_an_assault_opened_with_a_suicide_bomb_is_also_a_bombing(annotator) -> None:
    body = ("Rebel fighters stormed the Artillery College in the Ramouseh district on Saturday. "
            "Jabhat Fateh al-Sham opened that attack with a suicide car bomb, footage it released showed.")
    bombs = by_sub_type(events(annotator, body, published="2016-08-07"), "Suicide bomb")
    assert bombs and bombs[0].actor1 == "jabhat_al_nusra" and bombs[0].date == "2016-08-06"


def test_the_group_releasing_footage_of_a_bombing_carried_it_out(annotator) -> None:
    body = ("Jaish al-Fatah captured the village of Khan Tuman on Friday. "
            "The attack began with suicide car bombs, according to footage posted by the Nusra Front, "
            "before fighters moved into the village.")
    bombs = by_sub_type(events(annotator, body, published="2016-05-09"), "Suicide bomb")
    assert bombs and bombs[0].actor1 == "jabhat_al_nusra"
    assert bombs[0].place is not None and bombs[0].place.name == "Khan Tuman"


def test_after_losing_takes_the_subject_of_the_clause_it_hangs_from(annotator) -> None:
    body = ("For a month the Syrian army has pounded the rebel-held east of Aleppo. "
            "By Monday the opposition held only a small pocket of the city, after losing the Old City last week.")
    found = events(annotator, body, published="2016-12-12")
    lost = [e for e in found if e.place is not None and e.place.name == "Old City"]
    assert lost and lost[0].actor2 == "rebels_generic"
    assert lost[0].sub_type == "Government regains territory"


def test_rebels_leaving_under_a_surrender_deal_is_the_governments_gain(annotator) -> None:
    found = events(annotator, "Moadamiya empties as rebels board buses under surrender deal. "
                              "The Syrian army will enter the town on Saturday.", published="2016-08-27")
    deals = [e for e in found if e.type == "Strategic developments"]
    assert deals and all(e.actor1 == "syria_government" and e.actor2 == "rebels_generic" for e in deals)


def test_groups_described_as_fighting_somewhere_report_no_clash(annotator) -> None:
    found = events(annotator, "Turkey, which backs several of the rebel groups fighting in northern Syria, "
                              "has been in close contact with Moscow all week.")
    assert not by_sub_type(found, "Armed clash")


def test_a_counter_attack_that_retook_ground_is_that_change_of_hands(annotator) -> None:
    body = ("Jihadists overran army posts on al-Tharda mountain near Deir Ezzor on Saturday. "
            "Army units launched a counter-attack overnight and by Sunday morning had restored the positions "
            "on the mountain.")
    found = events(annotator, body, published="2016-09-18")
    regained = by_sub_type(found, "Government regains territory")
    assert regained and regained[0].date == "2016-09-18"
    assert not [e for e in by_sub_type(found, "Armed clash") if e.actor1 == regained[0].actor1]


def test_an_attacking_force_is_a_description_not_a_clash(annotator) -> None:
    found = events(annotator, "The ministry put the attacking force at some 4,000 fighters, some brought in from Raqqa.")
    assert not by_sub_type(found, "Armed clash")


def test_ready_to_help_draft_an_agreement_is_no_agreement(annotator) -> None:
    found = events(annotator, "The ministers said they were ready to help draft an agreement between the "
                              "Syrian government and the opposition.")
    assert not by_sub_type(found, "Agreement")


def test_a_dispute_between_two_sides_names_the_sides_of_the_clashes(annotator) -> None:
    body = ("The army and Kurdish forces agreed a truce in Hasakah on Monday. "
            "The clashes broke out last Tuesday, August 16, when a quarrel between the Asayish and "
            "the National Defence Forces turned into street fighting.")
    clashes = [e for e in by_sub_type(events(annotator, body), "Armed clash") if e.date == "2016-08-16"]
    assert clashes and (clashes[0].actor1, clashes[0].actor2) == ("asayish", "ndf")


def test_a_city_split_between_two_sides_is_no_clash(annotator) -> None:
    found = events(annotator, "The truce covers Aleppo, split since 2012 between government-held western Aleppo "
                              "and rebel-held eastern Aleppo.")
    assert not by_sub_type(found, "Armed clash")


def test_an_assault_on_a_place_of_its_own_stays_beside_a_capture(annotator) -> None:
    found = events(annotator, "Jaish al-Fatah launched an assault on the town of Khan Tuman and captured "
                              "the village of Zitan on Friday.", published="2016-05-09")
    assert [e for e in by_sub_type(found, "Armed clash") if e.place is not None and e.place.name == "Khan Tuman"]


def test_an_attack_on_the_same_points_is_on_the_mountain_told_before(annotator) -> None:
    body = ("Coalition jets struck an army position on al-Tharda mountain above Deir Ezzor airport on Saturday. "
            "The command said soldiers posted on the mountain were killed, and that an assault by Islamic State "
            "fighters on the same positions came minutes later.")
    found = [e for e in events(annotator, body, published="2016-09-18") if e.actor1 == "islamic_state"]
    assert found and found[0].place is not None and found[0].place.name == "al-Tharda mountain"


def test_where_attackers_were_brought_from_is_not_where_they_struck(annotator) -> None:
    body = ("Islamic State fighters stormed Palmyra on Saturday. "
            "Russian jets flew 64 sorties on Saturday night against the attackers, some of them brought in from Raqqa.")
    strikes = by_sub_type(events(annotator, body, published="2016-12-12"), "Air/drone strike")
    assert strikes and all(s.place is None or s.place.name != "Raqqa" for s in strikes)
