from tests.readme_examples import PATTERN, README, rewrite


def test_readme_examples_show_what_the_api_answers(client):
    text = README.read_text(encoding="utf-8")
    assert len(PATTERN.findall(text)) >= 6
    assert rewrite(text, client) == text, "run `make readme` and commit README.md"


def test_readme_shows_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
