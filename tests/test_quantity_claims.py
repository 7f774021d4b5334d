"""A figure's identity is holder + measure + period + unit dimension, read from the sentence around it; its valid
time is the day the sentence gives. Each case is ordinary news language, not a line from a corpus."""

from __future__ import annotations

from datetime import date

from flows.clean import clean_article
from flows.extract import extract
from flows.parse import parse_article
from flows.records import Claim

THURSDAY = date(1987, 3, 19)


def figures(body: str, published: date = THURSDAY, title: str = "Title") -> dict[str, Claim]:
    article = clean_article(f"{title}\n{body}\n".encode("utf-8"), "news.txt", ".txt")
    claims = extract(parse_article(article, published=published)).claims
    return {c.value: c for c in claims if c.kind == "quantity"}


def identity(claim: Claim) -> tuple[str, str, str | None]:
    return claim.subject, claim.predicate, claim.object


def test_the_bidder_who_acts_holds_the_offer_and_its_raise_is_a_change():
    found = figures("Dixons Group PLC said it raised its offer for Cyclops Corp to 92.50 dlrs a share.")
    offer = found["92.5 USD/share"]
    assert identity(offer) == ("Dixons Group PLC", "offer", "USD/share")
    assert (offer.value_num, offer.value_unit, offer.change) == (92.5, "USD/share", "raised")


def test_owners_and_sources_of_an_offer():
    owned = figures("Analysts said TransCanada's 4.3 billion Can dlr offer for Dome was fair.")
    assert identity(owned["4.3 bln CAD"]) == ("TransCanada", "offer", "CAD")
    source = figures("Gencorp urged holders to reject the 100 dlr a share offer made on Monday by General Partners.")
    assert source["100 USD/share"].subject == "General Partners"


def test_one_holder_whatever_suffix_or_ticker_the_story_writes():
    first = figures("Dixons Group PLC <DXNS.L> said it holds 56 pct of Cyclops.")["56 percent"]
    later = figures("Dixons said it now holds about 22 pct of Cyclops.")["~22 percent"]
    assert first.key == later.key and first.predicate == "stake"


def test_an_economy_figure_belongs_to_its_country_and_its_period():
    q4 = figures("U.S. gross national product grew 1.1 pct in the fourth quarter of 1986.")["1.1 percent"]
    q3 = figures("U.S. gross national product grew 2.1 pct in the third quarter of 1986.")["2.1 percent"]
    assert identity(q4) == ("United States", "economic growth", "1986-Q4; percent")
    assert q3.key != q4.key


def test_a_measure_takes_only_the_kinds_of_figure_it_can_be():
    found = figures("The British base rate decision came as lending grew by 3 billion stg.")
    assert found["3 bln GBP"].predicate != "base rate"


def test_a_figure_with_no_holder_or_measure_stays_with_its_article():
    [closing] = figures("The shares closed at 90.50 dlrs.").values()
    assert closing.subject == "(unresolved)" and "news.txt" in closing.key


def test_valid_time_is_the_day_the_sentence_gives():
    said = figures("On Tuesday the group said it was prepared to raise its bid for Gencorp to 110 dlrs a share.")
    assert said["110 USD/share"].valid_at == "1987-03-17"
    unrelated = figures("After last week's earthquake, Ecuador must suspend exports for five months.")
    assert unrelated["5 months"].valid_at == "1987-03-19"


def test_the_value_before_a_change_is_stated_the_day_before():
    found = figures("British banks cut their base lending rates to 10 pct from 10-1/2 pct today.")
    assert found["10 percent"].valid_at == "1987-03-19"
    assert found["10.5 percent"].valid_at == "1987-03-18"
    assert found["10 percent"].key == found["10.5 percent"].key


def test_a_change_verb_counts_only_when_it_leads_to_the_figure():
    assert figures("Rates were cut to 10 pct.")["10 percent"].change == "cut"
    unrelated = figures("The halt after an earthquake cut the pipeline will last at least four months.")
    assert unrelated[">=4 months"].change is None


def test_an_opening_word_before_a_comma_is_no_holder():
    found = figures("Presently, Russian forces control approximately 20% of Ukrainian territory.", date(2025, 5, 28))
    assert found["~20 percent"].subject == "Russia"


def test_opening_words_are_no_part_of_the_name_that_acts():
    found = figures("In February USAir had offered to pay 71 dlrs per share in cash for half of Piedmont's stock.")
    assert found["71 USD/share"].subject == "USAir"


def test_a_share_restated_as_a_percentage_is_the_same_holding():
    found = figures("General Partners, a Texas partnership, said it holds 2,180,608 common shares, or about 9.8 pct, "
                    "of Gencorp Inc.")
    assert (found["~9.8 percent"].subject, found["~9.8 percent"].predicate) == ("General Partners", "stake")


def test_unmarked_dollars_in_a_canadian_story_are_canadian():
    found = figures("Maple Pipelines Ltd of Calgary, Alberta, announced a 2.1 billion dlr offer for Northern Gas Ltd, "
                    "Canada's largest gas utility.")
    assert found["2.1 bln CAD"].value_unit == "CAD"
    named = figures("Maple Pipelines Ltd valued its offer at 2.1 billion dlrs, or 1.6 billion U.S. dlrs, "
                    "the Calgary, Alberta, company said in Canada.")
    assert "2.1 bln USD" in named  # the story names U.S. dollars: an unmarked figure is not guessed


def test_a_second_reference_drops_the_line_of_business():
    full = figures("Harbour Pipelines Ltd said it holds 12 pct of Ridge Gas.")["12 percent"]
    short = figures("Harbour said it now holds 14 pct of Ridge Gas.")["14 percent"]
    assert full.key == short.key


def test_a_figure_restated_in_brackets_keeps_its_measure():
    found = figures("Harbour Pipelines announced a 2.1 billion dlr Canadian (1.6 billion U.S.) bid for Ridge Gas.")
    assert identity(found["2.1 bln CAD"]) == ("Harbour Pipelines", "offer", "CAD")


def test_the_name_in_a_relative_clause_acts():
    found = figures("A newspaper said talks had stalled with Harbour Pipelines Ltd, which last week announced "
                    "a 3 billion dlr offer for Ridge Gas.")
    assert found["3 bln USD"].subject == "Harbour Pipelines Ltd"


def test_the_part_of_a_price_paid_in_stock_is_another_figure():
    found = figures("Acme Corp offered 40 dlrs a share in cash for half of Bolt Inc and 42 dlrs a share in stock "
                    "for the rest.")
    assert found["40 USD/share"].predicate == found["42 USD/share"].predicate == "offer"
    assert found["40 USD/share"].key != found["42 USD/share"].key
    assert "in stock" in found["42 USD/share"].object


def test_a_price_someone_requires_of_the_holder_is_not_its_offer():
    found = figures("Acme Corp said Bolt Inc would have to raise its tender offer for each share to 55 dlrs a share. "
                    "Bolt Inc said it raised its offer to 50 dlrs a share.")
    required, offered = found["55 USD/share"], found["50 USD/share"]
    assert "required" in required.object and required.key != offered.key


def test_negotiated_pay_is_the_country_workers_and_told_apart_by_side():
    found = figures("Chile's 9,000 dockers are demanding a 30 pct pay rise. Port operators have offered a pay rise "
                    "of 12 pct. Dockers at two ports settled for 18 pct pay increases.")
    demanded, offered, agreed = found["30 percent"], found["12 percent"], found["18 percent"]
    assert (demanded.subject, demanded.predicate) == ("Chile", "pay rise")
    assert "demanded" in demanded.object and "offered" in offered.object and "agreed" in agreed.object
    assert len({demanded.key, offered.key, agreed.key}) == 3
    later = figures("The striking dockers in Chile want pay rises of up to 25 pct.")["<=25 percent"]
    assert later.key == demanded.key


def test_a_date_in_another_clause_does_not_place_the_figure():
    found = figures("The walkout began on Monday, and union leaders said they would not return unless they got "
                    "a 30 pct pay rise in Chile.")
    assert found["30 percent"].valid_at == THURSDAY.isoformat()


def test_members_named_together_are_the_group_they_make_up():
    found = figures("Northstar Partners, comprised of Ridge Capital and Bell Holdings, ended its offer. "
                    "The group owns 9.5 pct of Acme Corp. The 30 dlr-a-share tender offer by Ridge and Bell ended.")
    assert found["9.5 percent"].subject == "Northstar Partners"
    assert found["30 USD/share"].subject == "Northstar Partners"


def test_the_buyer_in_acquired_by_holds_the_price():
    found = figures("Bolt Inc cited its agreement to be acquired by Britain's Lyle Group PLC for 20 dlrs a share "
                    "under a tender offer.")
    assert identity(found["20 USD/share"]) == ("Lyle Group PLC", "offer", "USD/share")


def test_figures_hyphenated_into_their_noun_and_listed_before_it():
    found = figures("Acme fought off the hostile 2.3 billion dlr, 100-dlr-a-share, tender offer by Bolt Inc.")
    offer = found["100 USD/share"]
    assert (offer.predicate, offer.key.split("\x1f")[0]) == ("offer", "bolt")


def test_the_verb_after_an_aside_measures_the_figure():
    found = figures("More than 40 trucks in Peru, and about five more abroad, have been halted by the strike.")
    assert found[">40 trucks"].predicate == "idled"


def test_a_name_acts_across_an_apposition():
    found = figures("Northstar Corp, an investor group bidding for Acme Corp, said it would raise its tender offer "
                    "to 42 dlrs a share from 38 dlrs.")
    raised = found["42 USD/share"]
    assert (raised.subject, raised.predicate, raised.change) == ("Northstar Corp", "offer", "raise")


def test_shares_bought_at_a_price_in_a_sentence_about_an_offer_are_bought_at_the_offer_price():
    found = figures("Lyle Group Plc <LYL.L> said its tender offer for Bolt Inc expired at midnight yesterday and "
                    "that it had accepted about 1.2 mln shares at 31.50 dlrs each.")
    assert identity(found["31.5 USD"]) == ("Lyle Group Plc", "offer", "USD/share")
    closing = figures("Bolt Inc stock closed at 30.25 dlrs a share.")["30.25 USD/share"]
    assert closing.subject == "(unresolved)"


def test_it_in_a_relative_clause_is_the_owner_of_what_which_stands_for():
    found = figures("Bolt Inc said it has sued Lyle Group Plc over Lyle's completed tender offer in which it "
                    "raised its ownership of Acme to 61 pct.")
    assert found["61 percent"].key.startswith("lyle\x1fstake")


def test_the_size_of_a_change_is_not_a_level():
    found = figures("Norway's central bank said a one pct increase in base rates was enough. Norway's base rate "
                    "is now 9 pct.")
    step, level = found["1 percent"], found["9 percent"]
    assert "change" in step.object and step.key != level.key


def test_a_word_describing_the_holder_is_not_part_of_its_name():
    based = figures("Houston-based Apache Corp said its profit rose to 300 mln dlrs.")["300 mln USD"]
    plain = figures("Apache Corp said its profit rose to 310 mln dlrs.")["310 mln USD"]
    assert based.subject == "Apache Corp" and based.key == plain.key


def test_a_city_in_the_sentence_is_not_a_company_figure_holder():
    found = figures("In Houston, Apache said its profit rose to 5 mln dlrs. From London, BP said its stake in "
                    "Rosneft is 19.75 pct.")
    assert found["5 mln USD"].subject == "Apache" and found["19.75 percent"].subject == "BP"


def test_an_unnamed_group_holds_its_offer_by_the_name_or_members_the_story_gives():
    named_later = figures("An investment group led by Ridge Capital Inc said it raised its tender offer for Acme Corp "
                          "to 40 dlrs a share. The group, Summit Acquisition Corp, also extended the offer.")
    assert named_later["40 USD/share"].subject == "Summit Acquisition Corp"
    by_members = figures("An investor group led by Ridge Capital Inc and Bell Holdings said it raised its offer for "
                         "Acme Corp to 40 dlrs a share.")
    offer = by_members["40 USD/share"]
    assert (offer.subject, offer.holder, offer.holder_members) == (
        "Ridge Capital Inc and Bell Holdings", "ridge capital and bell", "bell+ridge")
    unknown = figures("Acme Corp rejected the bid. An investor group said it might raise its 35 dlr a share offer.")
    assert unknown["35 USD/share"].subject == "(unresolved)", "the group is not the company the story is about"
    launched = figures("An investor group said it might raise its 35 dlr a share offer for Acme Corp. Ridge and "
                       "Sons, along with Bell Holdings Inc <BHI>, last month launched a surprise tender offer.")
    assert (launched["35 USD/share"].subject, launched["35 USD/share"].holder_members) == (
        "Ridge and Sons and Bell Holdings Inc", "bell+ridge+sons")


def test_a_group_defined_by_its_members_carries_them_for_the_store():
    found = figures("Northstar Partners, comprised of Ridge Capital and Bell Holdings, said it began a 30 dlrs a "
                    "share tender offer for Acme Corp. Ridge and Bell, which own 5 pct of Acme Corp, said it was "
                    "the first bid.")
    offer = found["30 USD/share"]
    assert (offer.subject, offer.holder, offer.holder_members) == ("Northstar Partners", "northstar partner", "bell+ridge")
    listed = figures("Cyacq, comprising Audio/Video Affiliates Inc, Citicorp Capital Investors Ltd and other "
                     "investors, yesterday said it would increase its tender offer to 92.50 dlrs a share.")
    assert listed["92.5 USD/share"].holder_members == "audio/video+citicorp", "the list ends where the verb begins"


def test_the_company_an_offer_is_for_does_not_hold_it():
    rejected = figures("Northstar Partners launched a tender offer for Acme Corp on Monday. Acme Corp said its board "
                       "rejected the 30 dlrs a share offer.")
    assert rejected["30 USD/share"].subject != "Acme Corp"
    both = figures("Skyway Inc had offered 71 dlrs a share for Coastal Air. Last week Metro Airlines made an offer to "
                   "acquire Skyway. Skyway Inc said its 71 dlrs a share offer stands.")
    assert both["71 USD/share"].subject == "Skyway Inc", "a bidder that is bid for too still holds its own offer"


def test_a_figure_naming_its_own_noun_is_not_the_sentences_measure():
    found = figures("The financing for the offer includes 250 mln dlrs in equity from Northstar Partners and a 1.25 "
                    "billion dlr loan from First Bank.")
    assert found["250 mln USD"].predicate != "offer" and found["1.25 bln USD"].predicate != "offer"


def test_a_season_opening_the_sentence_places_the_figure():
    found = figures("Last fall, Ridge Capital offered to acquire Delta Mills for about 1.44 billion dlrs.",
                    published=date(1987, 3, 18))
    assert found["~1.44 bln USD"].valid_at == "1986-09-01"


def test_goods_and_seasons_make_production_figures_other_facts():
    found = figures("Soybean production is expected to reach 8.0 to 8.4 mln tonnes. The maize harvest is put at "
                    "10.1 mln tonnes. Last year's soybean harvest totalled 7.1 mln tonnes.", published=date(1987, 3, 4))
    assert "soybeans" in found["8-8.4 mln tonnes"].object and "maize" in found["10.1 mln tonnes"].object
    assert "1986" in found["7.1 mln tonnes"].object, "last year's harvest is another fact"
    season = figures("Soybean production for 1986/87 is now estimated at 7.7 mln tonnes.", published=date(1987, 3, 4))
    assert "1986" not in season["7.7 mln tonnes"].object, "the season ending this year is the current one"


def test_a_date_after_estimated_belongs_to_the_older_figure():
    found = figures("The maize harvest is expected to total 10.2 mln tonnes, down from the 10.4 mln tonnes "
                    "estimated a week ago.", published=date(1987, 3, 11))
    assert found["10.2 mln tonnes"].valid_at == "1987-03-11"
    changed = figures("The intervention rate has stood at eight pct since it was raised from 7-1/4 pct on January 2.",
                      published=date(1987, 3, 11))
    assert changed["7.25 percent"].valid_at == "1987-01-01", "the value before a change held until the day before"


def test_a_rate_in_a_clause_about_it_and_strikers_counted_as_people():
    rate = figures("Dealers expect a cut in the Bank of France's intervention rate, which has stood at eight pct "
                   "since January 2.")
    assert identity(rate["8 percent"]) == ("France", "intervention rate", "percent")
    strike = figures("About 500,000 of Brazil's 700,000 bankworkers were on strike, a union spokesman said. Some "
                     "7,000 black miners went on strike in South Africa.")
    assert identity(strike["~500,000"])[:2] == ("Brazil", "strikers")
    assert "700,000" not in strike or strike["700,000"].predicate != "strikers", "the whole is not the part"
    assert identity(strike["~7,000 miners"]) == ("South Africa", "strikers", "people")


def test_an_unnamed_group_is_its_founders_and_stakes_are_held():
    found = figures("Last week, a group formed by Theodore Cross offered to acquire Acme Corp for 34 dlrs per "
                    "share. The group held about six pct of Acme Corp.")
    assert found["~6 percent"].subject == "Theodore Cross"
    owner = figures("The bid came from Ridge Capital Inc, owner of six pct of the shares.")
    assert owner["6 percent"].predicate == "stake"


def test_a_count_at_a_named_workplace_is_another_fact():
    found = figures("Some 7,000 black miners went on strike at South African gold and coal mines, the union said. "
                    "A spokesman said 6,000 workers began an underground sit-in at the Grootvlei gold mine.")
    assert found["~7,000 miners"].key != found["6,000 workers"].key
    assert "Grootvlei mine" in found["6,000 workers"].object


def test_the_name_an_aside_is_about_acts_not_the_name_inside_it():
    found = figures("Theodore Cross, editor of Business Review, a monthly, said his group has offered to buy Acme "
                    "Corp for 34 dlrs a share.")
    assert found["34 USD/share"].subject == "Theodore Cross"
    owner = figures("The proposals came from Theodore L. Cross, owner of about six pct of the company's stock who "
                    "offered 36 dlrs a share.")
    assert owner["36 USD/share"].subject == "Theodore L. Cross"


def test_a_group_named_by_whose_it_is_holds_for_them():
    found = figures("Lindner's investor group recently raised its Acme stake to 16.2 pct from 15.6 pct.")
    assert found["16.2 percent"].subject == found["15.6 percent"].subject == "Lindner"


def test_the_older_figure_of_a_revision_takes_the_newer_ones_unit_and_measure():
    found = figures("The Bank of England said it revised its estimate of the shortfall in the money market to "
                    "750 mln stg from 700 mln.")
    newer, older = found["750 mln GBP"], found["700 mln GBP"]
    assert newer.key == older.key and newer.predicate == "shortage"
    assert (older.value_unit, older.change) == ("GBP", "from")


def test_words_describing_a_person_are_no_part_of_the_holder():
    found = figures("An investor group led by New York money manager Janet Orwell said it raised its stake in Bolt "
                    "Corp to 9.4 pct.")
    assert found["9.4 percent"].subject == "Janet Orwell"


def test_ownership_told_in_an_aside_or_in_the_passive():
    aside = figures("Kestrel said the accord signed with Marlow Holdings, Kestrel's controlling shareholder with a "
                    "38.5 pct direct stake, includes a cash payment.")["38.5 percent"]
    passive = figures("Tern Airlines, 38.5 pct owned by Marlow Holdings, said it would add routes.")["38.5 percent"]
    assert identity(aside)[:2] == identity(passive)[:2] == ("Marlow Holdings", "stake")


def test_shares_bought_restated_as_a_share_of_the_stock_outstanding_are_a_stake():
    found = figures("A group controlled by investor Paul Marsh said it has acquired 882,500 shares of Bolt Corp, or "
                    "8.0 pct of the total outstanding.")
    assert identity(found["8 percent"])[:2] == ("Paul Marsh", "stake")
    anaphor = figures("Bolt Corp said it accepted 2.3 mln shares. This represents just over 54 pct of the "
                      "outstanding shares.")
    assert anaphor[">54 percent"].predicate != "stake"  # a block of shares, not the holding


def test_oil_postings_per_barrel_and_wage_demands_in_other_words():
    posting = figures("The increase brings Sun's posted price for West Texas Intermediate to 17.50 dlrs/bbl.")
    assert posting["17.5 USD/barrel"].predicate == "official price"
    wages = figures("The West German union is demanding a parallel increase in wages of five pct.")
    assert wages["5 percent"].predicate == "pay rise"


def test_a_wage_round_told_in_other_words_keeps_each_sides_figure():
    union = figures("The engineering union is demanding a five pct increase in wages.", title="GERMAN WAGE TALKS")
    again = figures("The union wants a five pct wage rise.", title="GERMAN WAGE TALKS")
    employers = figures("The employers propose a pay rise of 2.7 pct.", title="GERMAN WAGE TALKS")
    assert identity(union["5 percent"]) == ("Germany", "pay rise", "demanded; percent")  # the headline's country
    assert union["5 percent"].key == again["5 percent"].key
    assert identity(employers["2.7 percent"]) == ("Germany", "pay rise", "offered; percent")


def test_the_price_an_offer_for_something_is_at_however_long_the_list():
    found = figures("Kestrel Capital said it has started its tender offer for all common shares and 11.25 dlr "
                    "preferred shares of Bolt Industries Inc at 24.60 dlrs and 87.50 dlrs respectively.")
    assert identity(found["24.6 USD"])[:2] == ("Kestrel Capital", "offer")


def test_the_headline_names_what_an_offer_is_for():
    body = "Bolt Industries Inc said holders who tender will receive 24.60 dlrs in the tender offer."
    assert figures(body)["24.6 USD"].subject == "Bolt Industries Inc"  # the story's company, for all it says
    assert figures(body, title="KESTREL BEGINS TENDER FOR BOLT <BLT>")["24.6 USD"].subject != "Bolt Industries Inc"


def test_a_holders_name_keeps_its_initials_and_stops_at_a_full_stop():
    initials = figures("A group led by investor David F. La Roche said it raised its stake in Bolt Corp to 9.4 pct.")
    assert initials["9.4 percent"].subject == "David F. La Roche"
    stopped = figures("The rest of the company is 80.4 pct owned by Kestrel Holdings Inc. Both firms declined to "
                      "comment.")
    assert stopped["80.4 percent"].subject == "Kestrel Holdings Inc"


def test_a_raise_by_an_amount_is_the_change_not_the_new_level():
    found = figures("Sun Co said it raised its posted prices for crude oil by one dlr a barrel. The move brings its "
                    "posted price for West Texas Intermediate to 19 dlrs a barrel.")
    raise_, level = found["1 USD/barrel"], found["19 USD/barrel"]
    assert level.predicate == raise_.predicate == "official price"
    assert "change" in (raise_.object or "") and raise_.key != level.key
    growth = figures("U.S. gross national product grew by 1.1 pct in the fourth quarter of 1986.")["1.1 percent"]
    assert "change" not in (growth.object or "")  # growth is itself the change
