"""One normalisation for every search: the same word in any script or spelling gives the same tokens."""

from __future__ import annotations

import pytest

from accueil.core.text import MAX_TOKEN, edit_distance, normalise, tokens, trigrams, typo_allowance


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Épicerie  SOLIDAIRE", "epicerie solidaire"),
        ("Straße", "strasse"),  # case-folding, not lower()
        ("ﬁche", "fiche"),  # NFKC: the ligature becomes two letters
        ("Aide-juridique, l'accès!", "aide juridique l acces"),
        ("snake_case", "snake case"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_latin_text_is_folded_to_plain_lowercase_words(typed, expected):
    assert normalise(typed) == expected


@pytest.mark.parametrize(
    ("variant", "common"),
    [
        ("مدرسة", "مدرسه"),  # teh marbuta → heh
        ("مستشفى", "مستشفي"),  # alef maksura → yeh
        ("کتاب", "كتاب"),  # Persian keheh → Arabic kaf
        ("پزشکی", "پزشكي"),  # Persian keheh and yeh, as typed in Dari
        ("أحمد", "احمد"),  # hamza above: the mark goes, the alef stays
        ("إسلام", "اسلام"),  # hamza below
        ("آب", "اب"),  # madda
        ("مُسَاعَدَة", "مساعده"),  # tashkeel
        ("مـــدرسة", "مدرسه"),  # tatweel
        ("می\u200cخواهم", "ميخواهم"),  # zero-width non-joiner of Persian
    ],
)
def test_arabic_script_variants_fold_to_one_spelling(variant, common):
    assert normalise(variant) == normalise(common) == common


@pytest.mark.parametrize(
    ("variant", "common"),
    [
        ("ፀሐይ", "ጸሐይ"),  # ፀ → ጸ (sun)
        ("ሠላም", "ሰላም"),  # ሠ → ሰ (peace)
        ("ሥራ", "ስራ"),  # the sixth order of ሠ → the sixth order of ሰ (work)
        ("ኀይል", "ሀይል"),  # the obsolete ኀ → ሀ
    ],
)
def test_ethiopic_letters_pronounced_alike_fold_to_one_series(variant, common):
    assert normalise(variant) == common
    assert tokens(variant) == tokens(common)


@pytest.mark.parametrize(("kept", "other"), [("ሐኪም", "ሀኪም"), ("ዐይን", "አይን")])
def test_ethiopic_letters_tigrinya_pronounces_apart_stay_apart(kept, other):
    assert normalise(kept) == kept
    assert normalise(kept) != normalise(other)


def test_tokens_drop_stop_words_and_single_letters_and_cut_long_words():
    assert tokens("Le cours de français pour les adultes à Paris") == ["cours", "francais", "adultes", "paris"]
    assert tokens("help for the family") == ["help", "family"]
    assert tokens("x" * 60) == ["x" * MAX_TOKEN]


def test_trigrams_are_padded_with_spaces():
    assert trigrams("abc") == {" ab", "abc", "bc "}
    assert trigrams("a") == {" a "}


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("logement", "logement", 2, 0),
        ("logement", "logemnt", 2, 1),
        ("logement", "lojemant", 2, 2),
        ("logement", "santé", 2, 3),  # gives up at limit + 1
        ("ab", "abcdef", 2, 3),  # lengths too far apart
    ],
)
def test_edit_distance_stops_beyond_its_limit(a, b, limit, expected):
    assert edit_distance(a, b, limit) == expected


def test_longer_words_may_carry_more_typos():
    assert [typo_allowance(word) for word in ("bus", "aide", "juridique")] == [0, 1, 2]
