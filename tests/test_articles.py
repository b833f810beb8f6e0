"""Pages and files → documents, with the real trafilatura, courlan and simhash."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipeline import articles
from pipeline.records import SAME_STORY_MAX_BITS, FeedEntry, same_story

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

STORY = [
    "Pakistan has formally joined the International Lunar Research Station after its space agency SUPARCO "
    "signed a cooperation agreement with the China National Space Administration in Beijing on Friday.",
    "The agreement commits the two agencies to joint work on lunar science, ground stations and the training "
    "of engineers, officials from both sides said at the signing ceremony in the Chinese capital.",
    "Pakistan's first lunar payload, a small cubesat built with Chinese help, flew aboard the Chang'e-6 mission "
    "earlier this year, which returned the first samples ever collected from the far side of the Moon.",
    "Under the new agreement, Pakistani scientists will be able to propose instruments for the station's later "
    "phases, and the country will host a ground station to receive data from future Chinese lunar missions.",
    "Analysts in Islamabad said the deal deepens a partnership that already spans satellite launches, remote "
    "sensing and navigation, and that more countries in South Asia and the Middle East could follow.",
    "China and Russia, which lead the project, say the station will be built near the lunar south pole in the "
    "2030s, with a robotic basic model to be completed first and crewed visits to follow later.",
    "Critics in Washington have described the programme as a rival to the US-led Artemis Accords, which more "
    "than forty countries have signed, although several states take part in both initiatives.",
]
UNRELATED = [
    "Uzbekistan on Thursday became the latest country to sign the Artemis Accords, the US-led set of principles "
    "for civil exploration of the Moon, at a ceremony held at the State Department in Washington.",
    "NASA officials welcomed the signing and said more nations in Central Asia were in talks, while diplomats "
    "noted the growing competition with Beijing over partners for lunar exploration.",
    "The accords set out rules on transparency, interoperability, emergency assistance and the public sharing "
    "of scientific data from missions to the Moon, Mars, comets and asteroids.",
    "Uzbek officials said the country hoped to send its first astronaut into orbit within the decade and would "
    "seek places for its engineers in international training programmes.",
]


# --- canonical URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "https://www.orbital.example.com/2024/05/pakistan-ilrs?utm_source=rss&utm_medium=feed&utm_campaign=daily",
            "https://www.orbital.example.com/2024/05/pakistan-ilrs",
        ),
        ("https://orbital.example.com/story?fbclid=IwAR3xYz_abc123", "https://orbital.example.com/story"),
        ("https://orbital.example.com/story#comments", "https://orbital.example.com/story"),
        ("https://ORBITAL.Example.COM/story", "https://orbital.example.com/story"),
        (
            "HTTPS://News.Example.ORG:443/World/Story?id=7&utm_term=moon&fbclid=abc#top",
            "https://news.example.org/World/Story?id=7",
        ),
        ("https://orbital.example.com", "https://orbital.example.com/"),
    ],
)
def test_canonical_url_drops_tracking_fragment_and_host_case(raw: str, canonical: str) -> None:
    assert articles.canonical_url(raw) == canonical


def test_canonical_url_keeps_meaningful_query_and_path_case() -> None:
    url = articles.canonical_url("https://news.example.org/Article.aspx?id=42&page=2&utm_content=x")
    assert url.startswith("https://news.example.org/Article.aspx?")
    assert "id=42" in url and "page=2" in url and "utm_" not in url


def test_canonical_url_is_idempotent() -> None:
    once = articles.canonical_url("https://WWW.Example.com/a/b?x=1&utm_source=t#frag")
    assert articles.canonical_url(once) == once


# --- fingerprints ----------------------------------------------------------------------------------------


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def test_fingerprint_is_sixteen_hex_digits_and_deterministic() -> None:
    text = "\n".join(STORY)
    value = articles.fingerprint(text)
    assert len(value) == 16 and int(value, 16) >= 0
    assert articles.fingerprint(text) == value
    # Case and whitespace do not change a story.
    assert articles.fingerprint("  " + text.upper().replace(" ", "   ")) == value


def test_a_syndicated_copy_with_another_credit_line_is_the_same_story() -> None:
    original = "\n".join([*STORY, "Reporting by Aisha Karim in Islamabad; editing by Tom Hughes."])
    copy = "\n".join([*STORY, "This article first appeared in the Orbital Times and is republished with permission."])
    unrelated = "\n".join([*UNRELATED, "Reporting by Aisha Karim in Islamabad; editing by Tom Hughes."])
    a, b, c = (articles.fingerprint(t) for t in (original, copy, unrelated))

    assert a != b
    assert _distance(a, b) <= SAME_STORY_MAX_BITS and same_story(a, b)
    assert _distance(a, c) > SAME_STORY_MAX_BITS and not same_story(a, c)
    assert not same_story(b, c)


# --- pages -----------------------------------------------------------------------------------------------


NOISE = {
    "nav": "Subscribe to our newsletter",
    "aside": "Cricket board announces new season schedule",
    "aside2": "Monsoon forecast brings relief to farmers",
    "footer": "Orbital Times Media Group. All rights reserved",
    "cookie": "Manage cookie preferences",
}


def page(*, canonical: str | None = None, lang: str = "en") -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in STORY)
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"""<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>Pakistan joins China's lunar research station | Orbital Times</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:type" content="article">
<meta property="og:site_name" content="Orbital Times">
<meta property="og:title" content="Pakistan joins China's lunar research station">
<meta property="article:published_time" content="2024-05-03T09:30:00+00:00">
<meta name="author" content="Aisha Karim">
{link}
<script>window.dataLayer = window.dataLayer || []; function track() {{ return "analytics"; }}</script>
</head>
<body>
<header><div class="logo">Orbital Times</div>
<nav class="main-menu"><ul>
<li><a href="/">Home</a></li><li><a href="/launches">Launches</a></li><li><a href="/policy">Space policy</a></li>
<li><a href="/subscribe">{NOISE["nav"]}</a></li>
</ul></nav></header>
<main>
<article>
<h1>Pakistan joins China's lunar research station</h1>
<p class="byline">By Aisha Karim · <time datetime="2024-05-03T09:30:00+00:00">3 May 2024</time></p>
{paragraphs}
</article>
</main>
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/sport/cricket">{NOISE["aside"]}</a></li>
<li><a href="/weather/monsoon">{NOISE["aside2"]}</a></li>
</ul></aside>
<footer><p>© 2024 {NOISE["footer"]}.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">{NOISE["cookie"]}</a></p>
</footer>
</body></html>"""


PAGE_URL = "https://WWW.Orbital.example.com/2024/05/pakistan-ilrs?utm_source=rss&fbclid=xyz#top"


def test_from_html_extracts_the_main_text_without_page_furniture() -> None:
    document = articles.from_html(page().encode(), PAGE_URL, origin="feed")

    for paragraph in STORY:
        assert paragraph in document.text
    for noise in NOISE.values():
        assert noise not in document.text
    assert "analytics" not in document.text and "Most read" not in document.text
    assert document.fingerprint == articles.fingerprint(document.text)
    assert document.origin == "feed"


def test_from_html_reads_title_date_and_site() -> None:
    document = articles.from_html(page(), PAGE_URL)

    assert document.title == "Pakistan joins China's lunar research station"
    assert document.published is not None and document.published.tzinfo is not None
    assert document.published.date().isoformat() == "2024-05-03"
    assert document.site == "orbital.example.com"  # where we fetched it, not what the page calls itself
    assert document.url == "https://www.orbital.example.com/2024/05/pakistan-ilrs"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_from_html_reads_the_page_language(lang: str) -> None:
    document = articles.from_html(page(lang=lang), PAGE_URL)
    assert document.language == lang


def test_from_html_takes_the_feed_entrys_language_when_the_page_gives_none() -> None:
    entry = FeedEntry(
        feed_url="https://orbital.example.com/feed.xml",
        entry_id="orbital-1001",
        link=PAGE_URL,
        title="Pakistan joins the ILRS",
        summary="SUPARCO signs with CNSA.",
        language="en",
    )
    document = articles.from_html(page(), PAGE_URL, entry=entry)
    assert document.language == "en"
    assert (document.feed_url, document.entry_id) == ("https://orbital.example.com/feed.xml", "orbital-1001")


def test_from_html_follows_a_canonical_link_on_the_same_site() -> None:
    mobile = articles.from_html(
        page(canonical="https://www.orbital.example.com/2024/05/pakistan-ilrs?utm_medium=amp"),
        "https://m.orbital.example.com/amp/2024/05/pakistan-ilrs",
    )
    assert mobile.url == "https://www.orbital.example.com/2024/05/pakistan-ilrs"
    assert mobile.site == "m.orbital.example.com"


def test_from_html_ignores_a_canonical_link_to_another_site() -> None:
    """A page elsewhere naming a stored article as its canonical would overwrite that article: it keeps its own
    URL, and its own site however it names itself (copies of one story still count once, by fingerprint)."""
    copy = articles.from_html(
        page(canonical="https://www.orbital.example.com/2024/05/pakistan-ilrs"),
        "https://digest.example.net/news/pakistan-lunar-station",
    )
    assert copy.url == "https://digest.example.net/news/pakistan-lunar-station"
    assert copy.site == "digest.example.net"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://news.bbc.co.uk/a", "https://www.bbc.co.uk/b", True),
        ("https://bbc.co.uk/a", "https://other.co.uk/b", False),
        ("https://orbital.example.com/a", "https://orbital.example.com.evil.net/a", False),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8002/a", False),
        ("http://localhost:8001/a", "http://127.0.0.1:8001/a", False),
    ],
)
def test_same_site_is_the_same_registrable_domain(a: str, b: str, same: bool) -> None:
    assert articles.same_site(a, b) is same


def test_from_html_without_text_falls_back_to_the_feed_entry() -> None:
    entry = FeedEntry(
        feed_url="https://orbital.example.com/feed.xml",
        entry_id="orbital-1002",
        link="https://orbital.example.com/video/123?utm_source=rss",
        title="Video: Pakistan signs on to the lunar station",
        summary="SUPARCO and CNSA sign an ILRS cooperation agreement.",
        published=datetime(2024, 5, 3, 10, 0, tzinfo=UTC),
        language="en",
    )
    empty = "<html><head><title>Video</title></head><body><div id='player'></div><script>play()</script></body></html>"
    document = articles.from_html(empty, entry.link or "", entry=entry)

    assert document.url == "https://orbital.example.com/video/123"
    assert document.text == f"{entry.title}\n{entry.summary}"
    assert document.published == entry.published
    assert document.title == entry.title


# --- seeds -----------------------------------------------------------------------------------------------


def test_load_seeds_reads_every_seed_file() -> None:
    documents = articles.load_seeds(SEEDS)
    files = sorted(SEEDS.glob("*.txt"))

    assert len(documents) == len(files) == 5
    assert [d.url for d in documents] == [f"seed:{f.name}" for f in files]
    assert all(d.origin == "seed" for d in documents)
    for document, path in zip(documents, files, strict=True):
        assert document.text == path.read_text(encoding="utf-8")
        assert document.fingerprint == articles.fingerprint(document.text)
    assert documents[0].url.startswith("seed:000_")
    assert documents[0].published is not None
    assert documents[0].published.date().isoformat() == "2025-04-29"
    assert documents[0].published.tzinfo is not None
    assert len({d.fingerprint for d in documents}) == 5


def test_load_seeds_of_an_empty_directory_is_empty(tmp_path: Path) -> None:
    assert articles.load_seeds(tmp_path) == []


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Published 2025-04-29T11:12:00Z by Sputnik", datetime(2025, 4, 29, 11, 12, tzinfo=UTC)),
        (" date 2021-02-18 What's new", datetime(2021, 2, 18, tzinfo=UTC)),
        ("Russia, China agree | DW | 09.03.2021", datetime(2021, 3, 9, tzinfo=UTC)),
        ("No date in this head at all.", None),
    ],
)
def test_head_date(head: str, expected: datetime | None) -> None:
    assert articles.head_date(f"{head}\n\nBody text follows.") == expected
