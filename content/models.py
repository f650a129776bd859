from django.db import models
from django.db.models import F, Q
from modeltranslation.utils import get_language as active_content_language


class Source(models.Model):
    """An article the library draws on; every prompt and practice names at least one."""

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    subtitle = models.CharField(max_length=200, blank=True)
    author = models.CharField(max_length=200, help_text="Author or publisher.")
    seed_file = models.CharField(max_length=100, help_text="The file in shared/seeds/.")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.full_title

    @property
    def full_title(self) -> str:
        return f"{self.title}: {self.subtitle}" if self.subtitle else self.title


class Dimension(models.Model):
    """Connection, communication, desire or obligation."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField()
    ideas = models.TextField(help_text="The ideas from the articles, for the public about page.")
    # Obligation is the one where a high score is a warning sign.
    higher_is_better = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, related_name="dimensions")

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class PromptQuerySet(models.QuerySet):
    def current(self) -> "PromptQuerySet":
        return self.filter(retired_at__isnull=True)

    def askable(self) -> "PromptQuerySet":
        return self.current().filter(is_active=True)


class Prompt(models.Model):
    """A question on a 1 to 5 scale. Its wording is never changed once answered: a new version
    (same slug, next number) replaces it and the old one is retired, so every answer keeps the
    exact text it answered.

    A pulse item is asked in every round, the same words each time, and only pulse answers are
    charted (docs/measurement.md); reflection questions rotate beside it and feed notes and
    suggestions."""

    class Kind(models.TextChoices):
        PULSE = "pulse", "Pulse item: asked every round, charted"
        REFLECTION = "reflection", "Reflection question: rotates, never charted"

    slug = models.SlugField(max_length=80, help_text="Stable across versions.")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        editable=False,
    )
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="prompts")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REFLECTION)
    text = models.CharField(max_length=200, verbose_name="question")
    help_text = models.CharField(max_length=300, blank=True)
    scale_low = models.CharField(max_length=40, verbose_name="label for 1")
    scale_2 = models.CharField(max_length=40, blank=True, verbose_name="label for 2")
    scale_mid = models.CharField(max_length=40, verbose_name="label for 3")
    scale_4 = models.CharField(max_length=40, blank=True, verbose_name="label for 4")
    scale_high = models.CharField(max_length=40, verbose_name="label for 5")
    not_applicable_label = models.CharField(
        max_length=60,
        blank=True,
        verbose_name='label for "does not apply"',
        help_text='Offered beside the scale when it is filled in, for example "It did not come '
        'up". Such an answer is kept and left out of every average.',
    )
    shared_by_default = models.BooleanField(
        default=True, help_text="Whether the share switch starts on. People can always change it."
    )
    support_at_lowest = models.BooleanField(
        default=False,
        verbose_name="lowest answer brings the support note",
        help_text="For questions about feeling safe or touch being welcome: a 1 shows the person "
        "the private support note at once, in place of any practice.",
    )
    is_active = models.BooleanField(default=True, verbose_name="active")
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, related_name="prompts")
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PromptQuerySet.as_manager()

    # The label of each point of the scale, 1 to 5.
    POINT_LABEL_FIELDS = ("scale_low", "scale_2", "scale_mid", "scale_4", "scale_high")
    SCALE_FIELDS = (*POINT_LABEL_FIELDS, "not_applicable_label")
    WORDING_FIELDS = ("text", "help_text", *SCALE_FIELDS)

    class Meta:
        ordering = ["dimension__order", "order", "slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="content_prompt_version"),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(retired_at__isnull=True),
                name="content_prompt_one_current_version",
            ),
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True) | Q(is_active=False),
                name="content_prompt_retired_is_inactive",
            ),
            # A chart follows one question per dimension.
            models.UniqueConstraint(
                fields=["dimension"],
                condition=Q(kind="pulse", retired_at__isnull=True),
                name="content_prompt_one_pulse_per_dimension",
            ),
            # A pulse item names every point of its scale, in English at least (a blank German
            # or Spanish label shows the English one). The `_en` columns are django-
            # modeltranslation's (content/translation.py): `scale_2` itself follows the active
            # language when saved, and an update of `scale_2` writes the active language's column.
            models.CheckConstraint(
                condition=~Q(kind="pulse")
                | (
                    Q(scale_2_en__isnull=False, scale_4_en__isnull=False)
                    & ~Q(scale_2_en="")
                    & ~Q(scale_4_en="")
                ),
                name="content_prompt_pulse_labels_every_point",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["pulse", "reflection"]), name="content_prompt_kind"
            ),
        ]
        indexes = [
            # Rotation picks among the askable prompts of one dimension.
            models.Index(
                fields=["dimension", "order"],
                condition=Q(retired_at__isnull=True, is_active=True),
                name="content_prompt_askable",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" (v{self.version})" if self.version > 1 else ""
        return f"{self.text}{suffix}"

    @property
    def is_pulse(self) -> bool:
        return self.kind == self.Kind.PULSE

    def in_language(self, field: str, language: str | None) -> str:
        """A wording field in `language` (the English where that translation is blank), or in
        the active language for None: `text` reads the active language's column by itself
        (content/translation.py)."""
        if language is None:
            return getattr(self, field)
        return getattr(self, f"{field}_{language}", None) or getattr(self, f"{field}_en") or ""

    def language_shown(self) -> str:
        """The language its question shows in now: the active one, or English where this
        version has no translation of it into that language (the page falls back to it)."""
        language = active_content_language()
        return language if getattr(self, f"text_{language}", None) else "en"

    def label_for(self, score: int | None, language: str | None = None) -> str:
        """The words of an answer: its point's label (or "" for an unlabelled point), or the
        "does not apply" label for no score; in `language` (see in_language)."""
        if score is None:
            return self.in_language("not_applicable_label", language)
        return self.scale_labels(language).get(score, "")

    def scale_labels(self, language: str | None = None) -> dict[int, str]:
        """The label of each point that has one (a pulse item labels all five)."""
        return {
            point: label
            for point, field in enumerate(self.POINT_LABEL_FIELDS, start=1)
            if (label := self.in_language(field, language))
        }


class Practice(models.Model):
    """Something a couple can try, suggested after a check-in when scores call for it."""

    class SuggestWhen(models.TextChoices):
        LOW = "low", "Score in the low band"
        HIGH = "high", "Score in the high band"
        ANY = "any", "Any score in the band"
        GAP = "gap", "Partners' shared scores differ by 2 or more"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    body = models.TextField(help_text="Markdown. HTML is removed when shown.")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="practices")
    suggest_when = models.CharField(max_length=10, choices=SuggestWhen.choices)
    score_min = models.DecimalField(max_digits=3, decimal_places=1, default=1)
    score_max = models.DecimalField(max_digits=3, decimal_places=1, default=5)
    minutes = models.PositiveSmallIntegerField(help_text="Estimated minutes.")
    is_active = models.BooleanField(default=True, verbose_name="active")
    sources = models.ManyToManyField(Source, related_name="practices")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["dimension__order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score_min__gte=1, score_max__lte=5, score_min__lte=F("score_max")),
                name="content_practice_band_within_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SafetyQuestion(models.Model):
    """A private question asked in every round of a linked couple: whether a "no" felt safe to
    say and was respected. Its answers never reach the partner by any path (they have no share
    switch); a worrying choice brings the person the support note at once."""

    slug = models.SlugField(max_length=80, unique=True)
    text = models.CharField(max_length=200, verbose_name="question")
    help_text = models.CharField(max_length=300, blank=True)
    is_active = models.BooleanField(default=True, verbose_name="active")
    order = models.PositiveSmallIntegerField(default=0)
    sources = models.ManyToManyField(Source, related_name="safety_questions")

    class Meta:
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.text


class SafetyChoice(models.Model):
    question = models.ForeignKey(SafetyQuestion, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    is_worrying = models.BooleanField(
        default=False, help_text="Choosing it shows the person the support note at once."
    )

    class Meta:
        ordering = ["question", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "label"], name="content_safetychoice_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class LocalResources(models.Model):
    """Help near the people who use this server (a helpline, a counselling service), set by
    an admin and shown in the support note and on the privacy page. One row at most."""

    text = models.TextField(
        blank=True,
        help_text="Markdown. For example the name and number of a national domestic-abuse or "
        "sexual-assault helpline, and a counselling service. HTML is removed when shown.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "local resources"
        verbose_name_plural = "local resources"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="content_localresources_one")]

    def __str__(self) -> str:
        return "Local resources"

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
