import pytest

from api.domain.identifiers import Resolver, UnknownIdentifier, normalize

R = Resolver([("FRA", "France", ["FR", "250", "French Republic"]), ("TUR", "Türkiye", ["TR", "792", "Turkey"]),
              ("CIV", "Côte d'Ivoire", ["CI", "384"])])


@pytest.mark.parametrize("text", ["fra", "FR", "250", "france", "FRANCE", " France ", "French Republic"])
def test_any_identifier_of_france_resolves(text):
    assert R.resolve(text) == "FRA"


@pytest.mark.parametrize("text", ["Türkiye", "turkiye", "TURKIYE", "Turkey", "tr", "792"])
def test_turkiye_resolves_with_or_without_accents(text):
    assert R.resolve(text) == "TUR"


def test_apostrophes_and_accents_do_not_matter():
    assert R.resolve("cote divoire") == "CIV" and R.resolve("Côte d’Ivoire") == "CIV"


def test_numeric_codes_resolve_without_leading_zeros():
    r = Resolver([("AFG", "Afghanistan", ["AF", "004"])])
    assert r.resolve("4") == "AFG"


def test_unknown_identifier_suggests_close_matches():
    with pytest.raises(UnknownIdentifier) as info:
        R.resolve("Turkye")
    assert info.value.suggestions[0] == ("Türkiye", "TUR")


def test_normalize_folds_case_accents_and_punctuation():
    assert normalize("  Bolivia (Plurinational State of) ") == "bolivia plurinational state of"
