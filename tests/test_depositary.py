"""The UN status page importer: the committed seeds are what it gives from the committed pages, bad pages
stop it with the page, row and problem and touch nothing, and `refresh` reports a live page's changes."""

import hashlib
import json
import re
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from api.depositary.cli import main, prepare
from api.depositary.page import BadPage, parse
from api.depositary.rows import read_rows

from .conftest import SEEDS, free_port

PAGES = SEEDS / "pages" / "untc"
SIDECARS = sorted(PAGES.glob("*.json"))
CCM_PAGE = PAGES / "XXVI-6.html"


def _record(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sidecar", SIDECARS, ids=[p.stem for p in SIDECARS])
def test_committed_rows_are_what_the_importer_gives_from_the_committed_page(sidecar):
    record = _record(sidecar)
    page_path = PAGES / record["page"]
    text = page_path.read_text(encoding="utf-8")
    item = prepare(text, str(page_path), record["instrument"], SEEDS)
    committed = read_rows(SEEDS / "events" / f"{record['instrument']}.csv")
    assert item.merge.rows == committed
    assert [c for c in item.merge.changes if c.kind != "kept"] == []
    # Every row the page gives is in the seeds, citing the page and its date.
    assert item.merge.confirmed == sum(1 for r in committed if r["source"] == record["url"])
    assert all(r["source_as_of"] == record["status_as_at"] for r in committed if r["source"] == record["url"])
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == record["sha256"]
    page = item.page
    assert (page.chapter, page.url, page.status_as_at.isoformat(), page.signatories, page.parties) == (
        record["chapter"], record["url"], record["status_as_at"], record["signatories"], record["parties"])


def test_ccm_page_reads_the_lithuanian_withdrawal_and_its_notification():
    page = parse(CCM_PAGE.read_text(encoding="utf-8"), "XXVI-6.html")
    assert (page.chapter, page.status_as_at.isoformat(), page.signatories, page.parties) == ("XXVI-6", "2026-02-03", 107, 112)
    lithuania = next(r for r in page.rows if r.participant == "Lithuania")
    assert lithuania.withdrawn
    assert [(a.kind, a.date.isoformat()) for a in lithuania.actions] == [
        ("signature", "2008-12-03"), ("provisional_application", "2011-03-24"), ("ratification", "2011-03-24")]
    w = lithuania.withdrawal
    assert (w.notified.isoformat(), w.effective.isoformat(), w.reference, w.took_effect) == (
        "2024-09-06", "2025-03-06", "C.N.347.2024.TREATIES-XXVI-6", True)
    netherlands = next(r for r in page.rows if r.participant == "Netherlands (Kingdom of the)")
    assert [(a.kind, a.mark) for a in netherlands.actions] == [("signature", ""), ("acceptance", "A")]


def _seed_copy(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def _fingerprint(folder: Path):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(text, old, new):
    assert text.count(old) == 1, old
    return text.replace(old, new)


AFGHANISTAN = "<td>Afghanistan<br></td>\n\t\t<td> &nbsp;3 Dec\t 2008 <br></td>\n\t\t<td>&nbsp;</td>\n\t\t<td> &nbsp;8 Sep\t 2011 <br></td>"
ZAMBIA = '<tr class="trBWhite">\n\t\t<td>Zambia<br></td>\n\t\t<td> &nbsp;3 Dec\t 2008 <br></td>\n\t\t<td>&nbsp;</td>\n\t\t<td>12 Aug\t 2009 <br></td>\n\t</tr>'


def _bad_pages():
    good = CCM_PAGE.read_text(encoding="utf-8")
    return {
        "not a status page": ("<html><body><h1>Treaty Collection</h1></body></html>", "not a UN Treaty Collection status page"),
        "unreadable table": (_edit(good, 'id="ctl00_ctl00_ContentPlaceHolder1_ContentPlaceHolderInnerPage_tblgrid"', 'id="grid"'),
                             "no participant table"),
        "missing cell": (_edit(good, AFGHANISTAN, "<td>Afghanistan<br></td>\n\t\t<td> &nbsp;3 Dec\t 2008 <br></td>"),
                         "row 1: has 2 cells"),
        "unparsable date": (_edit(good, AFGHANISTAN, AFGHANISTAN.replace("8 Sep\t 2011", "31 Feb\t 2011")),
                            "row 1: Afghanistan: '31 Feb 2011' is not a date"),
        "unknown mark": (_edit(good, AFGHANISTAN, AFGHANISTAN.replace("8 Sep\t 2011 ", "8 Sep\t 2011 x")),
                         "row 1: Afghanistan: mark 'x'"),
        "unknown participant": (_edit(good, "<td>Afghanistan<br></td>", "<td>Atlantis<br></td>"),
                                "row 1: participant 'Atlantis' maps to no state"),
        "bracketed without footnote": (_edit(good, AFGHANISTAN, AFGHANISTAN.replace(" &nbsp;3 Dec\t 2008 ", "[3 Dec 2008]")
                                             .replace(" &nbsp;8 Sep\t 2011 ", "[8 Sep 2011]")),
                                       "row 1: Afghanistan: bracketed (withdrawn) but no footnote"),
    }


@pytest.mark.parametrize("case", list(_bad_pages()))
def test_bad_page_stops_with_page_row_and_problem_and_touches_nothing(tmp_path, capsys, case):
    text, message = _bad_pages()[case]
    seeds = _seed_copy(tmp_path)
    before = _fingerprint(seeds)
    page = tmp_path / "page.html"
    page.write_text(text, encoding="utf-8")
    assert main(["--seeds", str(seeds), "import", str(page), "--instrument", "ccm", "--write"]) == 2
    err = capsys.readouterr().err
    assert f"{page}: " in err and message in err, err
    assert _fingerprint(seeds) == before


class _Pages(BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self):  # noqa: N802 - the standard library's name
        chapter = parse_qs(urlsplit(self.path).query).get("mtdsg_no", [""])[0]
        body = self.pages.get(chapter)
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write((body or "not found").encode("utf-8"))

    def log_message(self, *args):
        pass


@pytest.fixture()
def un_site():
    """A loopback HTTP server answering the UN's ViewDetails address with the pages a test sets."""
    handler = type("Pages", (_Pages,), {"pages": {}})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", handler.pages
    httpd.shutdown()
    httpd.server_close()


def _serve_all_committed(pages):
    for sidecar in SIDECARS:
        record = _record(sidecar)
        pages[record["chapter"]] = (PAGES / record["page"]).read_text(encoding="utf-8")


def _edited_ccm(drop=True):
    """The CCM page with Serbia's accession added, Afghanistan's ratification moved a day and (optionally)
    Zambia's row dropped; its header counts follow the edits."""
    text = CCM_PAGE.read_text(encoding="utf-8")
    text = _edit(text, AFGHANISTAN, AFGHANISTAN.replace("8 Sep\t 2011", "9 Sep\t 2011"))
    serbia = ('<tr class="trBGGrey">\n\t\t<td>Serbia<br></td>\n\t\t<td>&nbsp;</td>\n\t\t<td>&nbsp;</td>\n'
              '\t\t<td>15 Jan\t 2026 a<br></td>\n\t</tr>\n\t')
    text = _edit(text, ZAMBIA, serbia + ZAMBIA)
    parties, signatories = 113, 107
    if drop:
        text = _edit(text, ZAMBIA, "")
        parties, signatories = 112, 106
    header = re.search(r"Signatories :\s+107\.\s+Parties :\s+112", text).group(0)
    return _edit(text, header, f"Signatories : {signatories}. Parties : {parties}")


def test_refresh_reports_new_changed_and_vanished_actions_and_writes_nothing(tmp_path, capsys, un_site):
    base, pages = un_site
    _serve_all_committed(pages)
    pages["XXVI-6"] = _edited_ccm()
    seeds = _seed_copy(tmp_path)
    before = _fingerprint(seeds)
    assert main(["--seeds", str(seeds), "refresh", "--base-url", base, "--save-dir", str(tmp_path / "saved")]) == 0
    out = capsys.readouterr().out
    assert "ccm (XXVI-6) as at 2026-02-03: Signatories 106, Parties 112" in out
    assert "new      SRB Serbia: accession 2026-01-15" in out
    assert "changed  AFG Afghanistan: ratification date 2011-09-08 -> 2011-09-09" in out
    assert "vanished ZMB Zambia: signature 2008-12-03" in out
    assert "vanished ZMB Zambia: ratification 2009-08-12" in out
    assert _fingerprint(seeds) == before
    saved = sorted((tmp_path / "saved" / "untc").glob("XXVI-6-*.html"))
    assert len(saved) == 1 and saved[0].read_text(encoding="utf-8") == pages["XXVI-6"]


def test_refresh_write_refuses_when_kept_rows_no_longer_match_the_page_counts(tmp_path, capsys, un_site):
    # Zambia's rows stay in the seeds (the page is the state, not the history), so our Parties exceed
    # the page's until someone records why it vanished (e.g. a revocation): nothing is written.
    base, pages = un_site
    _serve_all_committed(pages)
    pages["XXVI-6"] = _edited_ccm()
    seeds = _seed_copy(tmp_path)
    before = _fingerprint(seeds)
    assert main(["--seeds", str(seeds), "refresh", "--write", "--base-url", base,
                 "--save-dir", str(tmp_path / "saved")]) == 2
    err = capsys.readouterr().err
    assert "the page says Parties : 112 as at 2026-02-03; seeds/events/ccm.csv gives 113" in err
    assert _fingerprint(seeds) == before


def test_refresh_write_takes_the_page_into_the_seeds_and_keeps_our_notes(tmp_path, capsys, un_site):
    base, pages = un_site
    _serve_all_committed(pages)
    pages["XXVI-6"] = _edited_ccm(drop=False)
    seeds = _seed_copy(tmp_path)
    args = ["--seeds", str(seeds), "refresh", "--base-url", base, "--save-dir", str(tmp_path / "saved")]
    assert main([*args, "--write"]) == 0
    rows = read_rows(seeds / "events" / "ccm.csv")
    serbia = [r for r in rows if r["state"] == "SRB"]
    assert [(r["event"], r["date"], r["source_as_of"]) for r in serbia] == [("accession", "2026-01-15", "2026-02-03")]
    afghanistan = next(r for r in rows if r["state"] == "AFG" and r["event"] == "ratification")
    assert afghanistan["date"] == "2011-09-09"
    lithuania = next(r for r in rows if r["state"] == "LTU" and r["event"] == "withdrawal_notification")
    assert lithuania["note"].startswith("page footnote 3")
    assert (seeds / "pages" / "untc" / "XXVI-6.html").read_text(encoding="utf-8") == pages["XXVI-6"]
    assert _record(seeds / "pages" / "untc" / "XXVI-6.json")["parties"] == 113
    capsys.readouterr()
    assert main(args) == 0
    assert "0 new, 0 changed, 0 vanished" in capsys.readouterr().out


def test_refresh_offline_stops_with_one_line(tmp_path, capsys):
    seeds = _seed_copy(tmp_path)
    before = _fingerprint(seeds)
    port = free_port()  # bound and released: nothing listens there, the connection is refused at once
    assert main(["--seeds", str(seeds), "refresh", "--base-url", f"http://127.0.0.1:{port}", "--timeout", "5",
                 "--save-dir", str(tmp_path / "saved")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"refresh: cannot reach 127.0.0.1:{port}"), err
    assert _fingerprint(seeds) == before


def test_a_page_of_another_chapter_is_not_imported_as_this_instrument(tmp_path):
    seeds = _seed_copy(tmp_path)
    with pytest.raises(BadPage, match="is imported as 'ccm', not 'nato'"):
        prepare(CCM_PAGE.read_text(encoding="utf-8"), "XXVI-6.html", "nato", seeds)
    with pytest.raises(BadPage, match="is chapter XXVI-6, but 'apmbc' is imported from chapter XXVI-5"):
        (seeds / "pages" / "untc" / "XXVI-6.json").unlink()
        prepare(CCM_PAGE.read_text(encoding="utf-8"), "XXVI-6.html", "apmbc", seeds)


def test_pages_give_provisional_application_succession_to_signature_and_a_signatory_s_notice():
    att = parse((PAGES / "XXVI-8.html").read_text(encoding="utf-8"), "XXVI-8.html")
    denmark = next(r for r in att.rows if r.participant == "Denmark")
    assert [(a.kind, a.mark, a.date.isoformat()) for a in denmark.actions] == [
        ("signature", "", "2013-06-03"), ("provisional_application", "n", "2014-04-02"), ("approval", "AA", "2014-04-02")]
    usa = next(r for r in att.rows if r.participant == "United States of America")
    assert [s.date.isoformat() for s in usa.statements] == ["2019-07-18"]
    ctbt = parse((PAGES / "XXVI-4.html").read_text(encoding="utf-8"), "XXVI-4.html")
    montenegro = next(r for r in ctbt.rows if r.participant == "Montenegro")
    assert [(a.kind, a.mark) for a in montenegro.actions] == [("signature", "d"), ("succession", "d")]
    assert (ctbt.signatories, ctbt.parties) == (187, 178)
    assert not any(r.participant == "Russian Federation" and len(r.actions) > 1 for r in ctbt.rows)
