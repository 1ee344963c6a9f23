"""HTML bodies (OpenAEV's rich-text mails) as the Markdown a scenario holds."""

from __future__ import annotations

import re

from markdownify import MarkdownConverter

from ttx.imports.draft import tidy

_SCRIPTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.I)


class _Converter(MarkdownConverter):
    def convert_a(self, el, text, *args, **kwargs):
        # only web and mail links stay links: javascript: and the like become their text
        if not _SAFE_LINK.match(el.get("href") or ""):
            return text
        return super().convert_a(el, text, *args, **kwargs)


def to_markdown(html: str) -> str:
    text = _Converter(heading_style="ATX", bullets="-", strip=["img"]).convert(_SCRIPTS.sub("", html))
    return tidy(text.replace("\xa0", " "))
