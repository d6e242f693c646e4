"""Vietnamese text: NFC storage, diacritics-insensitive search, name order."""

import unicodedata
from functools import lru_cache

# The Vietnamese alphabet in its own order (đ after d), then the foreign letters.
# Length limits of the texts people type, in characters: the same in the model and in the form
# (a TextField's limit is checked by its form; the database does not). What a real document needs:
REASON_LENGTH = 4_000  # a reason, a note, an opinion: copied whole into an event (EventBase.reason)
TEXT_LENGTH = 10_000  # a summary of achievements, a description, targets: about two pages
LONG_TEXT_LENGTH = 20_000  # a story, a review, a report's narrative: about four pages
SEARCH_LENGTH = 200  # what a search box takes

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
# Tone marks sort after the letter without them (ngang, huyền, hỏi, ngã, sắc, nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC with surrounding and repeated blanks removed."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold(text: str) -> str:
    """Lower-case ``text`` without diacritics, for searching: "Nguyễn" -> "nguyen"."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("đ", "d").split())


_WORD_LETTERS = 12  # letters of a word that count for order (fixed width: any collation sorts digits alike)
_MAX_WORDS = 6


@lru_cache(maxsize=65536)  # names repeat their words: a province has few family and middle names
def _word_key(word: str) -> str:
    """Two digits per letter in the Vietnamese alphabet, then one digit per letter for its tone."""
    letters, tones = [], []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        marks = decomposed[1:]
        letter = unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter in _ALPHABET:
            letters.append(f"{_ALPHABET.index(letter) + 10:02d}")
        elif letter.isdigit():
            letters.append(f"0{letter}")
        elif letter.isalpha():
            letters.append("99")
        else:
            continue
        tones.append(str(next((_TONES[m] for m in marks if m in _TONES), 0)))
    letters = (letters + ["00"] * _WORD_LETTERS)[:_WORD_LETTERS]
    tones = (tones + ["0"] * _WORD_LETTERS)[:_WORD_LETTERS]
    return "".join(letters) + "".join(tones)


def vi_sort_key(full_name: str) -> str:
    """A key that orders names the Vietnamese way: given name first (tones included), then the rest.

    "Nguyễn Văn Bình" sorts under "Bình", after "Trần Thị Anh" and "Ngô Ánh";
    letters follow the Vietnamese alphabet (d < đ, o < ô < ơ). The key is made
    of digits only, so the database sorts it the same under any collation.
    """
    words = nfc(full_name).split(" ")
    if not words or words == [""]:
        return ""
    ordered = [words[-1], *words[:-1]][:_MAX_WORDS]
    return "".join(_word_key(w) for w in ordered)
