"""The analyst's verdict from the Prefect UI: confirm or reject a finding, or see what awaits review."""

from __future__ import annotations

from typing import Literal

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.common import build_settings
from pipeline import monitor as stages
from pipeline import report, review
from pipeline.records import Verdict
from pipeline.store import Store

REVIEW_ARTIFACT_KEY = "ilrs-review-queue"


@flow(name="ilrs-review", description="Confirm or reject a finding; with no key, list what awaits review.")
def review_finding(
    key: str | None = None,
    verdict: Literal["confirm", "reject"] | None = None,
    why: str | None = None,
    reviewer: str = "analyst",
) -> dict[str, object]:
    """Record an analyst's verdict on one finding, then publish the review queue.

    Args:
        key: The review key of the finding (the queue artifact `ilrs-review-queue` and `ilrs-watch review` list
            them). Leave empty to only refresh the queue.
        verdict: "confirm" (the finding counts as sure) or "reject" (it never counts again, nor any copy of
            the same story).
        why: The reason; required for a rejection, shown in the register, the Atom feed and the next digest.
        reviewer: Who gives the verdict.
    """
    settings = build_settings()
    done = None
    with Store(settings.database()) as store:
        stages.prepare(store)
        if key:
            verdicts: dict[str, Verdict] = {"confirm": "confirmed", "reject": "rejected"}
            chosen = verdicts.get(verdict or "")
            if chosen is None:
                raise ValueError("choose a verdict: confirm or reject")
            done = review.judge(
                store,
                key,
                chosen,
                reviewer=reviewer,
                reason=why,
                run_id=stages.new_run_id(),
                now=stages.utcnow(),
            )
        items = review.queue(store)
        rejected = report.rejected_table(store.reviews())
    create_markdown_artifact(
        markdown=report.review_markdown(items, rejected),
        key=REVIEW_ARTIFACT_KEY,
        description="Findings awaiting an analyst's verdict, unconfirmed first",
    )
    return {"verdict": report.verdict_line(done) if done else None, "awaiting": len(items)}


if __name__ == "__main__":
    review_finding()
