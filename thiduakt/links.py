"""Links of a list's rows, reversed once per list rather than once per row.

``reverse()`` walks the URL resolver each time (about 45 µs, 140 function calls); a list of 50 rows linking
each row to its page paid that 50 times. ``pk_url(name)`` reverses once, with a marker in place of the
primary key, and returns a function that puts each row's key in its place.
"""

from django.urls import reverse

_MARKER = 2_147_483_647  # never a key of a row shown (PostgreSQL's largest integer)


def pk_url(name: str, *before):
    """``pk → reverse(name, args=[*before, pk])`` for URLs whose last argument is an integer key."""
    head, tail = reverse(name, args=[*before, _MARKER]).rsplit(str(_MARKER), 1)
    return lambda pk: f"{head}{int(pk)}{tail}"
