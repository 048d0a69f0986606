"""Every write of the Index, whatever the interface: pages, API, commands, demo and tests.

Each service checks the state first (``ValidationError`` when the response is not
in a state that allows the step) and then the person (``PermissionDenied``).
``by=None`` (or ``saved_by=None`` …) means the platform itself acting — a command,
the demo loader, a test building state — and skips the person check only.

The services live in one module per concept (editions, rounds, answers, review,
scores, imports); every one is importable from here.
"""

from icc.index.services.answers import (
    CHANGE_BURST,
    EVIDENCE_TYPES,
    MAX_EVIDENCE_TEXT,
    MAX_LINKS,
    UNCHANGED,
    AnswerConflict,
    add_evidence_file,
    clean_links,
    engine_answer,
    save_answer,
    save_answers,
    start_response,
    stored_value,
)
from icc.index.services.editions import (
    EditionCheck,
    Existing,
    check_edition_text,
    ensure_shipped_editions,
    load_edition_file,
    load_edition_text,
)
from icc.index.services.imports import (
    IMPORT_COLUMNS,
    IMPORT_OPTIONAL_COLUMNS,
    ImportReport,
    import_answers_csv,
)
from icc.index.services.review import (
    accept_answers,
    answers_to_review,
    give_consent,
    open_queries,
    publish_response,
    record_and_publish_answers,
    reply_to_query,
    review_answer,
    submit_response,
    validate_response,
)
from icc.index.services.rounds import open_round, request_network_reports
from icc.index.services.scores import compute_scores, engine_answers, member_for

__all__ = [
    "CHANGE_BURST",
    "EVIDENCE_TYPES",
    "IMPORT_COLUMNS",
    "IMPORT_OPTIONAL_COLUMNS",
    "MAX_EVIDENCE_TEXT",
    "MAX_LINKS",
    "UNCHANGED",
    "AnswerConflict",
    "EditionCheck",
    "Existing",
    "ImportReport",
    "accept_answers",
    "add_evidence_file",
    "answers_to_review",
    "check_edition_text",
    "clean_links",
    "compute_scores",
    "engine_answer",
    "engine_answers",
    "ensure_shipped_editions",
    "give_consent",
    "import_answers_csv",
    "load_edition_file",
    "load_edition_text",
    "member_for",
    "open_queries",
    "open_round",
    "publish_response",
    "record_and_publish_answers",
    "reply_to_query",
    "request_network_reports",
    "review_answer",
    "save_answer",
    "save_answers",
    "start_response",
    "stored_value",
    "submit_response",
    "validate_response",
]
