"""Starter profiles for ``advisor init``: the figures per kind of shop, and where a new profile's
``# yaml-language-server: $schema=`` line points.

The commented body is words, so it lives in the message catalogues (``init.body``, in English
and Chinese); this module fills in a template's figures and the schema reference.
"""

from __future__ import annotations

import os
import pathlib

from advisor.profile.schema import SCHEMA_FILE

TEMPLATES = {
    "apparel": dict(platform="taobao", category="womenswear", revenue=300000, aov=200, repeat=0.20,
                    product=0.30, marketing=0.35, staff=0.12, logistics=0.08, fees=0.05, growth=0.20,
                    join=0.06, uplift=1.3),
    "cosmetics": dict(platform="douyin", category="cosmetics", revenue=1000000, aov=150, repeat=0.15,
                      product=0.22, marketing=0.40, staff=0.08, logistics=0.06, fees=0.06, growth=0.30,
                      join=0.06, uplift=1.3),
    "fresh-food": dict(platform="wechat", category="fresh-food", revenue=150000, aov=60, repeat=0.45,
                       product=0.62, marketing=0.10, staff=0.10, logistics=0.09, fees=0.01, growth=0.10,
                       join=0.10, uplift=1.6),
    "daily-necessities": dict(platform="pinduoduo", category="daily-necessities", revenue=300000, aov=45,
                              repeat=0.35, product=0.50, marketing=0.20, staff=0.08, logistics=0.12, fees=0.03,
                              growth=0.20, join=0.08, uplift=1.5),
    "general": dict(platform="other", category="other", revenue=200000, aov=120, repeat=0.20, product=0.40,
                    marketing=0.25, staff=0.10, logistics=0.08, fees=0.05, growth=0.20, join=0.06,
                    uplift=1.3),
}
"""Each template's figures; what kind of shop it is for is ``init.about.<name>`` in the catalogues."""

PROFILE_SUFFIXES = (".yaml", ".yml")


def render(name: str, path: str, schema: str, body: str, about: str) -> str:
    """The starter profile ``name`` to be written at ``path``: ``body`` (the catalogue's
    ``init.body``) with the template's figures, ``about`` it and the ``schema`` reference."""
    return body.format(schema=schema, path=path, about=about, **TEMPLATES[name])


def repository_root(directory: str) -> str | None:
    """The nearest folder at or above ``directory`` that holds ``.git``, or None."""
    current = os.path.abspath(directory)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def schema_reference(profile: str, given: str | None = None, configured: str | None = None) -> tuple[str, str | None]:
    """What a new profile at ``profile`` should name as its schema, so that the line still works
    once both are committed: ``(reference, schema file to write or None)``.

    ``given`` (``--schema``) wins: a URL as it is, a path made relative to the profile's folder;
    then ``configured`` (the config file's ``schema``, an absolute path); then a
    ``profile.schema.json`` found in the profile's folder or a parent, up to the repository root;
    else a new ``profile.schema.json`` beside the profile, which the caller writes.
    """
    folder = os.path.dirname(os.path.abspath(profile))

    def relative(target: str) -> str:
        return pathlib.PurePath(os.path.relpath(os.path.abspath(target), folder)).as_posix()

    if given:
        return (given, None) if "://" in given else (relative(given), None)
    if configured:
        return relative(configured), None
    top = repository_root(folder) or folder
    current = folder
    while True:
        candidate = os.path.join(current, SCHEMA_FILE)
        if os.path.isfile(candidate):
            return relative(candidate), None
        if current == top or os.path.dirname(current) == current:
            break
        current = os.path.dirname(current)
    beside = os.path.join(folder, SCHEMA_FILE)
    return SCHEMA_FILE, beside
