"""Django's LocaleMiddleware, but a page is only ever labelled with (and translated into)
a language that is offered: complete and reviewed. A browser asking for a language that is
still in progress (Accept-Language, an old cookie) gets the English page, labelled en-GB."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from .catalogues import SOURCE_LANGUAGE, offered_languages


class HonestLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        super().process_request(request)
        if translation.get_language() not in offered_languages():
            translation.activate(SOURCE_LANGUAGE)
            request.LANGUAGE_CODE = SOURCE_LANGUAGE
