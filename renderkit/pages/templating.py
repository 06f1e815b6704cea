"""HTML pages from the package's Jinja2 templates (``renderkit/pages/templates/``).

Every page the project writes (the gallery, the lecture presenter) is a template that
extends ``_base.html.j2``: one self-contained file, its CSS and JS inlined with
``{% include %}``, nothing fetched from the network. Autoescape is on for every template,
so any value a page shows is HTML-escaped unless a template marks it safe; put JSON inside
``<script>`` with Jinja's ``tojson`` filter, which writes ``<``, ``>``, ``&`` and ``'`` as
``\\u003c``-style escapes, so no data can close the element early.

>>> "&lt;b&gt;" in render_page("_base.html.j2", title="<b>")
True
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

__all__ = ["render_page"]


@cache
def environment() -> jinja2.Environment:
    """The package's one template environment: autoescaped, strict about unknown names."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("renderkit.pages", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(template_name: str, /, **context: Any) -> str:
    """The text of the template ``template_name`` rendered with ``context``.

    Raises :class:`jinja2.UndefinedError` if the template uses a name not in ``context``.
    """
    return environment().get_template(template_name).render(**context)
