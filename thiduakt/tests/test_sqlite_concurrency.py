"""SQLite, the documented default: two users writing at the same moment both get their answer."""

import threading
import time

import pytest
from django.db import connection, transaction

from thiduakt.models import OrgUnit, Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's file lock; PostgreSQL has row locks"),
]


def test_two_writers_at_the_same_moment_both_succeed_on_sqlite():
    """Each reads then writes in one transaction, as a service does; both overlap by 0.3 s.

    With SQLite's default (deferred) transactions the second writer's read snapshot is stale
    by the time it writes, and it fails at once with "database is locked"; with the write lock
    taken at BEGIN (IMMEDIATE) it waits for the first, then reads what the first wrote.
    """
    unit = OrgUnit.objects.get(code="HG.CT")
    assert Person.objects.filter(unit=unit).count() == 1  # the demo's chairman
    barrier = threading.Barrier(2)
    seen, errors = {}, []

    def write(name):
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                count = Person.objects.filter(unit=unit).count()
                time.sleep(0.3)  # the other writer begins while this one is between its read and its write
                Person.objects.create(full_name=name, gender=Person.Gender.FEMALE, birth_year=1990, unit=unit)
            seen[name] = count
        except Exception as exc:  # collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("Lê Thị Một", "Lê Thị Hai")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(seen.values()) == [1, 2]  # one after the other, the second seeing the first
    assert Person.objects.filter(unit=unit).count() == 3
