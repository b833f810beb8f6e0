"""A delivery has a total deadline (connect + send + answer): a target that trickles its answer one byte every
2 s cannot hold the run; the delivery fails at the deadline and a later run sends it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from flows import tasks
from pipeline.errors import InputError
from pipeline.settings import Settings
from pipeline.store import Store
from tests.localserver import LocalServer, Request, Response
from tests.test_delivery import SECRET, _queue_one_change

DEADLINE = 3.0
TRICKLE_BYTES = 30  # 60 s of answer at one byte every 2 s: far past the deadline plus any margin below


class Trickler:
    """An apprise json:// target that answers one byte every 2 s while `slow`, at once otherwise."""

    def __init__(self, server: LocalServer) -> None:
        self.slow, self.received = True, 0
        self.done = threading.Event()
        self.url = f"json://ilrs:{SECRET}@127.0.0.1:{server.port}/slow"
        server.route("/slow", self._handle)

    def _handle(self, request: Request) -> Response:
        self.received += 1
        return Response(200, self._trickle() if self.slow else b"ok")

    def _trickle(self) -> Iterator[bytes]:
        for _ in range(TRICKLE_BYTES):
            if self.done.wait(2.0):  # the test is over: stop answering
                return
            yield b"."


def test_a_target_that_trickles_its_answer_fails_at_the_deadline_and_is_sent_by_a_later_run(
    db_url: str, server: LocalServer, tmp_path: Path
) -> None:
    trickler = Trickler(server)
    settings = Settings(
        database_url=SecretStr(db_url), apprise_urls=(SecretStr(trickler.url),), allow_private_networks=True,
        delivery_backoff_seconds=0, delivery_deadline_seconds=DEADLINE,
    )  # fmt: skip
    try:
        with Store(settings.database()) as store:
            tasks.prepare_database.fn(store)
            _queue_one_change(store)
            started = time.monotonic()
            first = tasks.deliver_alerts.fn(store, settings, "run-1")
            took = time.monotonic() - started
            # The run ends at the deadline plus a margin, not when the target finishes (60 s): a generous bound
            # derived from the deadline, never a tight wall-clock figure.
            assert took < DEADLINE + 20 < TRICKLE_BYTES * 2
            assert (first.sent, first.failed) == (0, 1) and "delivery deadline (3 s)" in first.errors[0]
            (delivery,) = store.deliveries()
            assert (delivery.status, delivery.attempts) == ("pending", 1)

            trickler.slow = False
            second = tasks.deliver_alerts.fn(store, settings, "run-2")
            assert (second.sent, second.failed) == (1, 0) and trickler.received == 2
            assert [d.status for d in store.deliveries()] == ["sent"]
    finally:
        trickler.done.set()


def test_the_delivery_deadline_must_be_shorter_than_the_lease() -> None:
    with pytest.raises(InputError, match="parameter delivery_deadline_seconds: must be more than 0 and less than"):
        Settings.from_env(delivery_deadline_seconds=400)
