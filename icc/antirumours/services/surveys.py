"""Writes of perception surveys: instruments, waves and their design, answers in three ways.

Answers come through a public link (one answer per link, no account), a paper form typed
in by an agent, or a CSV file imported all-or-nothing. They are all cleaned by
``clean_answer``, so the three doors accept and refuse the same values. An answer keeps
the respondent's cell (district, age group, gender) and the values: no personal data.
"""

import contextlib
import csv
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from icc.accounts.actors import Actor
from icc.antirumours.models import (
    AGE_GROUPS,
    GENDERS,
    Answer,
    Campaign,
    District,
    Item,
    Quota,
    Rumour,
    Strategy,
    Survey,
    Tally,
    Token,
    Wave,
)
from icc.antirumours.permissions import can_edit_strategy, require
from icc.core.activity import record_activity
from icc.core.versions import VersionConflict, advance_version

GENDER_CODES = tuple(code for code, _label in GENDERS)
MAX_TOKENS = 5000
MAX_IMPORT_ROWS = 20000
YES = {"yes": True, "oui": True, "1": True, "no": False, "non": False, "0": False}


def parse_items(text: str) -> list[dict[str, Any]]:
    """Read one item a line: ``kind | code | English text | French text [| rumour number]``.

    ``kind`` is ``likert`` (agreement from 1 to 5) or ``yes_no``; the optional last part is
    the number of the published catalogue rumour the item measures.
    """
    items, errors, codes = [], [], set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        rumour = ""
        if len(parts) == 5:
            rumour = parts.pop()
        if len(parts) != 4 or not all(parts):
            errors.append(
                _("Line %(line)s: write kind | code | English text | French text.")
                % {"line": number}
            )
            continue
        kind, code, text_en, text_fr = parts
        if kind not in (Item.Kind.LIKERT, Item.Kind.YES_NO):
            errors.append(_("Line %(line)s: the kind is likert or yes_no.") % {"line": number})
        elif code in codes or not code.replace("_", "").replace("-", "").isalnum():
            errors.append(
                _("Line %(line)s: each item needs its own code, letters and digits.")
                % {"line": number}
            )
        codes.add(code)
        found = None
        if rumour:
            found = Rumour.objects.filter(
                pk=int(rumour) if rumour.isdigit() else 0, status=Rumour.Status.PUBLISHED
            ).first()
            if found is None:
                errors.append(
                    _("Line %(line)s: no published catalogue rumour has the number %(number)s.")
                    % {"line": number, "number": rumour[:12]}
                )
        items.append(
            {
                "kind": kind,
                "code": code[:30],
                "text_en": text_en,
                "text_fr": text_fr,
                "rumour": found,
            }
        )
    if errors:
        raise ValidationError({"items": errors})
    if not items:
        raise ValidationError({"items": _("Write at least one item.")})
    return items


def create_survey(
    strategy: Strategy,
    *,
    by: Actor | None,
    title: str,
    introduction: str,
    items: str,
    district: District | None = None,
) -> Survey:
    """Create a survey instrument with its items, of the whole city or of one district."""
    require(can_edit_strategy(by, strategy.city))
    if district is not None and district.strategy_id != strategy.pk:
        raise ValidationError({"district": _("Choose one of the city's districts.")})
    parsed = parse_items(items)
    with transaction.atomic():
        survey = Survey.objects.create(
            strategy=strategy, district=district, title=title, introduction=introduction
        )
        Item.objects.bulk_create([Item(survey=survey, **item) for item in parsed])
        record_activity(by, "antirumours.survey.added", survey, about=strategy.city)
    return survey


def has_answers(survey: Survey) -> bool:
    """Return whether a wave of the survey holds an answer: its items are then fixed."""
    return Answer.objects.filter(wave__survey=survey).exists()


ITEM_FIELDS = ("kind", "code", "text_en", "text_fr", "rumour")


def _clean_item(survey: Survey, fields: Mapping[str, Any], *, item: Item | None) -> None:
    """Refuse an item once the survey has answers, a code taken, an unpublished rumour."""
    if has_answers(survey):
        raise ValidationError(
            _("The survey has answers: its items can no longer change. Create a new survey.")
        )
    code = str(fields.get("code") or "")
    if not code or not code.replace("_", "").replace("-", "").isalnum():
        raise ValidationError({"code": _("Each item needs its own code, letters and digits.")})
    others = survey.items.exclude(pk=item.pk) if item is not None else survey.items.all()
    if others.filter(code=code).exists():
        raise ValidationError({"code": _("Another item of the survey has this code.")})
    if fields.get("kind") not in (Item.Kind.LIKERT, Item.Kind.YES_NO):
        raise ValidationError({"kind": _("The kind is likert or yes_no.")})
    if not str(fields.get("text_en") or "").strip() or not str(fields.get("text_fr") or "").strip():
        raise ValidationError(_("Write the item in English and in French."))
    rumour = fields.get("rumour")
    if rumour is not None and rumour.status != Rumour.Status.PUBLISHED:
        raise ValidationError({"rumour": _("Choose a published catalogue rumour.")})


def add_item(survey: Survey, *, by: Actor | None, **fields: Any) -> Item:
    """Add an item to a survey that has no answer yet."""
    require(can_edit_strategy(by, survey.strategy.city))
    with transaction.atomic():
        _lock_wave_rows(survey)
        _clean_item(survey, fields, item=None)
        item = Item.objects.create(survey=survey, **{k: fields.get(k) for k in ITEM_FIELDS})
        record_activity(by, "antirumours.survey.changed", survey, about=survey.strategy.city)
    return item


def update_item(
    item: Item, *, by: Actor | None, expected_version: int | None, **fields: Any
) -> Item:
    """Change an item of a survey that has no answer yet; a stale copy raises
    ``VersionConflict``."""
    survey = item.survey
    require(can_edit_strategy(by, survey.strategy.city))
    with transaction.atomic():
        if not advance_version(Item, item.pk, expected=expected_version):
            stored = Item.objects.get(pk=item.pk)
            raise VersionConflict(
                mine=fields,
                theirs={name: getattr(stored, name) for name in fields},
                version=stored.version,
            )
        _lock_wave_rows(survey)
        _clean_item(survey, fields, item=item)
        for name in ITEM_FIELDS:
            if name in fields:
                setattr(item, name, fields[name])
        item.version = (expected_version or item.version) + 1
        item.save()
        record_activity(by, "antirumours.survey.changed", survey, about=survey.strategy.city)
    return item


def remove_item(item: Item, *, by: Actor | None) -> None:
    """Remove an item of a survey that has no answer yet (a survey keeps one item at least)."""
    survey = item.survey
    require(can_edit_strategy(by, survey.strategy.city))
    with transaction.atomic():
        _lock_wave_rows(survey)
        if has_answers(survey):
            raise ValidationError(
                _("The survey has answers: its items can no longer change. Create a new survey.")
            )
        if survey.items.count() <= 1:
            raise ValidationError(_("A survey keeps one item at least."))
        item.delete()
        record_activity(by, "antirumours.survey.changed", survey, about=survey.strategy.city)


def _lock_wave_rows(survey: Survey) -> None:
    """Lock the survey's waves, as saving an answer does: no answer lands mid-change."""
    list(Wave.objects.select_for_update().filter(survey=survey).values_list("pk", flat=True))


def parse_quotas(text: str, strategy: Strategy) -> list[Quota]:
    """Read one cell a line: ``district; age group; gender; number of answers``.

    The district may be left empty for the whole city.
    """
    districts = {d.name.casefold(): d for d in strategy.districts.all()}
    quotas, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        if len(parts) != 4:
            errors.append(
                _("Line %(line)s: write district; age group; gender; number.") % {"line": number}
            )
            continue
        name, age, gender, target = parts
        district = districts.get(name.casefold()) if name else None
        if name and district is None:
            errors.append(_("Line %(line)s: no district of that name.") % {"line": number})
        if age not in AGE_GROUPS or gender not in GENDER_CODES:
            errors.append(
                _("Line %(line)s: age groups are %(ages)s; genders are %(genders)s.")
                % {
                    "line": number,
                    "ages": ", ".join(AGE_GROUPS),
                    "genders": ", ".join(GENDER_CODES),
                }
            )
        if not target.isdigit() or int(target) == 0:
            errors.append(
                _("Line %(line)s: the number is a whole number above 0.") % {"line": number}
            )
            continue
        quotas.append(Quota(district=district, age_group=age, gender=gender, target=int(target)))
    if errors:
        raise ValidationError({"quotas": errors})
    return quotas


def create_wave(
    survey: Survey,
    *,
    by: Actor | None,
    label: str,
    fielded_on: date,
    campaign: Campaign | None,
    quotas: str,
    links: int,
) -> Wave:
    """Open a wave with its design (quotas) and ``links`` single-use answer links."""
    strategy = survey.strategy
    require(can_edit_strategy(by, strategy.city))
    if campaign is not None and campaign.strategy_id != strategy.pk:
        raise ValidationError({"campaign": _("Choose one of the city's campaigns.")})
    if not 0 <= links <= MAX_TOKENS:
        raise ValidationError({"links": _("Between 0 and %(max)s links.") % {"max": MAX_TOKENS}})
    cells = parse_quotas(quotas, strategy)
    with transaction.atomic():
        wave = Wave.objects.create(
            survey=survey, label=label, fielded_on=fielded_on, campaign=campaign
        )
        for cell in cells:
            cell.wave = wave
        Quota.objects.bulk_create(cells)
        issue_links(wave, links)
        record_activity(by, "antirumours.wave.added", wave, about=strategy.city)
    return wave


def issue_links(wave: Wave, count: int) -> None:
    """Create ``count`` single-use answer links for the wave."""
    Token.objects.bulk_create([Token(wave=wave, key=_new_key()) for _i in range(count)])


def _new_key() -> str:
    import secrets

    return secrets.token_urlsafe(16)


def clean_answer(wave: Wave, data: Mapping[str, Any], *, items: list[Item] | None = None) -> Answer:
    """Return the unsaved answer ``data`` gives, or raise ``ValidationError`` listing why not.

    ``data`` holds ``district`` (a name, or empty), ``age_group``, ``gender`` and one value
    per item code: 1 to 5 for agreement, yes/no (or oui/non, 1/0) for yes/no; an empty
    value is a question left unanswered.
    """
    items = items if items is not None else list(wave.survey.items.all())
    errors: list[str] = []
    district = None
    name = str(data.get("district") or "").strip()
    if name:
        district = next((d for d in _districts(wave) if d.name.casefold() == name.casefold()), None)
        if district is None:
            errors.append(_("No district is called “%(name)s”.") % {"name": name})
    age = str(data.get("age_group") or "").strip()
    gender = str(data.get("gender") or "").strip()
    if age not in AGE_GROUPS:
        errors.append(_("Choose an age group: %(ages)s.") % {"ages": ", ".join(AGE_GROUPS)})
    if gender not in GENDER_CODES:
        errors.append(_("Choose a gender: %(genders)s.") % {"genders": ", ".join(GENDER_CODES)})
    values: dict[str, int] = {}
    for item in items:
        raw = str(data.get(item.code) or "").strip().lower()
        if not raw:
            continue
        if item.kind == Item.Kind.LIKERT:
            if raw not in {"1", "2", "3", "4", "5"}:
                errors.append(
                    _("“%(item)s”: the answer is a number from 1 to 5, not “%(value)s”.")
                    % {"item": item.code, "value": raw[:20]}
                )
                continue
            values[item.code] = int(raw)
        else:
            if raw not in YES:
                errors.append(
                    _("“%(item)s”: the answer is yes or no, not “%(value)s”.")
                    % {"item": item.code, "value": raw[:20]}
                )
                continue
            values[item.code] = int(YES[raw])
    if errors:
        raise ValidationError(errors)
    return Answer(wave=wave, district=district, age_group=age, gender=gender, values=values)


def _districts(wave: Wave) -> list[District]:
    cached = getattr(wave, "_district_list", None)
    if cached is None:
        cached = list(District.objects.filter(strategy_id=wave.survey.strategy_id))
        wave._district_list = cached  # type: ignore[attr-defined]
    return cached


# Tallies (decision 0066) ---------------------------------------------------------------------

TallyKey = tuple[str, int | None, str, str, int]


def _tally_keys(answers: Iterable[Answer]) -> Counter[TallyKey]:
    counts: Counter[TallyKey] = Counter()
    for answer in answers:
        cell = (answer.district_id, answer.age_group, answer.gender)
        counts[("", *cell, 0)] += 1
        for code, value in answer.values.items():
            counts[(code, *cell, int(value))] += 1
    return counts


def count_answers(wave: Wave, answers: list[Answer]) -> None:
    """Add saved ``answers`` of ``wave`` to its tallies; call it in the saving transaction.

    The wave's row is locked first, so two transactions adding to the same tallies run one
    after the other (SQLite writes one transaction at a time anyway).
    """
    added = _tally_keys(answers)
    if not added:
        return
    list(Wave.objects.select_for_update().filter(pk=wave.pk).values_list("pk", flat=True))
    rows = Tally.objects.filter(wave=wave)
    if len(answers) == 1:
        only = answers[0]
        rows = rows.filter(district=only.district, age_group=only.age_group, gender=only.gender)
    existing = {
        (t.item_code, t.district_id, t.age_group, t.gender, t.level): t
        for t in rows.filter(item_code__in={key[0] for key in added})
    }
    changed, new = [], []
    for key, count in added.items():
        tally = existing.get(key)
        if tally is None:
            code, district, age, gender, level = key
            new.append(
                Tally(
                    wave=wave,
                    item_code=code,
                    district_id=district,
                    age_group=age,
                    gender=gender,
                    level=level,
                    count=count,
                )
            )
        else:
            tally.count += count
            changed.append(tally)
    Tally.objects.bulk_update(changed, ["count"], batch_size=500)
    Tally.objects.bulk_create(new, batch_size=500)


def recount_answers(wave: Wave) -> int:
    """Count the wave's tallies again from all its answers; return the number of rows.

    For answers written outside the services (a bulk load); the services keep the tallies.
    """
    with transaction.atomic():
        list(Wave.objects.select_for_update().filter(pk=wave.pk).values_list("pk", flat=True))
        Tally.objects.filter(wave=wave).delete()
        counts: Counter[TallyKey] = Counter()
        rows = Answer.objects.filter(wave=wave).values_list(
            "district_id", "age_group", "gender", "values"
        )
        for district, age, gender, values in rows.iterator(chunk_size=5000):
            cell = (district, age, gender)
            counts[("", *cell, 0)] += 1
            for code, value in values.items():
                counts[(code, *cell, int(value))] += 1
        Tally.objects.bulk_create(
            (
                Tally(
                    wave=wave,
                    item_code=code,
                    district_id=district,
                    age_group=age,
                    gender=gender,
                    level=level,
                    count=count,
                )
                for (code, district, age, gender, level), count in counts.items()
            ),
            batch_size=1000,
        )
    return len(counts)


class LinkUsed(Exception):
    """The answer link was used already: an answer per link."""


def answer_with_link(key: str, data: Mapping[str, Any]) -> Answer:
    """Save a respondent's answer through a single-use link; a used link raises ``LinkUsed``.

    The link is marked used in the same conditional statement that checks it, so two
    answers sent at once with one link save one answer.
    """
    token = Token.objects.select_related("wave__survey__strategy").filter(key=key).first()
    if token is None:
        raise Token.DoesNotExist
    answer = clean_answer(token.wave, data)
    with transaction.atomic():
        if not Token.objects.filter(pk=token.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        ):
            raise LinkUsed
        answer.source = Answer.Source.LINK
        answer.token = token
        try:
            with transaction.atomic():
                answer.save()
        except IntegrityError as error:
            raise LinkUsed from error
        count_answers(token.wave, [answer])
    return answer


def enter_paper_answer(wave: Wave, *, by: Actor | None, data: Mapping[str, Any]) -> Answer:
    """Save an answer given on paper, typed in by an agent or the city's staff."""
    require(can_edit_strategy(by, wave.survey.strategy.city))
    answer = clean_answer(wave, data)
    with transaction.atomic():
        answer.source = Answer.Source.PAPER
        answer.save()
        count_answers(wave, [answer])
        record_activity(by, "antirumours.answers.entered", wave, about=wave.survey.strategy.city)
    return answer


def import_answers(wave: Wave, *, by: Actor | None, content: bytes) -> int:
    """Import a CSV of answers, all or nothing; raise ``ValidationError`` with every problem.

    Columns: ``district``, ``age_group``, ``gender`` and one per item code.
    """
    require(can_edit_strategy(by, wave.survey.strategy.city))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("The file is not UTF-8 text: save it as CSV UTF-8.")) from error
    dialect = csv.excel
    with contextlib.suppress(csv.Error):
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")  # type: ignore[assignment]
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    items = list(wave.survey.items.all())
    needed = ["district", "age_group", "gender", *(item.code for item in items)]
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [name for name in needed if name not in columns]
    if missing:
        raise ValidationError(
            _("Columns missing from the file: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    answers: list[Answer] = []
    errors: list[str] = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_IMPORT_ROWS:
            raise ValidationError(
                _("The file has more than %(max)s answers: split it.") % {"max": MAX_IMPORT_ROWS}
            )
        row = {(key or "").strip(): value for key, value in row.items()}
        try:
            answer = clean_answer(wave, row, items=items)
        except ValidationError as error:
            errors.extend(
                _("Line %(line)s: %(problem)s") % {"line": number, "problem": message}
                for message in error.messages
            )
            continue
        answer.source = Answer.Source.IMPORT
        answers.append(answer)
    if errors:
        raise ValidationError(errors[:50] + ([_("… and more.")] if len(errors) > 50 else []))
    if not answers:
        raise ValidationError(_("The file holds no answer."))
    with transaction.atomic():
        Answer.objects.bulk_create(answers, batch_size=1000)
        count_answers(wave, answers)
        record_activity(by, "antirumours.answers.imported", wave, about=wave.survey.strategy.city)
    return len(answers)
