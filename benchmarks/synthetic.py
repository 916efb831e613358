"""A deterministic generator of realistic synthetic chronologies, valid under `culturelinks check`.

``python -m benchmarks.synthetic N > events.yaml`` writes one with N events: titles and Markdown
summaries in az, ru and en of the real dataset's lengths, mixed date precisions, periods,
approximate dates, unknown days between bounds and recurring dates, and references to types, places
and sources like the real data's; people (N/4) and organisations (N/10), a few per event, drawn with a
long tail (Zipf: a few appear in many events, most in one or two), each in at least one event.
"""

from __future__ import annotations

import json
import random
import sys

WORDS = {
    "az": ("mədəniyyət günləri sərgi konsert abidə cəmiyyət saziş əməkdaşlıq proqram forum teatr balet "
           "kitabxana incəsənət ədəbiyyat musiqi rəssam şair bəstəkar xalq dostluq tarix irs nümayəndə heyəti "
           "mərasim açılış yubiley səfər mərkəz muzey qalereya festival tamaşa qastrol təqdimat layihə").split(),
    "ru": ("дни культуры выставка концерт памятник общество соглашение сотрудничество программа форум театр "
           "балет библиотека искусство литература музыка художник поэт композитор народ дружба история "
           "наследие делегация церемония открытие юбилей визит центр музей галерея фестиваль спектакль "
           "гастроли презентация проект").split(),
    "en": ("culture days exhibition concert monument society agreement cooperation programme forum theatre "
           "ballet library art literature music painter poet composer people friendship history heritage "
           "delegation ceremony opening anniversary visit centre museum gallery festival performance tour "
           "presentation project").split(),
}
TYPES = ("agreement", "culture-days", "culture-year", "exhibition", "monument", "society", "institution",
         "performance", "forum", "state-visit", "programme", "media")
LABELS = {lang: [f"{t} ({lang})" for t in TYPES] for lang in WORDS}
PLACES = 60
SOURCES = 25


def _sentence(rng: random.Random, lang: str, words: int) -> str:
    chosen = [rng.choice(WORDS[lang]) for _ in range(words)]
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def _summary(rng: random.Random, lang: str) -> str:
    sentences = [_sentence(rng, lang, rng.randint(10, 22)) for _ in range(rng.randint(3, 6))]
    emphasised = rng.randrange(len(sentences))
    words = sentences[emphasised].split(" ")
    words[1] = f"*{words[1]}*"
    sentences[emphasised] = " ".join(words)
    if rng.random() < 0.3:
        sentences.append(f"[{WORDS[lang][0]}](https://example.org/{rng.randint(1, 999)})")
    return " ".join(sentences)


#: The languages every baseline writes, in the data's order.
LANGUAGES = ("az", "ru", "en")


def pick(texts: dict, lang: str) -> str:
    """A text in ``lang``, or in the first language that has it (as the site falls back)."""
    return texts.get(lang) or next(texts[other] for other in LANGUAGES if texts.get(other))


def listed_date(date: str | dict) -> str:
    """The date the baselines place an event by: the date itself, or the first bound its form gives
    (a period's start, an open date's ``since``, one unknown day's earliest or else latest bound)."""
    if isinstance(date, str):
        return date
    return next(str(date[key]) for key in ("start", "since", "earliest", "latest") if key in date)


def _date(rng: random.Random) -> str:
    year = rng.randint(1989, 2024)
    kind = rng.random()
    if kind < 0.25:
        return json.dumps(str(year))
    month = rng.randint(1, 12)
    if kind < 0.5:
        return json.dumps(f"{year}-{month:02d}")
    day = rng.randint(1, 23)
    if kind < 0.85:
        return json.dumps(f"{year}-{month:02d}-{day:02d}")
    if kind < 0.88:
        return f'{{latest: "{year}"}}'
    if kind < 0.9:
        return f'{{since: "{year}", every: year}}'
    end_day = min(28, day + rng.randint(1, 5))
    approximate = ", approximate: true" if kind > 0.95 else ""
    return f'{{start: "{year}-{month:02d}-{day:02d}", end: "{year}-{month:02d}-{end_day:02d}"{approximate}}}'


def _entities(count: int, noun: dict[str, str]) -> list[str]:
    """The YAML lines of a table of ``count`` people or organisations, named "<noun> <number>" in each language."""
    lines = []
    for number in range(count):
        lines += [f"  {noun['key']}-{number}:",
                  f"    name: {{az: {noun['az']} {number}, ru: {noun['ru']} {number}, en: {noun['en']} {number}}}"]
    return lines


def _drawn(rng: random.Random, count: int, weights: list[float], at_most: int, first: int | None) -> list[str]:
    """0 to ``at_most`` distinct numbers below ``count``, drawn by ``weights`` (cumulative), ``first`` among them."""
    chosen = {number for number in rng.choices(range(count), cum_weights=weights, k=rng.randint(0, at_most))}
    if first is not None:
        chosen.add(first)
    return [str(number) for number in sorted(chosen)]


def _zipf(count: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(count):
        total += 1 / (rank + 1)
        cumulative.append(total)
    return cumulative


PERSON = {"key": "person", "az": "Şəxs", "ru": "Лицо", "en": "Person"}
ORGANISATION = {"key": "organisation", "az": "Təşkilat", "ru": "Организация", "en": "Organisation"}


def dataset(n: int, seed: int = 1) -> str:
    """The YAML text of a valid chronology with ``n`` events."""
    rng = random.Random(seed)
    out = ["# yaml-language-server: $schema=../schema/events.schema.json", "types:"]
    for i, key in enumerate(TYPES):
        out.append(f"  {key}: {{az: {LABELS['az'][i]}, ru: {LABELS['ru'][i]}, en: {LABELS['en'][i]}}}")
    out.append("places:")
    for p in range(PLACES):
        out.append(f"  place-{p}:")
        out.append(f"    name: {{az: Şəhər {p}, ru: Город {p}, en: City {p}}}")
        out.append(f"    country: {rng.choice(['AZ', 'RU'])}")
        out.append(f"    coordinates: {{lat: {rng.uniform(38, 60):.4f}, lon: {rng.uniform(30, 50):.4f}}}")
    people, organisations = max(1, n // 4), max(1, n // 10)
    out += ["people:", *_entities(people, PERSON), "organisations:", *_entities(organisations, ORGANISATION)]
    people_weights, organisation_weights = _zipf(people), _zipf(organisations)
    named_rng = random.Random(seed + 1)  # its own stream: the events are those of the data before people were
    out.append("sources:")
    for s in range(SOURCES):
        out += [f"  source-{s}:", f"    title: {json.dumps(_sentence(rng, 'az', 8), ensure_ascii=False)}",
                f"    year: {rng.randint(1995, 2024)}", "    language: az"]
    out.append("events:")
    for e in range(n):
        date, event_type = _date(rng), rng.choice(TYPES)
        places = sorted({f"place-{rng.randrange(PLACES)}" for _ in range(rng.randint(1, 3))})
        out += [f"  - id: event-{e:05d}", f"    date: {date}", f"    type: {event_type}",
                f"    places: [{', '.join(places)}]", "    title:"]
        out += [f"      {lang}: {json.dumps(_sentence(rng, lang, rng.randint(5, 10))[:-1], ensure_ascii=False)}"
                for lang in WORDS]
        out.append("    summary:")
        for lang in WORDS:
            out += [f"      {lang}: |-", f"        {_summary(rng, lang)}"]
        out += ["    sources:", f"      - source: source-{rng.randrange(SOURCES)}",
                f'        locator: "[{rng.randint(1, 9)};{rng.randint(1, 300)}]"']
        named = _drawn(named_rng, people, people_weights, 3, e if e < people else None)
        if named:
            out.append(f"    people: [{', '.join(f'person-{number}' for number in named)}]")
        named = _drawn(named_rng, organisations, organisation_weights, 2, e if e < organisations else None)
        if named:
            out.append(f"    organisations: [{', '.join(f'organisation-{number}' for number in named)}]")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dataset(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
