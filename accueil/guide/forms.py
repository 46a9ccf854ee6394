"""Forms of the guide editor: an article and its steps, a road map and its stages (formsets with extra empty
forms, no JavaScript)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Article, Audience, RoadMap, RoadMapStage, Status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _label(name: str) -> Any:
    field = Article._meta.get_field(name)
    return capfirst(getattr(field, "verbose_name", name))


def category_choices() -> list[tuple[str, str]]:
    """The directory's categories, sub-categories shown under their parent ("Health › Mental health")."""
    from accueil.directory.categories import CATEGORY_TREE

    choices: list[tuple[str, str]] = [("", str(pgettext_lazy("directory category", "None")))]
    for code, (name, parent) in CATEGORY_TREE.items():
        label = f"{CATEGORY_TREE[parent][0]} › {name}" if parent in CATEGORY_TREE else str(name)
        choices.append((code, label))
    return choices


# The guide is written in French whatever the language of the editor's interface.
FRENCH_TEXT = {"lang": "fr", "dir": "auto"}


class EditorForm(forms.Form):
    """A form of the guide editor: its ``french_fields`` are marked as French text, and ``initial_for`` reads
    the ``initial_fields`` of the item being edited."""

    french_fields: ClassVar[tuple[str, ...]] = ()
    initial_fields: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.french_fields:
            self.fields[name].widget.attrs.update(FRENCH_TEXT)

    @classmethod
    def initial_for(cls, item: Any) -> dict[str, Any]:
        return {name: getattr(item, name) for name in cls.initial_fields}


class ArticleForm(EditorForm):
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        help_text=_("The end of the article's web address: lower-case letters, digits and hyphens, e.g. sante."),
    )
    title = forms.CharField(label=_label("title"), max_length=200)
    summary = forms.CharField(
        label=_label("summary"), max_length=600, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(label=_label("body"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 14}))
    category_code = forms.ChoiceField(label=_("Theme (directory category)"), required=False, choices=category_choices)
    statuses = forms.MultipleChoiceField(
        label=_("Situations concerned"), required=False, choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), required=False, choices=Audience.choices, widget=forms.CheckboxSelectMultiple
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0, help_text=_("Smaller numbers come first.")
    )
    published = forms.BooleanField(label=_("Published (shown to the public)"), required=False)
    mark_reviewed = forms.BooleanField(label=_("Mark as reviewed today"), required=False)

    french_fields = ("title", "summary", "body")
    initial_fields = ("slug", "title", "summary", "body", "category_code", "order", "published")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false", "dir": "ltr"})

    @classmethod
    def initial_for(cls, item: Article) -> dict[str, Any]:
        return super().initial_for(item) | {
            "statuses": list(item.statuses or []),
            "audiences": list(item.audiences or []),
        }


class StepForm(EditorForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Step title"), max_length=200)
    body = forms.CharField(
        label=_("What to do"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    service_category_code = forms.ChoiceField(
        label=_("Services that carry it out (directory category)"), required=False, choices=category_choices
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, required=False)

    french_fields = ("title", "body")
    initial_fields = ("id", "title", "body", "service_category_code", "order")


class ChildFormSet(forms.BaseFormSet):
    """The children of an article or a road map: three empty forms to add some, a checkbox to delete one."""

    deletion_widget = forms.CheckboxInput
    delete_label: StrOrPromise = ""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label


def child_formset(form: type[forms.Form], *, delete_label: StrOrPromise) -> type[forms.BaseFormSet]:
    base = type(f"{form.__name__}Base", (ChildFormSet,), {"delete_label": delete_label})
    return forms.formset_factory(form, formset=base, extra=3, can_delete=True, max_num=60)


StepFormSet = child_formset(StepForm, delete_label=_("Delete this step"))


# --- Road maps ---


class RoadMapForm(EditorForm):
    status = forms.ChoiceField(
        label=_("Situation"),
        choices=Status.choices,
        help_text=_("One road map per situation; its public page is at the address of the situation."),
    )
    title = forms.CharField(label=capfirst(RoadMap._meta.get_field("title").verbose_name), max_length=200)
    summary = forms.CharField(
        label=capfirst(RoadMap._meta.get_field("summary").verbose_name),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    order = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=32767, initial=0, help_text=_("Smaller numbers come first.")
    )

    french_fields = ("title", "summary")
    initial_fields = ("status", "title", "summary", "order")


def article_link_choices(articles: list[tuple[int, str, bool]]) -> list[tuple[str, str]]:
    """Choices of the article a stage points to: none, then the city's articles, drafts marked as such."""
    choices: list[tuple[str, str]] = [("", str(pgettext_lazy("linked article", "None")))]
    for pk, title, published in articles:
        label = title if published else _("%(title)s (draft)") % {"title": title}
        choices.append((str(pk), str(label)))
    return choices


class StageForm(EditorForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Stage title"), max_length=200)
    body = forms.CharField(
        label=_("What happens at this stage"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    article = forms.TypedChoiceField(
        label=_("Article of the guide to read"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose an article of the guide, or none.")},
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, required=False)

    french_fields = ("title", "body")
    initial_fields = ("id", "title", "body", "order")

    def __init__(self, *args: Any, article_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["article"])
        field.choices = article_choices or [("", str(pgettext_lazy("linked article", "None")))]

    @classmethod
    def initial_for(cls, item: RoadMapStage) -> dict[str, Any]:
        return super().initial_for(item) | {"article": str(item.article_id) if item.article_id else ""}


StageFormSet = child_formset(StageForm, delete_label=_("Delete this stage"))
