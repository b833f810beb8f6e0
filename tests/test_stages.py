"""Pure helpers of the monitor's stages."""

from __future__ import annotations

from pipeline.monitor import chunked, chunked_by_host


def test_chunks_never_split_a_host_so_the_per_host_limit_holds_across_tasks() -> None:
    urls = [f"https://site{i % 7}.example/{i}" for i in range(100)] + [f"https://big.example/{i}" for i in range(40)]
    chunks = chunked_by_host(urls, 20, lambda u: u)
    hosts = [{u.split("/")[2] for u in chunk} for chunk in chunks]
    assert sorted(u for chunk in chunks for u in chunk) == sorted(urls)
    for i, a in enumerate(hosts):
        assert all(not a & b for b in hosts[i + 1 :])
    assert [u for c in chunks for u in c if "big" in u] == [f"https://big.example/{i}" for i in range(40)]


def test_plain_chunks() -> None:
    assert chunked(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
