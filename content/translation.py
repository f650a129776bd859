"""The content library's texts people read, in every language of settings.LANGUAGES.

django-modeltranslation adds a column per language beside each field here (`text_en`,
`text_de`, `text_es`) in the same row, so reading a prompt in German costs the same query as
reading it in English; the field itself (`prompt.text`) gives the active language's text, or
the English where a translation is blank. Slugs and source titles (the articles' own titles)
are not translated. The texts are loaded from content/library/ (content.services.library_load).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Dimension, LocalResources, Practice, Prompt, SafetyChoice, SafetyQuestion


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("name", "description", "ideas")


@register(Prompt)
class PromptTranslation(TranslationOptions):
    fields = Prompt.WORDING_FIELDS


@register(Practice)
class PracticeTranslation(TranslationOptions):
    fields = ("title", "body")


@register(SafetyQuestion)
class SafetyQuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(SafetyChoice)
class SafetyChoiceTranslation(TranslationOptions):
    fields = ("label",)


@register(LocalResources)
class LocalResourcesTranslation(TranslationOptions):
    fields = ("text",)
