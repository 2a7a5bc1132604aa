"""python -m api.depositary import PAGE --instrument ID [--write]  |  refresh [--write]

`import` reads a saved UN status page and prints what it changes in seeds/events/ID.csv; `refresh` fetches
the live page of every instrument imported so far (seeds/pages/untc/*.json), keeps a copy under
data/pages/, and does the same. Nothing in seeds/ changes without --write; with --write, the page is
kept beside the seeds (seeds/pages/untc/<chapter>.html) with its header counts (<chapter>.json), and the
whole seed folder is validated (as the build would) before any file is replaced.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

from .. import seeds as seedlib
from ..build import DEFAULT_SEEDS, validate
from .page import BadPage, StatusPage, parse
from .rows import Merge, merge, read_rows, render, seed_rows

PAGES = Path("pages") / "untc"
DEFAULT_SAVE = Path(__file__).resolve().parent.parent.parent / "data" / "pages"
LIVE_HOST = "https://treaties.un.org"


class Offline(Exception):
    pass


@dataclass
class Import:
    instrument: str
    page: StatusPage
    text: str
    merge: Merge
    record: dict
    status_as_at: dt.date | None  # the instrument's, in seeds/instruments.csv


def prepare(text: str, label: str, instrument: str, seeds_dir: Path, conditional: bool | None = None,
            retrieved_from: str = "") -> Import:
    """Parse, resolve and compare, touching nothing; BadPage on any problem."""
    page = parse(text, label)
    sidecar = seeds_dir / PAGES / f"{page.chapter}.json"
    previous = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
    if previous and previous["instrument"] != instrument:
        raise BadPage(f"{label}: chapter {page.chapter} is imported as {previous['instrument']!r}, not {instrument!r}")
    for other in sorted((seeds_dir / PAGES).glob("*.json")):
        record = json.loads(other.read_text(encoding="utf-8"))
        if record["instrument"] == instrument and record["chapter"] != page.chapter:
            raise BadPage(f"{label}: is chapter {page.chapter}, but {instrument!r} is imported from chapter "
                          f"{record['chapter']}")
    if conditional is None:
        conditional = bool(previous.get("conditional_withdrawal"))
    try:
        resolver = seedlib.state_resolver(seeds_dir)
    except seedlib.InvalidSeeds as exc:
        raise BadPage(str(exc)) from None
    rows = seed_rows(page, resolver, conditional)
    result = merge(read_rows(seeds_dir / "events" / f"{instrument}.csv"), rows, page.url)
    record = {
        "instrument": instrument, "chapter": page.chapter, "url": page.url, "page": f"{page.chapter}.html",
        "status_as_at": page.status_as_at.isoformat(), "signatories": page.signatories, "parties": page.parties,
        "conditional_withdrawal": conditional,
        "retrieved_from": retrieved_from or previous.get("retrieved_from", page.url),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    return Import(instrument, page, text, result, record, _status_as_at(seeds_dir, instrument))


def _status_as_at(seeds_dir: Path, instrument: str) -> dt.date | None:
    with (seeds_dir / "instruments.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("id") == instrument:
                try:
                    return dt.date.fromisoformat(row.get("status_as_at", ""))
                except ValueError:
                    return None
    raise BadPage(f"seeds/instruments.csv has no instrument {instrument!r}: add its row first")


def report(item: Import, out) -> None:
    m, page = item.merge, item.page
    counts = f"Signatories {page.signatories}, Parties {page.parties}" if page.signatories is not None \
        else f"Parties {page.parties}"
    print(f"{item.instrument} ({page.chapter}) as at {page.status_as_at}: {counts}; {m.confirmed} rows as recorded, "
          f"{m.resourced} now cited to the page, "
          f"{m.count('new')} new, {m.count('changed')} changed, {m.count('vanished')} vanished, "
          f"{m.count('kept')} kept from other sources", file=out)
    for change in m.changes:
        print(f"  {change}", file=out)


def write(items: list[Import], seeds_dir: Path) -> None:
    """Stage every file in a copy of the seeds, validate the copy as the build would, then replace."""
    with tempfile.TemporaryDirectory() as tmp:
        staged = Path(tmp) / seeds_dir.name
        shutil.copytree(seeds_dir, staged)
        files: dict[Path, str] = {}
        for item in items:
            files[Path("events") / f"{item.instrument}.csv"] = render(item.merge.rows)
            files[PAGES / f"{item.page.chapter}.html"] = item.text
            files[PAGES / f"{item.page.chapter}.json"] = json.dumps(item.record, indent=2, ensure_ascii=False) + "\n"
        for relative, content in files.items():
            (staged / relative).parent.mkdir(parents=True, exist_ok=True)
            (staged / relative).write_text(content, encoding="utf-8", newline="")
        validate(staged)  # raises InvalidSeeds: nothing replaced
        for relative, content in files.items():
            target = seeds_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp_file = target.with_name(f".{target.name}.tmp")
            tmp_file.write_text(content, encoding="utf-8", newline="")
            os.replace(tmp_file, target)


def fetch(url: str, timeout: float) -> str:
    try:
        response = requests.get(url, timeout=timeout, headers={"User-Agent": "treaty-membership-api refresh"})
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise Offline(f"refresh: cannot reach {urlsplit(url).netloc} ({type(exc).__name__}): offline or the site "
                      f"is down; nothing changed") from None
    if response.status_code != 200:
        raise BadPage(f"{url}: answered HTTP {response.status_code}, not a status page")
    response.encoding = response.encoding or "utf-8"
    return response.text


def refresh(seeds_dir: Path, base_url: str, save_dir: Path, timeout: float) -> list[Import]:
    items = []
    for sidecar in sorted((seeds_dir / PAGES).glob("*.json")):
        record = json.loads(sidecar.read_text(encoding="utf-8"))
        url = base_url.rstrip("/") + record["url"][len(LIVE_HOST):] if record["url"].startswith(LIVE_HOST) else record["url"]
        text = fetch(url, timeout)
        saved = save_dir / "untc" / f"{record['chapter']}-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}.html"
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text(text, encoding="utf-8", newline="")
        item = prepare(text, str(saved), record["instrument"], seeds_dir, retrieved_from=record["url"])
        if item.page.chapter != record["chapter"]:
            raise BadPage(f"{saved}: is chapter {item.page.chapter}, expected {record['chapter']}")
        items.append(item)
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api.depositary", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="seed folder (default: seeds/)")
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("import", help="a saved status page -> seeds/events/ID.csv")
    one.add_argument("page", type=Path, help="the saved HTML of a UN status page")
    one.add_argument("--instrument", required=True, help="instrument id in seeds/instruments.csv")
    one.add_argument("--conditional-withdrawal", action="store_true", default=None,
                     help="the instrument's withdrawal is subject to a condition (e.g. armed conflict)")
    one.add_argument("--retrieved-from", default="", help="where this copy of the page was read (URL)")
    one.add_argument("--write", action="store_true", help="change the seeds (default: only print the changes)")
    live = commands.add_parser("refresh", help="fetch every imported instrument's live page and compare")
    live.add_argument("--base-url", default=LIVE_HOST, help=f"where the pages are served (default: {LIVE_HOST})")
    live.add_argument("--save-dir", type=Path, default=DEFAULT_SAVE, help="where fetched copies are kept")
    live.add_argument("--timeout", type=float, default=60.0)
    live.add_argument("--write", action="store_true", help="change the seeds (default: only print the changes)")
    args = parser.parse_args(argv)
    seeds_dir = args.seeds.resolve()
    try:
        if args.command == "import":
            try:
                text = args.page.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise BadPage(f"{args.page}: cannot be read as UTF-8 text: {exc}") from None
            items = [prepare(text, str(args.page), args.instrument, seeds_dir, args.conditional_withdrawal,
                             args.retrieved_from)]
        else:
            items = refresh(seeds_dir, args.base_url, args.save_dir, args.timeout)
        for item in items:
            report(item, sys.stdout)
        if args.write:
            write(items, seeds_dir)
            print(f"wrote {', '.join(f'seeds/events/{i.instrument}.csv' for i in items)} and the pages beside the seeds")
            for item in items:
                if item.status_as_at is None or item.status_as_at < item.page.status_as_at:
                    print(f"update seeds/instruments.csv: {item.instrument} status_as_at is {item.status_as_at}, "
                          f"the page is as at {item.page.status_as_at}")
        elif any(c.kind != "kept" for i in items for c in i.merge.changes):
            print("nothing written (use --write to take the depositary's record into the seeds)")
    except Offline as exc:
        print(exc, file=sys.stderr)
        return 3
    except BadPage as exc:
        print(f"import stopped, nothing written: {exc}", file=sys.stderr)
        return 2
    except seedlib.InvalidSeeds as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        print(f"import stopped, nothing written: the seeds would not build ({len(exc.errors)} error(s))", file=sys.stderr)
        return 2
    return 0
