"""People and organisations have tables of their own and events name them by id (issue 24): what `check` says of
the old written-out form, unknown and unused ids, likely duplicates, aliases in summaries and bad records."""

from __future__ import annotations

from culturelinks.data.validate import alias_findings

from .test_messages import VALID, edit

TABLES = """\
people:
  gara-garayev:
    name: {az: Qara Qarayev, ru: Кара Караев, en: Gara Garayev}
    aliases: {en: [Kara Karayev]}
organisations:
  itar-tass:
    name: {az: İTAR-TASS agentliyi, ru: Информационное телеграфное агентство России (ИТАР-ТАСС), en: Information Telegraph Agency of Russia (ITAR-TASS)}
    aliases: {ru: [ИТАР-ТАСС], en: [ITAR-TASS]}
    place: moscow
sources:
"""


def with_tables(text: str = VALID) -> str:
    return edit("sources:\n", TABLES, text)


def named(people: str = "[gara-garayev]", organisations: str = "[itar-tass]") -> str:
    return edit("    sources: [{source: article}]\n",
                f"    sources: [{{source: article}}]\n    people: {people}\n    organisations: {organisations}\n",
                with_tables())


def test_entities_named_by_id_are_valid(check):
    assert check(named()) == []


def test_the_old_written_out_form_names_the_id_to_write(check):
    text = edit("    people: [gara-garayev]\n",
                "    people:\n      - {az: Qara Qarayev, ru: Кара Караев, en: Gara Garayev}\n"
                "      - {az: Fikrət Əmirov, ru: Фикрет Амиров, en: Fikret Amirov}\n", named())
    assert check(text) == [
        "events.yaml:32:9: events[0].people[0]: person written out ('Gara Garayev'): people are named by id",
        "events.yaml:33:9: events[0].people[1]: person written out ('Fikret Amirov'): people are named by id"]


def test_the_hint_says_which_id_or_how_to_declare_one(tmp_path):
    from culturelinks.data.dataset import check_file

    path = tmp_path / "events.yaml"
    path.write_text(edit("    people: [gara-garayev]\n",
                         "    people:\n      - {az: Qara Qarayev, ru: Кара Караев, en: Gara Garayev}\n"
                         "      - {az: Fikrət Əmirov, ru: Фикрет Амиров, en: Fikret Amirov}\n", named()), "utf-8")
    hints = [problem.hint for problem in check_file(path, "events.yaml")[0].problems]
    assert hints == ["write its id: gara-garayev",
                     "declare it under 'people' (e.g. fikret-amirov: {name: {...}}) and write its id here"]


def test_unknown_ids_are_errors_with_a_suggestion(check):
    assert check(named("[gara-garaev, nobody]", "[itar-tas]")) == [
        "events.yaml:31:14: events[0].people[0]: unknown person 'gara-garaev'",
        "events.yaml:31:27: events[0].people[1]: unknown person 'nobody'",
        "events.yaml:32:21: events[0].organisations[0]: unknown organisation 'itar-tas'"]


def test_an_entity_no_event_names_is_a_warning(check):
    assert check(with_tables()) == [
        "events.yaml:11:3: warning: people.gara-garayev: person 'gara-garayev' is declared but no event uses it",
        "events.yaml:15:3: warning: organisations.itar-tass: organisation 'itar-tass' is declared but no event uses it"]


def test_two_entities_with_one_name_are_likely_duplicates(check):
    text = edit("organisations:\n", "  kara-karayev:\n    name: {az: Qara Qarayev, ru: Кара Караев, en: Kara Karayev}\n"
                "organisations:\n", named("[gara-garayev, kara-karayev]"))
    assert check(text) == ["events.yaml:14:3: warning: people.kara-karayev: person 'kara-karayev' has the same az name as "
                           "'gara-garayev' ('Qara Qarayev')"]


def test_a_summary_that_writes_an_alias_is_a_warning_where_it_is_written(check):
    text = edit("en: A society.}", "en: A society that Kara Karayev and ITAR-TASS founded.}", named())
    assert check(text) == [
        "events.yaml:29:64: warning: events[0].summary.en: the person 'gara-garayev' is written 'Kara Karayev', one "
        "of its aliases",
        "events.yaml:29:81: warning: events[0].summary.en: the organisation 'itar-tass' is written 'ITAR-TASS', one "
        "of its aliases"]


def test_an_alias_inside_the_name_is_the_name():
    name = "Information Telegraph Agency of Russia (ITAR-TASS)"
    assert alias_findings(f"The {name} signed it.", [name], ["ITAR-TASS"]) == []
    assert alias_findings(f"The {name}, or ITAR-TASS, signed it.", [name], ["ITAR-TASS"]) == [(len(name) + 9, "ITAR-TASS")]
    assert alias_findings("ITAR-TASSE is another word.", [name], ["ITAR-TASS"]) == []


def test_bad_records_are_all_reported_at_their_place(check):
    text = edit("    aliases: {en: [Kara Karayev]}\n",
                "    aliases: {en: [Kara Karayev, Kara Karayev], fr: [Karaïev]}\n    born: \"19xx\"\n"
                "    wikidata: X1\n", named())
    text = edit("    place: moscow\n", "    place: nowhere\n    founded: {start: \"2000\", end: \"1990\"}\n", text)
    assert check(text) == [
        "events.yaml:13:34: people.gara-garayev.aliases.en[1]: 'Kara Karayev' is listed twice",
        "events.yaml:13:49: people.gara-garayev.aliases.fr: unknown language 'fr'; expected az, ru or en",
        "events.yaml:14:11: people.gara-garayev.born: expected YYYY, YYYY-MM or YYYY-MM-DD, found '19xx'",
        "events.yaml:15:15: people.gara-garayev.wikidata: expected a Wikidata id such as 'Q649', found 'X1'",
        "events.yaml:20:12: organisations.itar-tass.place: unknown place 'nowhere'",
        "events.yaml:21:35: organisations.itar-tass.founded.end: the period ends (1990) before it starts (2000)"]
