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


@pytest.mark.parametrize("text", ["ＬＴＵ", "⁴⁴⁰", "LTU\x00", "Lithuania\x00", "LT\u200bU", "Lithuaniaｘ"])
def test_compatibility_forms_and_control_characters_are_refused(text):
    r = Resolver([("LTU", "Lithuania", ["LT", "440"])])
    with pytest.raises(UnknownIdentifier) as info:
        r.resolve(text)
    assert info.value.reason and info.value.suggestions == []


def test_a_misspelling_is_ranked_by_the_states_names_not_its_codes():
    r = Resolver([("RUS", "Russian Federation", ["RU", "643", "Russia"]),
                  ("USA", "United States", ["US", "840", "United States of America"])])
    with pytest.raises(UnknownIdentifier) as info:
        r.resolve("Rusia")
    assert [code for _, code in info.value.suggestions] == ["RUS"]


def test_a_list_keeps_a_name_with_a_comma_whole():
    r = Resolver([("KOR", "South Korea", ["Korea, Republic of"]), ("FRA", "France", [])])
    assert r.resolve_list(["Korea", "Republic of", "France"]) == ["KOR", "FRA"]
    assert r.resolve_list(["France", "KOR"]) == ["FRA", "KOR"]
    with pytest.raises(UnknownIdentifier):
        r.resolve_list(["France", "Korea"])


def test_a_comma_joined_texts_key_is_its_parts_keys_joined():
    # resolve_list looks up each split of a list from its parts' keys, never normalising the joined text:
    # sound only while a comma separates words exactly as normalize() reads them.
    pieces = ["Korea", " Republic of", "Côte d'Ivoire", "e\u0301", "\u0301x", "ß", "Σσς", "O’Neil", "!!!", " ", "9"]
    for a in pieces:
        for b in pieces:
            for c in ("", "Province of China"):
                parts = [a, b, c] if c else [a, b]
                assert normalize(",".join(parts)) == " ".join(k for k in map(normalize, parts) if k), parts
