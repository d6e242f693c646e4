"""Demo exemplars of Hậu Giang in several fields and stages, and the honouring ceremony of 8/6/2023 (seed 001).

Idempotent: an exemplar is found by its nominee and field and created (through the services,
so that its path is recorded) only when missing; the event by its title and date.
"""

from datetime import date

from exemplars import services
from exemplars.models import Exemplar, Field, Honour, HonouringEvent, Kind, Stage
from thiduakt.models import OrgUnit, Person, User

CEREMONY_TITLE = (
    "Hội nghị biểu dương, tôn vinh điển hình tiên tiến nhân kỷ niệm 75 năm Ngày Chủ tịch Hồ Chí Minh "
    "ra Lời kêu gọi Thi đua ái quốc (11/6/1948 - 11/6/2023)"
)
CEREMONY_DATE = date(2023, 6, 8)

# nominee (person name | unit code | household name), kind, field code, unit code, headline, target stage, published
EXEMPLARS = [
    (
        "Phạm Thị Diễm",
        Kind.INDIVIDUAL,
        "giao-duc",
        "HG.CT.NS",
        "Giáo viên dạy giỏi, sáng tạo phương pháp “Lớp học hạnh phúc” ở Trường Tiểu học Ngã Sáu",
        Stage.REPLICATED,
        True,
    ),
    (
        "Võ Văn Đức",
        Kind.INDIVIDUAL,
        "nong-nghiep",
        "HG.CT.DP",
        "Nông dân sản xuất, kinh doanh giỏi: mô hình trồng khóm kết hợp nuôi cá, thu nhập 600 triệu đồng/năm",
        Stage.REVIEWED,
        True,
    ),
    (
        "Huỳnh Thị Hạnh",
        Kind.INDIVIDUAL,
        "van-hoa-xa-hoi",
        "HG.CT.PH",
        "Hiến đất làm đường giao thông nông thôn, vận động bà con cùng chung tay xây dựng nông thôn mới",
        Stage.FOSTERED,
        False,
    ),
    (
        "Châu Văn Nam",
        Kind.INDIVIDUAL,
        "an-ninh-quoc-phong",
        "HG.NB.DT",
        "Mô hình “Dân vận khéo” trong bảo đảm an ninh, trật tự tại cơ sở",
        Stage.REVIEWED,
        False,
    ),
    (
        "Tạ Thị Oanh",
        Kind.INDIVIDUAL,
        "y-te",
        "HG.CT",
        "Bác sĩ tận tụy, đi đầu trong khám chữa bệnh từ xa cho người dân vùng sâu",
        Stage.DISCOVERED,
        False,
    ),
    (
        "HG.CT.MD",
        Kind.COLLECTIVE,
        "hanh-chinh",
        "HG.CT",
        "Bộ phận một cửa thị trấn Mái Dầm: 100% hồ sơ giải quyết đúng hạn, thủ tục trực tuyến toàn trình",
        Stage.FOSTERED,
        False,
    ),
    (
        "Hộ ông Nguyễn Văn Tám",
        Kind.HOUSEHOLD,
        "nong-nghiep",
        "HG.PH.HA",
        "Hộ gia đình thoát nghèo bền vững nhờ mô hình nuôi lươn không bùn",
        Stage.DISCOVERED,
        False,
    ),
]

FOSTERING = "Tập huấn, hỗ trợ tài liệu và kết nối với các mô hình cùng lĩnh vực"
REVIEW = (
    "Mô hình có cách làm rõ ràng, hiệu quả đo được sau một năm; điều kiện áp dụng: có người đứng đầu "
    "quyết tâm, có sự hỗ trợ của chính quyền cơ sở và đoàn thể."
)


def _nominee(kind, key):
    if kind == Kind.INDIVIDUAL:
        return {"person": Person.objects.filter(full_name=key).order_by("pk").first()}
    if kind == Kind.COLLECTIVE:
        return {"collective": OrgUnit.objects.get(code=key)}
    return {"household_name": key}


def _existing(kind, nominee, field, unit):
    exemplars = Exemplar.objects.filter(field=field)
    if kind == Kind.HOUSEHOLD:
        return exemplars.filter(household_name=nominee["household_name"], unit=unit).first()
    return exemplars.filter(**nominee).first()


def _walk(exemplar, target, staff, unit):
    """Move a new demo exemplar along the path up to ``target`` through the services."""
    order = [Stage.DISCOVERED, Stage.FOSTERED, Stage.REVIEWED, Stage.REPLICATED]
    goal = order.index(target)
    if goal >= 1:
        exemplar = services.exemplar_foster(exemplar=exemplar, by=staff, reason="Mô hình có hiệu quả bước đầu")
        services.fostering_action_add(
            exemplar=exemplar, by=staff, date=date(2022, 9, 15), description=FOSTERING, responsible_unit=unit
        )
    if goal >= 2:
        exemplar = services.exemplar_review(
            exemplar=exemplar,
            by=staff,
            reason="Sau một năm theo dõi",
            review_text=REVIEW,
            reviewed_on=date(2023, 5, 20),
        )
    if goal >= 3:
        services.replication_add(
            exemplar=exemplar,
            by=staff,
            adopting_unit=OrgUnit.objects.get(code="HG.NB.HT"),
            adopted_on=date(2023, 9, 5),
            results="Áp dụng ở 12 lớp; học sinh tự tin, tỉ lệ chuyên cần tăng",
        )
        exemplar = services.exemplar_replicate(exemplar=exemplar, by=staff, reason="Đã có đơn vị áp dụng hiệu quả")
    return exemplar


def seed(stdout=None):
    staff = User.objects.get(username="staff")
    created = 0
    for key, kind, field_code, unit_code, headline, target, published in EXEMPLARS:
        field = Field.objects.get(code=field_code)
        unit = OrgUnit.objects.get(code=unit_code)
        nominee = _nominee(kind, key)
        if kind == Kind.INDIVIDUAL and nominee["person"] is None:
            continue
        if _existing(kind, nominee, field, unit):
            continue
        exemplar = services.exemplar_create(
            by=staff,
            unit=unit,
            kind=kind,
            field=field,
            headline=headline,
            story=f"<p>{headline}.</p><p>Điển hình được phát hiện qua phong trào thi đua yêu nước của địa phương.</p>",
            discovered_by=unit.name,
            discovered_on=date(2022, 5, 10),
            **nominee,
        )
        exemplar = _walk(exemplar, target, staff, unit)
        if published:
            services.exemplar_publish(exemplar=exemplar, by=staff, public_summary=headline, photo_ids=[])
        created += 1

    event, _new = HonouringEvent.objects.get_or_create(
        title=CEREMONY_TITLE,
        date=CEREMONY_DATE,
        defaults={
            "kind": HonouringEvent.EventKind.TRIBUTE,
            "organiser": OrgUnit.objects.get(code="HG"),
            "place": "Thành phố Vị Thanh",
            "occasion": "75 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi Thi đua ái quốc (11/6/1948 - 11/6/2023)",
            "description": "UBND tỉnh Hậu Giang biểu dương, tôn vinh 133 cá nhân có thành tích xuất sắc trong "
            "phong trào thi đua ái quốc (danh sách minh họa gồm một số điển hình trong sổ theo dõi).",
            "created_by": staff,
        },
    )
    honoured = Exemplar.objects.filter(
        stage__in=[Stage.REVIEWED, Stage.REPLICATED], kind=Kind.INDIVIDUAL, headline__in=[e[4] for e in EXEMPLARS]
    )
    for exemplar in honoured:
        if not Honour.objects.filter(event=event, exemplar=exemplar).exists():
            services.honour_add(event=event, exemplar=exemplar, by=staff, citation="Cá nhân có thành tích xuất sắc")
    if stdout:
        stdout.write(f"exemplars: {created} điển hình mới, sự kiện ngày {CEREMONY_DATE:%d/%m/%Y}")
