"""Sign-off workflow and role permissions: who may do what to a report in which status.

Pure rules, no storage.  The store's services call :func:`check` before every
action and :func:`next_status` to move a report along::

    draft --(resident signs)--> preliminary --(radiologist signs)--> final
    draft --(radiologist signs)--> final --(signed addendum)--> amended (--> amended ...)
    draft --(discard, with a reason)--> discarded

A final (or amended) report's content never changes: the only action that
touches it is a signed addendum, which is appended, never merged into the text.
"""

from __future__ import annotations

from enum import StrEnum

from radreport.domain.report import ReportStatus


class Role(StrEnum):
    RADIOLOGIST = "radiologist"
    RESIDENT = "resident"
    SECRETARY = "secretary"
    ADMIN = "admin"


class Action(StrEnum):
    VIEW = "view"
    SEARCH = "search"
    CREATE = "create"
    EDIT = "edit"
    SIGN_PRELIMINARY = "sign_preliminary"
    SIGN_FINAL = "sign_final"
    ADDEND = "addend"
    DISCARD = "discard"
    EXPORT = "export"
    RECORD_DELIVERY = "record_delivery"
    MANAGE_USERS = "manage_users"
    AUDIT = "audit"


class PermissionDenied(Exception):
    """The acting user's role may not do this (the message says why, for people)."""


class WorkflowError(Exception):
    """The report's status does not allow this action (e.g. editing a final report)."""


SIGNED = frozenset({ReportStatus.PRELIMINARY, ReportStatus.FINAL, ReportStatus.AMENDED})
LOCKED = frozenset({ReportStatus.FINAL, ReportStatus.AMENDED})  # content frozen for good
ANY = frozenset(ReportStatus)

# Which roles may ever perform an action (status aside).
_ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.RADIOLOGIST: frozenset(
        {
            Action.VIEW,
            Action.SEARCH,
            Action.CREATE,
            Action.EDIT,
            Action.SIGN_FINAL,
            Action.ADDEND,
            Action.DISCARD,
            Action.EXPORT,
            Action.RECORD_DELIVERY,
        }
    ),
    Role.RESIDENT: frozenset(
        {
            Action.VIEW,
            Action.SEARCH,
            Action.CREATE,
            Action.EDIT,
            Action.SIGN_PRELIMINARY,
            Action.DISCARD,
            Action.EXPORT,
            Action.RECORD_DELIVERY,
        }
    ),
    # A secretary finds, views, exports and records delivery of final reports: nothing else.
    Role.SECRETARY: frozenset({Action.VIEW, Action.SEARCH, Action.EXPORT, Action.RECORD_DELIVERY}),
    # Administrators manage accounts and the audit trail; they do not read clinical content.
    Role.ADMIN: frozenset({Action.MANAGE_USERS, Action.AUDIT}),
}

# In which report statuses an action is possible at all (roles aside).
_ACTION_STATUSES: dict[Action, frozenset[ReportStatus]] = {
    Action.VIEW: ANY,
    Action.SEARCH: ANY,
    Action.EDIT: frozenset({ReportStatus.DRAFT, ReportStatus.PRELIMINARY}),
    Action.SIGN_PRELIMINARY: frozenset({ReportStatus.DRAFT}),
    Action.SIGN_FINAL: frozenset({ReportStatus.DRAFT, ReportStatus.PRELIMINARY}),
    Action.ADDEND: LOCKED,
    Action.DISCARD: frozenset({ReportStatus.DRAFT}),
    Action.EXPORT: SIGNED,
    Action.RECORD_DELIVERY: SIGNED,
}

# Narrower status sets for some roles.
_ROLE_STATUSES: dict[tuple[Role, Action], frozenset[ReportStatus]] = {
    (Role.SECRETARY, Action.VIEW): LOCKED,
    (Role.SECRETARY, Action.SEARCH): LOCKED,
    (Role.SECRETARY, Action.EXPORT): LOCKED,
    (Role.SECRETARY, Action.RECORD_DELIVERY): LOCKED,
    # A resident's preliminary is revised by the radiologist, not by the resident.
    (Role.RESIDENT, Action.EDIT): frozenset({ReportStatus.DRAFT}),
    (Role.RESIDENT, Action.EXPORT): frozenset({ReportStatus.PRELIMINARY}),
    (Role.RESIDENT, Action.RECORD_DELIVERY): frozenset({ReportStatus.PRELIMINARY}),
}

_TRANSITIONS: dict[Action, ReportStatus] = {
    Action.SIGN_PRELIMINARY: ReportStatus.PRELIMINARY,
    Action.SIGN_FINAL: ReportStatus.FINAL,
    Action.ADDEND: ReportStatus.AMENDED,
    Action.DISCARD: ReportStatus.DISCARDED,
}

_WHY_STATUS: dict[Action, str] = {
    Action.EDIT: "only a draft (or a preliminary, by a radiologist) can be edited; "
    "a final report can only be amended with a signed addendum",
    Action.SIGN_PRELIMINARY: "only a draft can be signed as preliminary",
    Action.SIGN_FINAL: "only a draft or a preliminary report can be signed as final",
    Action.ADDEND: "only a final report can be amended",
    Action.DISCARD: "only a draft can be discarded",
    Action.EXPORT: "only a signed report can be exported",
    Action.RECORD_DELIVERY: "only a signed report can be delivered",
}


def role_allows(role: Role, action: Action) -> bool:
    return action in _ROLE_ACTIONS[role]


def statuses_for(role: Role, action: Action) -> frozenset[ReportStatus]:
    """The report statuses in which ``role`` may perform ``action`` (empty: never)."""
    if not role_allows(role, action):
        return frozenset()
    base = _ACTION_STATUSES.get(action, ANY)
    return base & _ROLE_STATUSES.get((role, action), base)


def allowed(role: Role, action: Action, status: ReportStatus | None = None) -> bool:
    if not role_allows(role, action):
        return False
    return status is None or status in statuses_for(role, action)


def check(role: Role, action: Action, status: ReportStatus | None = None) -> None:
    """Raise :class:`PermissionDenied` or :class:`WorkflowError` with a reason people read."""
    if not role_allows(role, action):
        raise PermissionDenied(f"a {role.value} may not {action.value.replace('_', ' ')}")
    if status is None:
        return
    if status not in _ACTION_STATUSES.get(action, ANY):
        why = _WHY_STATUS.get(action, f"not possible on a {status.value} report")
        raise WorkflowError(f"the report is {status.value}: {why}")
    if status not in statuses_for(role, action):
        raise PermissionDenied(
            f"a {role.value} may not {action.value.replace('_', ' ')} a {status.value} report"
        )


def next_status(status: ReportStatus, action: Action) -> ReportStatus:
    """The status after ``action``; actions that do not move the report keep it."""
    return _TRANSITIONS.get(action, status)


def sign_action(role: Role) -> Action:
    """What signing means for this role: a resident signs preliminary, a radiologist final."""
    return Action.SIGN_PRELIMINARY if role is Role.RESIDENT else Action.SIGN_FINAL


# What a signature means, printed with it (21 CFR 11.50) in the report's language.
SIGNATURE_MEANINGS: dict[Action, dict[str, str]] = {
    Action.SIGN_PRELIMINARY: {
        "en": "Preliminary report, electronically signed",
        "fr": "Rapport préliminaire, signé électroniquement",
    },
    Action.SIGN_FINAL: {
        "en": "Final report, electronically signed",
        "fr": "Rapport final, signé électroniquement",
    },
    Action.ADDEND: {
        "en": "Addendum, electronically signed",
        "fr": "Addenda, signé électroniquement",
    },
}
SIGNATURE_MEANING: dict[Action, str] = {a: m["en"] for a, m in SIGNATURE_MEANINGS.items()}


def signature_meaning(action: Action, lang: str = "en") -> str:
    """The printed meaning of a signature, in the report language (English by default)."""
    return SIGNATURE_MEANINGS[action]["fr" if lang.lower().startswith("fr") else "en"]
