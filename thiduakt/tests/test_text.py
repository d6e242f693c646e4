import unicodedata

from thiduakt.text import fold, nfc, vi_sort_key


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  HUỲNH   Thị  ") == "huynh thi"


def test_nfc_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    assert decomposed != "Nguyễn"
    assert nfc(decomposed) == "Nguyễn"


def test_vi_sort_key_orders_by_given_name_then_rest():
    names = ["Nguyễn Văn Bình", "Trần Thị Anh", "Lê Văn Anh", "Phạm Đức", "Võ Dũng", "Ngô Ánh"]
    ordered = sorted(names, key=vi_sort_key)
    assert ordered == ["Lê Văn Anh", "Trần Thị Anh", "Ngô Ánh", "Nguyễn Văn Bình", "Võ Dũng", "Phạm Đức"]


def test_vi_sort_key_follows_vietnamese_alphabet():
    # a < ă < â, o < ô < ơ, u < ư
    words = ["Ơn", "On", "Ôn", "Ưng", "Ung", "Ân", "Ăn", "An"]
    assert sorted(words, key=vi_sort_key) == ["An", "Ăn", "Ân", "On", "Ôn", "Ơn", "Ung", "Ưng"]
