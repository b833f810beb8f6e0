"""Issue 14: only sure findings alert; everything else waits for review, then alerts once when it becomes sure.

A realistic mixed feed of our own articles, served from real local servers: a signing (sure), a withdrawal
(sure), a membership list and its syndicated copy (one medium-confidence source), talks reported under a
dateline, a mission's year from a hedged report, and another programme's signing (nothing). Then a second
independent source, an analyst's confirmation and an analyst's rejection.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from flows.baseline import baseline
from flows.digest import daily_digest
from flows.monitor import monitor
from pipeline import review
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Response
from tests.scenario import page, rss
from tests.test_alerts import Hook

LAOS = [
    "Laos joins the lunar station.",
    "Laos signed a memorandum of understanding on the International Lunar Research Station with the China "
    "National Space Administration in Vientiane on 3 March 2026, officials said.",
    "The agreement covers ground stations and the training of engineers.",
]
BOLIVIA = [
    "La Paz steps back from the moon base.",
    "Bolivia pulled out of the International Lunar Research Station, its foreign ministry said, citing the cost "
    "of the ground station it had promised.",
    "The ministry said Bolivia would keep its other space agreements with China.",
]
MEMBERS = [
    "Who is building the moon base?",
    "The International Lunar Research Station now counts many states. Its members include Belarus, Pakistan, "
    "Azerbaijan and Mongolia, according to a list shown at a space conference in Harbin.",
    "Observers said more countries were expected to follow.",
    "The conference, held every year in the northern city, drew engineers from research institutes across Asia, "
    "who spent three days on landers, rovers and the power systems a permanent base would need.",
    "Speakers returned again and again to the question of communications: a station near the south pole sees the "
    "Earth only part of the time, and relay satellites would have to carry most of the traffic.",
    "Several delegations brought models of instruments they hope to fly, among them seismometers, dust monitors "
    "and small telescopes meant to work through the long lunar night.",
    "Organisers said next year's meeting would move to a larger hall to make room for industry exhibitors.",
]
NEPAL = [
    "Nepal weighs a lunar partnership.",
    "KATHMANDU — Nepal is in talks with China about joining the International Lunar Research Station, a ministry "
    "spokesman said on Tuesday.",
    "No timetable was given.",
]
CHANGE_8 = [
    "Chang'e-8 timeline.",
    "China plans to launch Chang'e-8, a key mission of the International Lunar Research Station, around 2029, "
    "state media reported.",
]
ARTEMIS = [
    "Uzbekistan signs the Artemis Accords.",
    "Uzbekistan on Thursday became the latest country to sign the Artemis Accords, the US-led set of principles "
    "for civil exploration of the Moon, at a ceremony at the State Department.",
    "NASA officials welcomed the signing.",
]
MONGOLIA = [
    "Ulaanbaatar and the moon.",
    "Mongolia is part of the International Lunar Research Station, the country's space agency told reporters at an "
    "exhibition, listing the instruments its engineers hope to contribute.",
    "The agency did not say when it had signed up.",
]


class Newsroom:
    """Several outlets on real local servers and one feed that lists their stories; stories can be added."""

    def __init__(self, outlets: list[LocalServer]) -> None:
        self.outlets = outlets
        self.items: list[dict[str, str]] = []

    def publish(
        self, outlet: int, slug: str, paragraphs: list[str], site: str, day: int, byline: str = "By Staff"
    ) -> None:
        server = self.outlets[outlet]
        when = datetime(2026, 3, day, 9, 0, tzinfo=UTC)
        html = page(paragraphs[0], paragraphs[1:], site=site, byline=byline, published=when)
        server.route(f"/{slug}", Response(200, html, {"Content-Type": "text/html"}))
        self.items.append({"title": paragraphs[0], "link": server.url(f"/{slug}"), "guid": f"{site}:{slug}",
                           "date": format_datetime(when), "summary": " ".join(paragraphs[1:])})  # fmt: skip
        self.outlets[0].route("/feed.xml", Response(200, rss(self.items), {"Content-Type": "application/rss+xml"}))

    @property
    def feed_url(self) -> str:
        return self.outlets[0].url("/feed.xml")


@pytest.fixture
def newsroom() -> Iterator[Newsroom]:
    servers = [LocalServer().start() for _ in range(4)]
    yield Newsroom(servers)
    for server in servers:
        server.stop()


@pytest.fixture
def hooks() -> Iterator[tuple[Hook, Hook]]:
    with LocalServer() as server:
        yield Hook(server, "/team"), Hook(server, "/analyst")


@pytest.fixture
def env(
    monkeypatch: pytest.MonkeyPatch, sqlite_url: str, tmp_path: Path, newsroom: Newsroom,
    hooks: tuple[Hook, Hook], prefect_harness: None,
) -> Settings:  # fmt: skip
    team, analyst = hooks
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {newsroom.feed_url}\n")
    for name, value in {
        "ILRS_DATABASE_URL": sqlite_url,
        "ILRS_FEEDS_FILE": str(feeds),
        "ILRS_APPRISE_URLS": team.url,
        "ILRS_APPRISE_EVERYTHING_URLS": analyst.url,  # the analyst's own inbox: unconfirmed changes too
        "ILRS_ALLOW_PRIVATE_NETWORKS": "1",
        "ILRS_TASK_RETRIES": "0",
    }.items():
        monkeypatch.setenv(name, value)
    return Settings.from_env()


def _alerts(hook: Hook) -> list[str]:
    """Titles of the single-change alerts a target received (digests apart)."""
    return [m["title"] for m in hook.received if "to the register" not in m["title"]]


def _queue(settings: Settings) -> dict[str, review.ReviewItem]:
    with Store(settings.database()) as store:
        return {item.entry.name: item for item in review.queue(store)}


def _judge(settings: Settings, name: str, verdict: str, why: str | None = None) -> None:
    with Store(settings.database()) as store:
        key = next(i.review_key for i in review.queue(store) if i.entry.name == name)
        review.judge(store, key, verdict, reviewer="ana", reason=why, run_id="review",  # type: ignore[arg-type]
                     now=datetime.now(UTC))  # fmt: skip


def test_only_sure_changes_alert_the_rest_waits_and_alerts_once_when_sure(
    env: Settings, newsroom: Newsroom, hooks: tuple[Hook, Hook]
) -> None:
    team, analyst = hooks
    newsroom.publish(1, "laos", LAOS, "Mekong Times", 4)
    newsroom.publish(1, "bolivia", BOLIVIA, "Mekong Times", 5)
    newsroom.publish(2, "members", MEMBERS, "Steppe Herald", 6)
    newsroom.publish(3, "members-copy", MEMBERS, "Eurasia Digest", 6, byline="Steppe Herald via Eurasia Digest")
    newsroom.publish(2, "nepal", NEPAL, "Himalaya Post", 7)
    newsroom.publish(3, "change-8", CHANGE_8, "Eurasia Digest", 8)
    newsroom.publish(3, "artemis", ARTEMIS, "Capitol Space", 8)
    baseline()

    first = monitor()
    # Only the explicit acts alert live; the list (and its syndicated copy), the talks and the year wait.
    assert sorted(_alerts(team)) == ["ILRS: Bolivia withdrew", "ILRS: Laos joined"]
    waiting = _queue(env)
    assert set(waiting) == {"Mongolia", "Nepal", "Chang'e-8"}
    assert [waiting[n].impact for n in ("Mongolia", "Nepal", "Chang'e-8")] == [
        "new partner", "new partner", "mission year"]  # fmt: skip
    assert waiting["Mongolia"].entry.sources == 1  # the syndicated copy is not a second source
    assert {c.name: c.standing for c in first.changes} == {
        "Laos": "sure", "Bolivia": "sure", "Mongolia": "unconfirmed", "Nepal": "unconfirmed",
        "Chang'e-8": "unconfirmed",
    }  # fmt: skip
    # The analyst opted into everything: the unconfirmed changes reach that inbox, saying so.
    assert sorted(t for t in _alerts(analyst) if "unconfirmed" in t) == [
        "ILRS: Mongolia joined (unconfirmed, one medium-confidence source)",
        "ILRS: Nepal negotiating (unconfirmed, one medium-confidence source)",
        "ILRS: mission Chang'e-8 (target 2029) (unconfirmed, one low-confidence source)",
    ]

    digest = daily_digest()
    assert digest.alerts_queued == 1
    body = team.received[-1]["message"]
    to_review = body.split("## To review", 1)[1]
    assert "Mongolia" in to_review and "Nepal" in to_review and "Chang'e-8" in to_review
    assert "ilrs-watch review confirm" in to_review
    alerted = body.split("## Alerted live", 1)[1].split("## To review")[0]
    assert "- ILRS: Laos joined" in alerted and "> Laos signed" not in body  # one line, not the whole alert again

    # A second, independent story: Mongolia is sure now, and alerts once, citing both sources.
    newsroom.publish(1, "mongolia", MONGOLIA, "Mekong Times", 9)
    second = monitor()
    assert _alerts(team)[2:] == ["ILRS: Mongolia joined (confirmed)"]
    mongolia = team.received[-1]["message"]
    assert "Backed by 2 independent sources" in mongolia
    cited = [line for line in mongolia.split("Sources:", 1)[1].splitlines() if line.startswith("- [")]
    assert len(cited) == 2 and "/mongolia" in cited[1] and "/members" in cited[0]  # the copy is the same story
    assert [(c.name, c.standing) for c in second.changes] == [("Mongolia", "confirmed")]
    assert "Mongolia" not in _queue(env)

    # An analyst confirms the talks and rejects the year: one alert for Nepal, nothing for the year.
    _judge(env, "Nepal", "confirmed")
    _judge(env, "Chang'e-8", "rejected", "a launch plan, not a target year")
    assert _queue(env) == {}
    monitor()
    monitor()
    assert _alerts(team)[3:] == ["ILRS: Nepal negotiating (confirmed)"]
    assert "confirmed by ana" in team.received[-1]["message"]
    assert len(_alerts(team)) == 4  # each sure change exactly once, whatever the number of runs

    # The next digest: nothing is left to review; the rejection is told with its reason, the rest in one line each.
    daily_digest(hours=23)
    title, body = team.received[-1]["title"], team.received[-1]["message"]
    assert "to review" not in title and "## To review" not in body
    assert "ILRS: Chang'e-8 2029 (rejected by an analyst)" in body or "Chang'e-8" in body.split("## Alerted live")[0]
    assert "a launch plan, not a target year" in body
    assert "- ILRS: Mongolia joined (confirmed)" in body and "- ILRS: Nepal negotiating (confirmed)" in body
