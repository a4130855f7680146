"""Language choice and message lookup; the catalogues are ``en`` and ``zh`` in this package."""

from __future__ import annotations

import os

LANGUAGES = ("en", "zh")


def detect_language(environ: dict | None = None) -> str:
    """The language from LC_ALL, LC_MESSAGES, LANG in that order (POSIX precedence).

    The first variable that is set and non-empty decides: ``zh*`` gives Chinese, anything
    else (including C and POSIX) gives English.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def catalogue(lang: str) -> dict:
    if lang == "zh":
        from advisor.i18n.zh import MESSAGES
    else:
        from advisor.i18n.en import MESSAGES
    return MESSAGES


class Translator:
    """``t("key", name=value)`` in one language; unknown keys fail loudly in tests."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.messages = catalogue(self.lang)

    def __call__(self, message_key: str, /, **params: object) -> str:
        return self.messages[message_key].format(**params)

    def template(self, message_key: str) -> str:
        """A message as written, placeholders unfilled (for text with its own fields, like ``init.body``)."""
        return self.messages[message_key]

    def name(self, prefix: str, name: str) -> str:
        """A translated name where the catalogue has one (``cost.returns``), else the name itself."""
        return self.messages.get(f"{prefix}.{name}", name)
