"""End to end over real HTTP: gunicorn on a free port, requests as the client."""

import requests


def test_healthz_names_the_dataset(server):
    r = requests.get(server + "/healthz", timeout=5)
    assert r.status_code == 200 and r.json()["status"] == "ok" and len(r.json()["dataset_version"]) == 16


def test_participants_over_http(server):
    r = requests.get(server + "/v1/instruments/ccm/participants", params={"as_of": "2025-06-22", "status": "party"},
                     timeout=5)
    body = r.json()
    assert r.status_code == 200 and body["count"] == len(body["items"]) > 0
    assert {item["status"] for item in body["items"]} == {"party"}


def test_share_check_and_revalidation_over_http(server):
    url = server + "/v1/checks/share?group=nato&instrument=ccm&as_of=2023-07-20&threshold=2/3"
    first = requests.get(url, timeout=5)
    assert first.json()["holds"] is True
    second = requests.get(url, headers={"If-None-Match": first.headers["ETag"]}, timeout=5)
    assert second.status_code == 304


def test_csv_over_http(server):
    url = server + "/v1/instruments/nato/participants?as_of=2024-05-03"
    r = requests.get(url + "&format=csv", timeout=5)
    assert r.headers["Content-Type"].startswith("text/csv")
    assert r.text.splitlines()[0].startswith("state,name,status,")
    assert len(r.text.splitlines()) == requests.get(url, timeout=5).json()["count"] + 1


def test_errors_over_http_are_problem_json(server):
    r = requests.get(server + "/v1/states/Atlantis", timeout=5)
    assert r.status_code == 404 and r.headers["Content-Type"] == "application/problem+json"
    r = requests.delete(server + "/v1/states/FRA", timeout=5)
    assert r.status_code == 405 and "GET" in r.headers["Allow"]


def test_an_answer_given_before_comes_back_whole_from_the_worker_s_cache_over_http(server):
    # Six requests over two workers: at least one worker answers the URL again, from its cache.
    url = server + "/v1/instruments/ccm/participants?as_of=2019-03-01&format=csv"
    answers = [requests.get(url, timeout=5) for _ in range(6)]
    assert {(r.status_code, r.content, r.headers["ETag"], r.headers["Content-Length"]) for r in answers} == {
        (200, answers[0].content, answers[0].headers["ETag"], str(len(answers[0].content)))}
