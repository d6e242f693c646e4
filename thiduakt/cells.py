"""The readers of the values spreadsheet cells hold: text, dates, years, decimals, whole numbers.

Every date, year and number read from a cell goes through ``parse_date``, ``parse_year``,
``parse_decimal`` or ``parse_int``: one reading of each form real files hold, and a Vietnamese
message when a value cannot be read. (``thiduakt.spreadsheets`` re-exports them.)
"""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from thiduakt.text import fold, nfc

# Excel counts days from 30/12/1899 (serial 1 is 1 January 1900); serials below 61 fall before its
# phantom 29 February 1900 and are one day off, so they are refused rather than misread.
EXCEL_EPOCH = date(1899, 12, 30)
EXCEL_FIRST_SERIAL = 61  # 1 March 1900
EXCEL_LAST_SERIAL = 2_958_465  # 31 December 9999

_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")  # 05/06/2024, 5/6/2024, 05.06.2024, 05-06-2024
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_WORDS = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})")  # folded text
_YEAR = re.compile(r"\d{4}")

_PLAIN = re.compile(r"\d+")
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+")  # 1.234, 1.234.567
_COMMA_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3}){2,}")  # 1,234,567
_COMMA_DECIMAL = re.compile(r"([1-9]\d{0,2}(?:\.\d{3})+|\d+),(\d+)")  # 72,5, 1.234,5
_DOT_DECIMAL = re.compile(r"([1-9]\d{0,2}(?:,\d{3})+|\d+)\.(\d+)")  # 72.5, 1,234.5


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _date_error(value) -> ValueError:
    return ValueError(
        _("“%(value)s” không phải là ngày; hãy ghi ngày/tháng/năm, ví dụ 05/06/2024.") % {"value": nfc(str(value))}
    )


def _excel_serial(value) -> date:
    if not EXCEL_FIRST_SERIAL <= value < EXCEL_LAST_SERIAL + 1:
        raise _date_error(value)
    return EXCEL_EPOCH + timedelta(days=int(value))  # a fraction is the time of day


def parse_text(value, *, max_length: int) -> str:
    """A cell's text in NFC, stripped; ``""`` for an empty cell.

    A text longer than the field that will hold it is refused here, at preview, with its
    length, never cut silently nor left for the database to refuse at confirmation.
    Whole-number cells read as integers ("12", not "12.0").
    """
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value)).strip()
    if len(text) > max_length:
        raise ValueError(
            _("dài %(length)s ký tự, quá giới hạn %(max)s ký tự") % {"length": len(text), "max": max_length}
        )
    return text


def parse_date(value) -> date | None:
    """A date from a cell, day first; ``None`` for an empty cell.

    Read: date and datetime cells; Excel serial numbers (a date cell whose
    format was lost); "05/06/2024" and "5/6/2024" (5 June: day first, as in
    Vietnam), "05.06.2024", "05-06-2024"; ISO "2024-06-05" (with or without a
    time); "ngày 5 tháng 6 năm 2024" (case and diacritics ignored). A day that
    is not in the calendar (31/02) is refused, as is anything else.
    """
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise _date_error(value)
    if isinstance(value, int | float | Decimal):
        if not Decimal(str(value)).is_finite():
            raise _date_error(value)
        return _excel_serial(value)
    text = fold(nfc(str(value)))
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = match.group(1), match.group(3), match.group(4)
    elif match := _ISO.fullmatch(text):
        year, month, day = match.groups()
    elif match := _WORDS.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise _date_error(value)
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(_("Ngày “%(value)s” không có trong lịch.") % {"value": nfc(str(value))})


def parse_year(value) -> int | None:
    """A year from a cell: 1972, "1972", or the year of a full date (a birth date "15/03/1972"); ``None`` if empty.

    A number is a year only with four digits: a date cell that lost its format
    (an Excel serial such as 26373) is not taken for a year.
    """
    if _blank(value):
        return None
    error = ValueError(
        _("“%(value)s” không phải là năm; hãy ghi năm (ví dụ 1972) hoặc ngày đầy đủ (ví dụ 15/03/1972).")
        % {"value": nfc(str(value))}
    )
    if isinstance(value, datetime | date):
        return value.year
    if isinstance(value, bool):
        raise error
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite() or number != number.to_integral_value() or not 1000 <= number <= 9999:
            raise error
        return int(number)
    text = nfc(str(value))
    if _YEAR.fullmatch(text):
        return int(text)
    try:
        return parse_date(text).year
    except ValueError:
        raise error


def parse_decimal(value) -> Decimal | None:
    """A number from a cell, read the Vietnamese way first; ``None`` for an empty cell.

    "72,5" and "72.5" are 72.5; "1.234,5" (and "1,234.5") is 1234.5; dots
    followed by groups of three digits are thousands: "1.234" and "1.234.567"
    are 1234 and 1234567, while "0.500" and "1234.5" are decimals. A lone comma
    is always the decimal comma ("1,234" is 1.234). Spaces are ignored; a minus
    sign may lead. Number cells are taken as they are (72.5 stays 72.5, not its
    binary expansion).
    """
    if _blank(value):
        return None
    error = ValueError(_("“%(value)s” không phải là số; hãy ghi ví dụ 72,5 hoặc 1.234,5.") % {"value": nfc(str(value))})
    if isinstance(value, bool):
        raise error
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            raise error
        return number
    text = "".join(nfc(str(value)).split()).replace("\u2212", "-")
    sign = ""
    if text[:1] in ("-", "+"):
        sign, text = text[0].replace("+", ""), text[1:]
    if _PLAIN.fullmatch(text):
        digits = text
    elif _DOT_THOUSANDS.fullmatch(text):
        digits = text.replace(".", "")
    elif _COMMA_THOUSANDS.fullmatch(text):
        digits = text.replace(",", "")
    elif match := _COMMA_DECIMAL.fullmatch(text):
        digits = match.group(1).replace(".", "") + "." + match.group(2)
    elif match := _DOT_DECIMAL.fullmatch(text):
        digits = match.group(1).replace(",", "") + "." + match.group(2)
    else:
        raise error
    try:
        return Decimal(sign + digits)
    except InvalidOperation:
        raise error


def parse_int(value) -> int | None:
    """A whole number from a cell ("1.234" is 1234, "12,0" is 12; see ``parse_decimal``); ``None`` if empty."""
    number = parse_decimal(value)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” không phải là số nguyên.") % {"value": nfc(str(value))})
    return int(number)
