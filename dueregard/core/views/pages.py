"""Static pages every public service needs, and the language chooser."""

from django.shortcuts import render
from django.utils import translation

from ..translation.presenters import language_choices


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html")


def cookies(request):
    return render(request, "core/cookies.html")


# Each language's name in its own script, so people can find their language.
NATIVE_NAMES = {
    "en-gb": "English",
    "cy": "Cymraeg",
    "ar": "العربية",
    "bn": "বাংলা",
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
    "gu": "ગુજરાતી",
    "hi": "हिन्दी",
    "pl": "Polski",
    "pa": "ਪੰਜਾਬੀ",
    "so": "Soomaali",
    "ur": "اردو",
}


def language(request):
    return render(
        request,
        "core/language.html",
        {
            "languages": language_choices(NATIVE_NAMES),
            "current": translation.get_language(),
        },
    )
