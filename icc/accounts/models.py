"""People, the roles they hold in the network, invitations and API tokens."""

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        """Create a person who signs in with ``email``."""
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        """Create a technical administrator (not a network role)."""
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in with their e-mail address."""

    class NotificationFrequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("One mail for each notification, straight away")
        DAILY = "daily", _("One mail a day listing the notifications not yet read")

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    notification_frequency = models.CharField(
        _("notification mails"),
        max_length=12,
        choices=NotificationFrequency.choices,
        default=NotificationFrequency.IMMEDIATELY,
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """What a person may do in the network; city and network roles carry a scope."""

    SECRETARIAT = "secretariat", _("Secretariat")
    CITY_COORDINATOR = "city_coordinator", _("City coordinator")
    CITY_EDITOR = "city_editor", _("City editor")
    NETWORK_COORDINATOR = "network_coordinator", _("National network coordinator")
    EXPERT = "expert", _("Expert")
    # Scoped to one organisation by the certification app's Representative record, which
    # points to this grant (decision 0048): the grant itself carries no city or network.
    NGO_REPRESENTATIVE = "ngo_representative", _("NGO representative")


CITY_ROLES = frozenset({Role.CITY_COORDINATOR, Role.CITY_EDITOR})
NETWORK_ROLES = frozenset({Role.NETWORK_COORDINATOR})
GLOBAL_ROLES = frozenset({Role.SECRETARIAT, Role.EXPERT})
# Given only through the certification app, with the organisation it is for.
ORGANISATION_ROLES = frozenset({Role.NGO_REPRESENTATIVE})


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self) -> "RoleGrantQuerySet":
        """Return the grants not withdrawn."""
        return self.filter(revoked_at__isnull=True)


def _scope_constraint() -> Q:
    city_roles = sorted(role.value for role in CITY_ROLES)
    network_roles = sorted(role.value for role in NETWORK_ROLES)
    return (
        Q(role__in=city_roles, city__isnull=False, national_network__isnull=True)
        | Q(role__in=network_roles, city__isnull=True, national_network__isnull=False)
        | (
            ~Q(role__in=city_roles + network_roles)
            & Q(city__isnull=True, national_network__isnull=True)
        )
    )


class RoleGrant(models.Model):
    """Give a person a role, scoped to one city or one national network where the role needs it."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Referenced by name: accounts never imports the network app's code.
    city = models.ForeignKey(
        "network.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )
    national_network = models.ForeignKey(
        "network.NationalNetwork",
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.CheckConstraint(
                condition=_scope_constraint(), name="role_grant_scope_matches_role"
            ),
            # One role per person per city: a second invitation changes nothing behind
            # the secretariat's back; a role is changed, not added (decision 0016).
            models.UniqueConstraint(
                fields=["user", "city"],
                condition=Q(revoked_at__isnull=True, city__isnull=False),
                name="one_active_role_per_city",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "national_network"],
                condition=Q(revoked_at__isnull=True, national_network__isnull=False),
                name="one_active_network_grant",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(
                    revoked_at__isnull=True, city__isnull=True, national_network__isnull=True
                ),
                name="one_active_global_grant",
            ),
        ]

    def __str__(self) -> str:
        scope = self.city or self.national_network
        return f"{self.get_role_display()} ({scope})" if scope else self.get_role_display()


def _invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


def hash_token(token: str) -> str:
    """Return the stored form of a secret token; the token itself is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> "InvitationQuerySet":
        """Return invitations neither accepted, withdrawn nor expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """Invite a person, by e-mail, to take a role in the network."""

    email = models.EmailField(_("e-mail address"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(
        _("language of the invitation"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    city = models.ForeignKey(
        "network.City", verbose_name=_("city"), null=True, blank=True, on_delete=models.CASCADE
    )
    national_network = models.ForeignKey(
        "network.NationalNetwork",
        verbose_name=_("national network"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=_scope_constraint(), name="invitation_scope_matches_role"
            )
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @staticmethod
    def new_token() -> str:
        """Return a fresh secret for an invitation link."""
        return secrets.token_urlsafe(32)


class ApiToken(models.Model):
    """Let a program act for a person through the API; only a hash of the key is kept."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("starts with"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> "NotificationQuerySet":
        """Return the notifications not read yet."""
        return self.filter(read_at__isnull=True)

    def unmailed(self) -> "NotificationQuerySet":
        """Return the notifications no mail has told of yet."""
        return self.filter(mailed_at__isnull=True)


class Notification(models.Model):
    """Tell one person that something concerning them happened, with a link to it.

    The message is stored as its kind and parameters, not as text: it is written
    in the reader's language each time it is shown or mailed
    (``icc.accounts.notifications``).
    """

    recipient = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # A path under the default language's prefix; shown in the reader's language.
    link = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The header's unread count and the list, for one person.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
