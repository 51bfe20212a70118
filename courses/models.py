import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from courses.fields import OrderField
from courses.managers import (
    ContentQuerySet,
    CourseManager,
    ModuleQuerySet,
    SubjectQuerySet,
)
from courses.validators import (
    validate_image_pixels,
    validate_upload_size,
    validate_video_url,
    video_embed_url,
)

# The kinds of content a module can hold: the model names of the item models.
CONTENT_KINDS = ("text", "file", "image", "video", "quiz")
# Course slugs that would shadow the CMS pages under /course/.
RESERVED_SLUGS = {"mine", "create", "module", "content"}
SLUG_TAIL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def new_revision() -> int:
    """A course's next revision: random, so that a course id that comes back
    (a reset database) never meets the entries of the course it was before."""
    return secrets.randbits(62)


def validate_course_slug(slug: str) -> None:
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            "“%(slug)s” is reserved; choose another slug.",
            code="reserved",
            params={"slug": slug},
        )


class Subject(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course_list_subject", args=[self.slug])


class Course(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="courses_created",
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        blank=True,
        validators=[validate_course_slug],
        help_text="Leave empty to make one from the title.",
    )
    overview = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="courses_joined", blank=True
    )
    # Renewed, in the same transaction, by every change to what the course's
    # cached entries show (courses.caching): their keys embed it.
    revision = models.BigIntegerField(default=new_revision, editable=False)
    # Catalogue search on PostgreSQL (courses.search): the title, overview, module
    # titles and instructor's names, weighted, behind a GIN index; kept current in
    # the same transaction as any change to them. NULL and unused elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CourseManager()

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.revision = new_revision()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        if self.slug:
            return super().save(*args, **kwargs)
        self.slug = self._unique_slug()
        try:
            with transaction.atomic():  # a savepoint, to try again after a clash
                return super().save(*args, **kwargs)
        except IntegrityError:
            if not Course.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                self.slug = ""
                raise  # not the slug
        # A concurrent save took the same slug between the check and the insert:
        # a random tail cannot clash again with the other racers' choices.
        self.slug = self._unique_slug(tail=get_random_string(6, SLUG_TAIL_CHARS))
        return super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:course_detail", args=[self.slug])

    def _unique_slug(self, tail: str = "") -> str:
        base = slugify(self.title)[:180] or "course"
        base = f"{base}-{tail}" if tail else base
        taken = set(
            Course.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken or slug in RESERVED_SLUGS:
            slug, n = f"{base}-{n}", n + 1
        return slug


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = OrderField(blank=True, for_fields=["course"])

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:module_content_list", args=[self.pk])


class Content(models.Model):
    """A module's slot holding one item of any kind (text, file, image, video)."""

    module = models.ForeignKey(
        Module, on_delete=models.CASCADE, related_name="contents"
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.CASCADE,
        limit_choices_to={"app_label": "courses", "model__in": CONTENT_KINDS},
    )
    object_id = models.PositiveIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    order = OrderField(blank=True, for_fields=["module"])

    objects = ContentQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}"


class ItemBase(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="%(class)s_related",
    )
    title = models.CharField(max_length=250)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Deleting an item removes the module slots that show it.
    contents = GenericRelation(Content)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def kind(self) -> str:
        return self._meta.model_name  # type: ignore[return-value]  # set for any model

    def render(self) -> str:
        """The item as HTML, through `courses/content/<kind>.html`."""
        return render_to_string(f"courses/content/{self.kind}.html", {"item": self})


class Text(ItemBase):
    content = models.TextField()


class File(ItemBase):
    file = models.FileField(upload_to="files", validators=[validate_upload_size])


class Image(ItemBase):
    file = models.ImageField(upload_to="images", validators=[validate_upload_size])

    def clean(self):
        # Here rather than in `validators`, which would need a migration; the CMS
        # form checks first, this covers the admin and the services' full_clean().
        super().clean()
        try:
            validate_image_pixels(self.file)
        except ValidationError as error:
            raise ValidationError({"file": error}) from None


class Video(ItemBase):
    url = models.URLField(
        "video address",
        validators=[validate_video_url],
        help_text="A YouTube or Vimeo address.",
    )

    @property
    def embed_url(self) -> str:
        return video_embed_url(self.url) or ""


# The quiz's limits, shared by its fields and the text format's parser
# (courses.quiz_text), so that the parser's errors come before the database's.
QUIZ_MAX_QUESTIONS = 100
QUESTION_MAX_CHOICES = 20
QUESTION_TEXT_MAX_LENGTH = 1000
CHOICE_TEXT_MAX_LENGTH = 500


class Quiz(ItemBase):
    """A graded set of questions (the fifth kind of content, issue 18).

    Its questions are written as text (courses.quiz_text) and replaced as a whole
    (courses.services.quiz_questions_replace); students' attempts live in students.
    """

    pass_mark = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The score, in percent, that passes the quiz.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Leave empty for unlimited attempts.",
    )

    class Meta:
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_mark__gte=1, pass_mark__lte=100),
                name="courses_quiz_pass_mark_1_100",
            ),
            models.CheckConstraint(
                condition=models.Q(max_attempts__isnull=True)
                | models.Q(max_attempts__gte=1),
                name="courses_quiz_max_attempts_at_least_1",
            ),
        ]


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=QUESTION_TEXT_MAX_LENGTH)
    order = models.PositiveSmallIntegerField()
    # More than one correct choice: answered with checkboxes, right only for
    # exactly the correct set. Derived from the choices by the parser.
    multiple = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "order"], name="courses_question_order_unique"
            )
        ]

    def __str__(self):
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    text = models.CharField(max_length=CHOICE_TEXT_MAX_LENGTH)
    order = models.PositiveSmallIntegerField()
    correct = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "order"], name="courses_choice_order_unique"
            )
        ]

    def __str__(self):
        return self.text
