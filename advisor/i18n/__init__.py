"""Language choice and message lookup; the catalogues are ``en`` and ``zh`` in this package."""

from __future__ import annotations

import os

LANGUAGES = ("en", "zh")


def detect_language(environ: dict | None = None) -> str:
    """The language from the environment, as GNU gettext chooses a message catalogue.

    ``LANGUAGE`` (a colon-separated list of preferences, ``zh_CN:en``) comes first: its first
    entry that is English or Chinese decides -- unless the locale is ``C`` or ``POSIX``, which
    gettext honours by ignoring ``LANGUAGE``. Then the first of ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG`` that is set and non-empty: ``zh*`` gives Chinese, anything else English. Every
    ``zh`` variant (``zh_CN``, ``zh_TW``, ``zh_HK``, ``zh_Hant``) gives Simplified Chinese: the
    only Chinese catalogue there is.
    """
    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if env.get("LANGUAGE") and locale.split(".")[0] not in ("C", "POSIX"):
        for entry in env["LANGUAGE"].split(":"):
            code = entry.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return "zh" if locale.lower().startswith("zh") else "en"


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
