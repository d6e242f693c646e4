"""The one state-machine mechanism of the product.

Each workflow object has a status field whose ``TextChoices`` enum derives from
``StatusChoices`` and declares, right under it, its allowed moves and the colour of its
badge::

    class Dossier(models.Model):
        class Status(StatusChoices):
            DRAFT = "draft", _("Nháp")
            SUBMITTED = "submitted", _("Đã gửi")

        Status.declare(
            moves={Status.DRAFT: [Status.SUBMITTED]},
            badges={Status.DRAFT: "secondary", Status.SUBMITTED: "primary"},
        )

Every status change goes through ``transition()``: it locks the row, checks the move
(and the narrower ``allowed_from`` a particular service may ask for), writes the new status
with the reason in the object's history, and writes one event row (an ``EventBase``
subclass reached by the object's ``events`` relation). Follow-up work is queued by the
service with ``transaction.on_commit``.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thiduakt.services import DomainError
from thiduakt.text import REASON_LENGTH

BADGE_COLOURS = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")
FLOWS: list[type["StatusChoices"]] = []  # every declared flow, for ``flow_fields``


class StatusChoices(models.TextChoices):
    """A status enum that knows its moves and badge colours (see ``declare``)."""

    @classmethod
    def declare(cls, *, moves: Mapping, badges: Mapping) -> None:
        """Declare the allowed moves and the badge colour of every member."""
        values = {member.value for member in cls}
        table = {str(src): frozenset(str(dst) for dst in dsts) for src, dsts in moves.items()}
        colours = {str(key): colour for key, colour in badges.items()}
        unknown = (set(table) | {d for dsts in table.values() for d in dsts} | set(colours)) - values
        if unknown:
            raise ValueError(f"{cls.__qualname__}: unknown statuses {sorted(unknown)}")
        if missing := values - set(colours):
            raise ValueError(f"{cls.__qualname__}: no badge colour for {sorted(missing)}")
        if bad := {c for c in colours.values() if c not in BADGE_COLOURS}:
            raise ValueError(f"{cls.__qualname__}: unknown badge colours {sorted(bad)}")
        cls._moves = table
        cls._badges = colours
        FLOWS.append(cls)

    @classmethod
    def allows(cls, current, to) -> bool:
        return str(to) in cls._moves.get(str(current), ())

    @classmethod
    def next_of(cls, current) -> list:
        """The statuses reachable from ``current``, in declaration order."""
        allowed = cls._moves.get(str(current), ())
        return [member for member in cls if member.value in allowed]

    @classmethod
    def badge_of(cls, value) -> str:
        return cls._badges.get(str(value), "secondary")

    @property
    def badge(self) -> str:
        return type(self).badge_of(self.value)


class EventBase(models.Model):
    """One line of an object's history as the auditor reads it: who, when, what, why."""

    action = models.CharField(gettext_lazy("thao tác"), max_length=200)
    from_status = models.CharField(gettext_lazy("từ trạng thái"), max_length=30, blank=True)
    to_status = models.CharField(gettext_lazy("sang trạng thái"), max_length=30, blank=True)
    reason = models.TextField(gettext_lazy("lý do, ghi chú"), max_length=REASON_LENGTH, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("lúc"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
        verbose_name = gettext_lazy("lịch sử xử lý")
        verbose_name_plural = gettext_lazy("lịch sử xử lý")

    def __str__(self):
        return self.action


def flow_fields(model) -> list[tuple[str, type[StatusChoices]]]:
    """The status fields of ``model`` (name, flow): the fields whose choices are a declared flow's."""
    found = []
    for model_field in model._meta.concrete_fields:
        values = {str(value) for value, _label in model_field.choices or ()}
        flow = next((f for f in FLOWS if values and {m.value for m in f} == values), None)
        if flow is not None:
            found.append((model_field.name, flow))
    return found


def state_note(obj, *, field: str = "status", flow: type[StatusChoices] | None = None, events: str = "events") -> str:
    """What a late click or a stale tab is told: the object's state now, since when and by whom when known.

    "Hiện ở trạng thái «Đã gửi» từ 10:32 12/05/2025 (Nguyễn Văn An)."
    """
    flow = flow or type(obj).Status
    current = str(getattr(obj, field))
    note = _("Hiện ở trạng thái «%(now)s»") % {"now": flow(current).label}
    relation = getattr(obj, events, None)
    last = None
    if relation is not None and hasattr(relation, "filter"):
        last = relation.filter(to_status=current).select_related("by").order_by("-at", "-id").first()
    if last is not None:
        note += _(" từ %(at)s") % {"at": timezone.localtime(last.at).strftime("%H:%M %d/%m/%Y")}
        if last.by is not None:
            note += f" ({last.by})"
    return note + "."


def record_event(obj, *, by, action: str, reason: str = "", events: str = "events", **fields):
    """Write one event row for ``obj`` (through its ``events`` relation) and return it."""
    return getattr(obj, events).create(by=by, action=action[:200], reason=reason, **fields)


def transition(
    obj,
    *,
    to,
    by,
    action: str,
    reason: str = "",
    field: str = "status",
    flow: type[StatusChoices] | None = None,
    allowed_from: Iterable | None = None,
    error: str = "",
    changes: Mapping | None = None,
    events: str = "events",
    event_fields: Mapping | None = None,
):
    """Move ``obj`` to status ``to`` and record it; return the locked, saved row.

    Refuses with a ``DomainError`` (in Vietnamese, naming the current status; its ``note`` says
    since when and by whom, and ``run_service`` shows it) when the enum does not allow the move
    or when the current status is not in ``allowed_from``: a second click or a stale tab
    therefore reads "already sent, at 10:32 by …", not a crash.
    ``changes`` are other fields written in the same save.
    """
    model = type(obj)
    flow = flow or model.Status
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, field)
        permitted = flow.allows(current, to) and (allowed_from is None or current in {str(s) for s in allowed_from})
        if not permitted:
            refused = DomainError(
                error
                or _("Không thực hiện được: đang ở trạng thái «%(now)s», không chuyển sang «%(to)s» được.")
                % {"now": flow(current).label, "to": flow(to).label}
            )
            refused.note = state_note(locked, field=field, flow=flow, events=events)
            raise refused
        setattr(locked, field, str(to))
        for name, value in (changes or {}).items():
            setattr(locked, name, value)
        locked._change_reason = reason or action
        locked.save()
        record_event(
            locked,
            by=by,
            action=action,
            reason=reason,
            events=events,
            from_status=current,
            to_status=str(to),
            **(event_fields or {}),
        )
    return locked


def transition_many(
    objs: Iterable,
    *,
    to,
    by,
    action: str,
    reason: str = "",
    field: str = "status",
    flow: type[StatusChoices] | None = None,
    allowed_from: Iterable | None = None,
    error=None,
    events: str = "events",
    event_fields=None,
) -> list:
    """``transition`` for many rows of one model at once, in a constant number of queries.

    The rows are locked together; the first whose move is not allowed refuses them all (``error``, a
    function of the row, words it; its ``note`` says since when). Then one UPDATE, one history row each
    (who, when, why, as ``save()`` would write them) and one event each, written in bulk.
    ``event_fields`` is a function of the row giving the event's other fields. Returns the locked rows,
    moved, in the order of ``objs``.
    """
    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    flow = flow or model.Status
    allowed = None if allowed_from is None else {str(s) for s in allowed_from}
    with transaction.atomic():
        locked = {row.pk: row for row in model._default_manager.select_for_update().filter(pk__in=[o.pk for o in objs])}
        rows = [locked[o.pk] for o in objs]
        before = {}
        for row in rows:
            current = getattr(row, field)
            if not flow.allows(current, to) or (allowed is not None and current not in allowed):
                refused = DomainError(
                    error(row)
                    if error
                    else _("Không thực hiện được: đang ở trạng thái «%(now)s», không chuyển sang «%(to)s» được.")
                    % {"now": flow(current).label, "to": flow(to).label}
                )
                refused.note = state_note(row, field=field, flow=flow, events=events)
                raise refused
            before[row.pk] = current
            setattr(row, field, str(to))
        model._default_manager.filter(pk__in=list(locked)).update(**{field: str(to)})
        model.history.bulk_history_create(
            rows, update=True, default_user=by, default_change_reason=reason or action, default_date=timezone.now()
        )
        relation = getattr(model, events)
        event_model, link = relation.rel.related_model, relation.field.name
        event_model._default_manager.bulk_create(
            event_model(
                **{link: row},
                by=by,
                action=action[:200],
                reason=reason,
                from_status=before[row.pk],
                to_status=str(to),
                **(event_fields(row) if event_fields else {}),
            )
            for row in rows
        )
    return rows
