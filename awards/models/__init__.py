"""Models of awards, one module per subject; imported here so ``from awards.models import X`` works.

- ``catalogue``: awards, rule sets, holidays, processing rules, base salary, decision templates
- ``dossiers``: dossiers, nominations, attachments, their events, public comments, nominee list imports
- ``records``: award history, initiatives, disciplinary measures, matters pending, task ratings,
  achievements confirmed per nomination, history imports
- ``council``: council terms and members, meetings, agenda, attendance, ballots, recusals
- ``decisions``: decisions, their recipients, numbering, events, dated legal citations, certificate registers
- ``central``: forwarding to central level and its results
- ``money``: reward coefficients per award and kind of recipient, dated
- ``deadlines``: submission deadlines, dated
- ``documents``: Word templates of the documents, the digitally signed decisions
"""

from awards.models.catalogue import (
    DOSSIER_DOCUMENTS,
    Award,
    AwardType,
    BaseSalary,
    DecisionTemplate,
    DocumentKind,
    Holiday,
    ProcessingRule,
    RecipientKind,
    Rule,
    RuleSet,
)
from awards.models.central import CentralItem, CentralSubmission
from awards.models.council import (
    AbsentOnlineVote,
    AgendaItem,
    Attendance,
    BallotBox,
    BallotReceipt,
    CouncilMember,
    CouncilTerm,
    Meeting,
    MeetingDocumentRead,
    MeetingEvent,
    Recusal,
)
from awards.models.deadlines import SubmissionDeadline
from awards.models.decisions import (
    Decision,
    DecisionCounter,
    DecisionEvent,
    DecisionRecipient,
    LegalCitation,
    RegisterCounter,
)
from awards.models.documents import DecisionSignature, DocumentTemplate
from awards.models.dossiers import Attachment, Dossier, DossierEvent, Nomination, NomineeImport, PublicComment
from awards.models.money import RewardCoefficient
from awards.models.records import (
    DISCIPLINE_RANK,
    LEVEL_RANK,
    RATING_RANK,
    AchievementConfirmation,
    AwardRecord,
    DisciplineRecord,
    HistoryImport,
    HistoryImportRow,
    Initiative,
    PendingMatter,
    TaskRating,
)

__all__ = [
    "DISCIPLINE_RANK",
    "DOSSIER_DOCUMENTS",
    "LEVEL_RANK",
    "RATING_RANK",
    "AbsentOnlineVote",
    "AchievementConfirmation",
    "AgendaItem",
    "Attachment",
    "Attendance",
    "Award",
    "AwardRecord",
    "AwardType",
    "BallotBox",
    "BallotReceipt",
    "BaseSalary",
    "CentralItem",
    "CentralSubmission",
    "CouncilMember",
    "CouncilTerm",
    "Decision",
    "DecisionCounter",
    "DecisionEvent",
    "DecisionRecipient",
    "DecisionSignature",
    "DecisionTemplate",
    "DisciplineRecord",
    "DocumentKind",
    "DocumentTemplate",
    "Dossier",
    "DossierEvent",
    "HistoryImport",
    "HistoryImportRow",
    "Holiday",
    "Initiative",
    "LegalCitation",
    "Meeting",
    "MeetingDocumentRead",
    "MeetingEvent",
    "Nomination",
    "NomineeImport",
    "PendingMatter",
    "ProcessingRule",
    "PublicComment",
    "RecipientKind",
    "Recusal",
    "RegisterCounter",
    "RewardCoefficient",
    "Rule",
    "RuleSet",
    "SubmissionDeadline",
    "TaskRating",
]
