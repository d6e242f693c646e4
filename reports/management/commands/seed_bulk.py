"""A province at full size, for benchmarks and for trying the product at scale.

    python manage.py seed_bulk --years 3
    python manage.py seed_bulk --years 4 --scale 10   # ≈ 1.2 million award records, 400,000 people

About 800 units, 20 clusters, and per year 30,000 award records and 2,000
dossiers (with their nominations), with Vietnamese names. Rows are written with
``bulk_create`` (derived columns — folded search text, name order key — are
computed here since ``save()`` is not called; no history rows). Bulk units
have codes starting with ``BULK.``; running the command again does nothing
unless ``--reset`` removes the previous bulk data first. Never run it on a
production database.
"""

import random
import time
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from awards.models import Award, AwardRecord, Dossier, Nomination
from clusters.models import Cluster, ClusterYear, Membership
from thiduakt.models import OrgUnit, Person
from thiduakt.text import fold, vi_sort_key

SURNAMES = "Nguyễn Trần Lê Phạm Huỳnh Hoàng Võ Vũ Phan Trương Bùi Đặng Đỗ Ngô Hồ Dương Đinh Lý Châu Lâm Tạ Mai".split()  # noqa: SIM905
MIDDLE_MALE = "Văn Minh Quốc Đức Hữu Thanh Công Ngọc Hoàng Anh Tấn Thành".split()  # noqa: SIM905
MIDDLE_FEMALE = "Thị Ngọc Thanh Kim Thu Mỹ Bích Hồng Thùy Diễm".split()  # noqa: SIM905
GIVEN_MALE = "An Bình Cường Dũng Đạt Hải Hùng Huy Khang Khoa Lộc Long Minh Nam Nghĩa Phúc Quang Sơn Tài Tâm Thắng Toàn Trí Tuấn Việt Vinh".split()  # noqa: E501, SIM905
GIVEN_FEMALE = "Anh Ánh Châu Diễm Dung Giang Hà Hạnh Hằng Hoa Hương Lan Linh Loan Mai My Ngọc Nhung Oanh Phương Quyên Thảo Trang Trinh Uyên Vân Yến".split()  # noqa: E501, SIM905
DISTRICTS = [
    "Vị Thanh", "Ngã Bảy", "Long Mỹ", "Châu Thành", "Châu Thành A", "Phụng Hiệp", "Vị Thủy", "Long Phú",
    "Cái Răng", "Phong Điền",
]  # fmt: skip
DEPARTMENTS = [
    "Nội vụ", "Tài chính", "Giáo dục và Đào tạo", "Y tế", "Xây dựng", "Công Thương", "Tư pháp",
    "Nông nghiệp và Môi trường", "Khoa học và Công nghệ", "Văn hóa, Thể thao và Du lịch", "Dân tộc và Tôn giáo",
    "Ngoại vụ", "Giao thông vận tải", "Lao động", "Thông tin", "Kế hoạch", "Thanh tra", "Văn phòng UBND",
    "Ban Quản lý các khu công nghiệp", "Đài Phát thanh và Truyền hình", "Trường Cao đẳng cộng đồng",
    "Bảo hiểm xã hội", "Cục Thuế", "Kho bạc", "Công an", "Bộ Chỉ huy Quân sự", "Ngân hàng Nhà nước",
    "Ban Dân tộc", "Hội Chữ thập đỏ", "Liên minh Hợp tác xã",
]  # fmt: skip
DIVISIONS = ["Văn phòng", "Phòng Tổ chức", "Phòng Kế hoạch", "Phòng Nghiệp vụ", "Thanh tra"]
COMMUNE_WORDS = "Hòa Bình Tân Phú Thạnh Long Đông Tây Nam Bắc Hiệp Lợi An Mỹ Phước Thới Hưng Lộc Thuận".split()  # noqa: SIM905


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu quy mô một tỉnh (≈800 đơn vị, 20 cụm, 30.000 lượt khen và 2.000 hồ sơ mỗi năm) để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--records", type=int, default=30_000, help="lượt khen thưởng mỗi năm")
        parser.add_argument("--dossiers", type=int, default=2_000, help="hồ sơ mỗi năm")
        parser.add_argument("--people", type=int, default=40_000)
        parser.add_argument(
            "--scale", type=int, default=1, help="nhân số lượt khen, hồ sơ, cá nhân (10: ≈ 1,2 triệu với 4 năm)"
        )
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--reset", action="store_true", help="xóa dữ liệu sinh trước đó rồi sinh lại")

    def handle(self, *args, **options):

        self.rng = random.Random(options["seed"])
        started = time.monotonic()
        if OrgUnit.objects.filter(code__startswith="BULK.").exists():
            if not options["reset"]:
                self.stdout.write("Dữ liệu quy mô lớn đã có (mã đơn vị BULK.*); dùng --reset để sinh lại.")
                return
            self.reset()
        last_year = timezone.localdate().year - 1
        years = list(range(last_year - options["years"] + 1, last_year + 1))
        scale = max(1, options["scale"])
        with transaction.atomic():
            units = self.make_units()
            people = self.make_people(units, options["people"] * scale)
            self.make_clusters(units, years)
        # One transaction a year: a 1.2-million-row run keeps no giant transaction open, and a year's rows are
        # written by batches (bulk_create), never one INSERT a row.
        for year in years:
            with transaction.atomic():
                self.make_awards(year, units, people, options["records"] * scale)
                self.make_dossiers(year, units, people, options["dossiers"] * scale)
            self.stdout.write(f"  năm {year}: xong ({time.monotonic() - started:.0f} giây)")
        self.stdout.write(
            self.style.SUCCESS(f"Đã sinh dữ liệu {len(years)} năm trong {time.monotonic() - started:.0f} giây.")
        )

    # -- helpers --------------------------------------------------------------------------

    def name(self, female: bool) -> str:
        r = self.rng
        middle = r.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = r.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        return f"{r.choice(SURNAMES)} {middle} {given}"

    def reset(self):

        with transaction.atomic():
            bulk_units = OrgUnit.objects.filter(code__startswith="BULK.")
            Nomination.objects.filter(dossier__unit__in=bulk_units).delete()
            Dossier.objects.filter(unit__in=bulk_units).delete()
            AwardRecord.objects.filter(decision_number__endswith="/QĐ-BULK").delete()
            Membership.objects.filter(unit__in=bulk_units).delete()
            ClusterYear.objects.filter(cluster__name__startswith="Cụm thi đua số ").delete()
            Cluster.objects.filter(name__startswith="Cụm thi đua số ").delete()
            Person.objects.filter(unit__in=bulk_units).delete()
            ids = list(bulk_units.order_by("-id").values_list("id", flat=True))
            for unit_id in ids:  # children before parents (PROTECT)
                OrgUnit.objects.filter(pk=unit_id).delete()

    def make_units(self) -> dict:

        K = OrgUnit.Kind
        province = OrgUnit.objects.filter(code="HG").first()
        rows = []

        def add(code, name, kind, parent_code):
            rows.append((code, name, kind, parent_code))

        for i, dep in enumerate(DEPARTMENTS, 1):
            add(f"BULK.S{i:02d}", f"Sở {dep} (quy mô lớn)", K.DEPARTMENT, None)
            for j, div in enumerate(DIVISIONS, 1):
                add(f"BULK.S{i:02d}.{j}", f"{div} – Sở {dep}", K.DIVISION, f"BULK.S{i:02d}")
        for i, district in enumerate(DISTRICTS, 1):
            add(f"BULK.H{i:02d}", f"Ủy ban nhân dân huyện {district} (quy mô lớn)", K.DISTRICT, None)
            for j in range(1, 51):
                word = f"{COMMUNE_WORDS[j % len(COMMUNE_WORDS)]} {COMMUNE_WORDS[(j * 7 + i) % len(COMMUNE_WORDS)]}"
                add(
                    f"BULK.H{i:02d}.X{j:02d}",
                    f"Ủy ban nhân dân xã {word} {j} – {district}",
                    K.COMMUNE,
                    f"BULK.H{i:02d}",
                )
        for i in range(1, 21):
            add(f"BULK.D{i:02d}", f"Hội, đoàn thể tỉnh số {i}", K.MASS_ORGANISATION, None)
        for i in range(1, 101):
            add(f"BULK.DN{i:03d}", f"Công ty Cổ phần Sản xuất Thương mại số {i}", K.ENTERPRISE, None)
        units = [
            OrgUnit(code=code, name=name, short_name="", kind=kind, search_text=fold(f"{name} {code}"))
            for code, name, kind, _parent in rows
        ]
        OrgUnit.objects.bulk_create(units, batch_size=1000)
        by_code = {u.code: u for u in OrgUnit.objects.filter(code__startswith="BULK.")}
        for code, _name, _kind, parent in rows:
            by_code[code].parent = by_code[parent] if parent else province
        OrgUnit.objects.bulk_update(by_code.values(), ["parent"], batch_size=1000)
        self.stdout.write(f"  {len(by_code)} đơn vị")
        return by_code

    def make_people(self, units: dict, count: int) -> list:

        r = self.rng
        unit_list = list(units.values())
        ranks = ["", "", "", "", "", "", "", "division", "division", "department", "province"]
        people = []
        for _ in range(count):
            female = r.random() < 0.45
            name = self.name(female)
            people.append(
                Person(
                    full_name=name,
                    gender="female" if female else "male",
                    birth_year=r.randint(1960, 2000),
                    unit=r.choice(unit_list),
                    is_direct_worker=r.random() < 0.3,
                    is_business_person=r.random() < 0.03,
                    leader_rank=r.choice(ranks),
                    search_text=fold(name),
                    sort_key=vi_sort_key(name),
                )
            )
        Person.objects.bulk_create(people, batch_size=2000)
        self.stdout.write(f"  {count} cá nhân")
        return list(Person.objects.filter(unit__code__startswith="BULK.").select_related("unit"))

    def make_clusters(self, units: dict, years: list[int]):

        members = [u for u in units.values() if u.kind in ("department", "district", "mass_org", "enterprise")]
        clusters = [Cluster(name=f"Cụm thi đua số {i}", search_text=fold(f"Cụm thi đua số {i}")) for i in range(1, 21)]
        Cluster.objects.bulk_create(clusters)
        clusters = list(Cluster.objects.filter(name__startswith="Cụm thi đua số ").order_by("id"))
        for year in years:
            ClusterYear.objects.bulk_create([ClusterYear(cluster=c, year=year) for c in clusters])
        memberships = []
        for cy in ClusterYear.objects.filter(cluster__in=clusters):
            index = clusters.index(cy.cluster)
            for position, unit in enumerate(members[index::20], start=1):
                memberships.append(Membership(cluster_year=cy, unit=unit, rotation_position=position))
        Membership.objects.bulk_create(memberships, batch_size=2000)
        self.stdout.write(f"  20 cụm, {len(memberships)} lượt thành viên")

    def make_awards(self, year: int, units: dict, people: list, count: int):

        r = self.rng
        awards = {a.code: a for a in Award.objects.all()}
        individual = ["LDTT"] * 40 + ["CSTDCS"] * 15 + ["GK"] * 20 + ["BKT"] * 18 + ["CSTDT"] * 4 + ["BKTTG", "HCLD3"]
        collective = ["TTLDTT"] * 40 + ["GK"] * 25 + ["TTLDXS"] * 15 + ["BKT"] * 15 + ["CTDT"] * 4 + ["CTDCP"]
        unit_list = list(units.values())
        used = set()
        records = []
        attempts = 0
        while len(records) < count and attempts < count * 3:  # duplicates of (recipient, award) are skipped
            attempts += 1
            i = len(records)
            roll = r.random()
            number = f"{i % 900 + 1}/QĐ-BULK"
            day = date(year, r.randint(1, 12), r.randint(1, 28))
            award_type = r.choice(["merit"] * 8 + ["sudden", "campaign"])
            if roll < 0.82:
                person = r.choice(people)
                code = r.choice(individual)
                if (person.pk, code) in used:
                    continue
                used.add((person.pk, code))
                records.append(
                    AwardRecord(
                        recipient_kind="individual",
                        person=person,
                        award=awards[code],
                        year=year,
                        decision_number=number,
                        decision_date=day,
                        issuer="Chủ tịch UBND tỉnh",
                        award_type=award_type,
                        source="imported",
                        is_public=True,
                        recipient_name=person.full_name,
                        recipient_unit_name=person.unit.name,
                        search_text=fold(f"{person.full_name} {person.unit.name}")[:600],
                        sort_key=vi_sort_key(person.full_name),
                    )
                )
            elif roll < 0.98:
                unit = r.choice(unit_list)
                code = r.choice(collective)
                if (unit.pk, code) in used:
                    continue
                used.add((unit.pk, code))
                records.append(
                    AwardRecord(
                        recipient_kind="collective",
                        unit=unit,
                        award=awards[code],
                        year=year,
                        decision_number=number,
                        decision_date=day,
                        award_type=award_type,
                        source="imported",
                        is_public=True,
                        recipient_name=unit.name,
                        search_text=fold(unit.name)[:600],
                        sort_key=vi_sort_key(unit.name),
                    )
                )
            else:
                name = f"Hộ ông {self.name(False)}"
                records.append(
                    AwardRecord(
                        recipient_kind="household",
                        household_name=name,
                        award=awards["BKT"],
                        year=year,
                        decision_number=number,
                        decision_date=day,
                        award_type=award_type,
                        source="imported",
                        recipient_name=name,
                        search_text=fold(name),
                        sort_key=vi_sort_key(name),
                    )
                )
        AwardRecord.objects.bulk_create(records, batch_size=2000)
        self.stdout.write(f"  năm {year}: {len(records)} lượt khen thưởng")

    def make_dossiers(self, year: int, units: dict, people: list, count: int):

        r = self.rng
        bkt = Award.objects.get(code="BKT")
        unit_list = [u for u in units.values() if u.kind != "division"]
        statuses = ["submitted"] * 3 + ["returned", "resubmitted"] + ["appraised"] * 5
        now = timezone.now()
        dossiers = []
        for i in range(count):
            unit = r.choice(unit_list)
            received = date(year, r.randint(1, 12), r.randint(1, 28))
            status = r.choice(statuses)
            complete = received + timedelta(days=r.randint(0, 5))
            title = f"Đề nghị khen thưởng năm {year} của {unit.name} (đợt {i + 1})"
            appraised = (
                timezone.make_aware(datetime.combine(complete + timedelta(days=r.randint(10, 40)), datetime.min.time()))
                if status == "appraised"
                else None
            )
            dossiers.append(
                Dossier(
                    unit=unit,
                    round_kind="yearly",
                    year=year,
                    title=title,
                    status=status,
                    round_number=1,
                    received_on=received,
                    first_received_on=received,
                    complete_on=complete,
                    due_on=complete + timedelta(days=28),
                    appraised_at=appraised,
                    submitted_at=now,
                    search_text=fold(f"{title} {unit.name}")[:600],
                )
            )
        Dossier.objects.bulk_create(dossiers, batch_size=1000)
        created = list(Dossier.objects.filter(year=year, unit__code__startswith="BULK.").order_by("id"))
        nominations, used = [], set()
        for dossier in created:
            for _ in range(3):
                person = r.choice(people)
                if person.pk in used:
                    continue
                used.add(person.pk)
                nominations.append(
                    Nomination(
                        dossier=dossier,
                        nominee_kind="individual",
                        person=person,
                        award=bkt,
                        year=year,
                        summary="Hoàn thành xuất sắc nhiệm vụ được giao.",
                        status="accepted" if dossier.status == "appraised" else "proposed",
                        nominee_name=person.full_name,
                        search_text=fold(person.full_name),
                        sort_key=vi_sort_key(person.full_name),
                    )
                )
        Nomination.objects.bulk_create(nominations, batch_size=2000)
        self.stdout.write(f"  năm {year}: {len(created)} hồ sơ, {len(nominations)} đề nghị")
