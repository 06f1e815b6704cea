r"""A scene's LaTeX as one line of plain Unicode text, for alt text and chart names.

The transcript shows every equation as MathML (converted from the same LaTeX); where
only plain text fits (a video's alternative text, a chart's name, the one-paragraph
description) this writes it the way the captions do: Unicode letters and symbols
(``θ``, ``Σ``, ``≥``), subscripts where Unicode has them (``sₖ``, ``log₂``) and words
where it has not (``D sub KL``), ``exp(sₖ)`` for ``e^{s_k}``::

    >>> plain_tex(r"\textstyle\sum_k e^{s_k} =")
    'Σₖ exp(sₖ) ='
    >>> plain_tex(r"P(y \mid x_i;\theta)")
    'P(y | xᵢ; θ)'
    >>> plain_tex(r"D_{\mathrm{KL}}(P^* \,\|\, P)")
    'D sub KL(P* ‖ P)'
"""

from __future__ import annotations

import re

__all__ = ["plain_tex"]

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ",
    "phi": "φ", "Delta": "Δ", "Sigma": "Σ", "sum": "Σ", "prod": "Π", "infty": "∞",
    "mid": "|", "|": "‖", "Vert": "‖", "ge": "≥", "geq": "≥", "le": "≤", "leq": "≤",
    "neq": "≠", "ne": "≠", "approx": "≈", "cdot": "·", "times": "×", "div": "÷",
    "to": "→", "rightarrow": "→", "Rightarrow": "⇒", "leftarrow": "←", "pm": "±",
    "partial": "∂", "nabla": "∇", "in": "∈", "dots": "…", "ldots": "…", "cdots": "⋯",
    "ln": "ln", "log": "log", "exp": "exp", "min": "min", "max": "max", "lim": "lim",
    "propto": "∝", "equiv": "≡", "langle": "⟨", "rangle": "⟩", "{": "{", "}": "}",
    "%": "%", "_": "_", "&": "&", "#": "#",
}  # fmt: skip
#: Commands that only style or space what follows.
_DROPPED = {
    "textstyle", "displaystyle", "scriptstyle", "left", "right", "big", "Big", "bigg",
    "limits", "nolimits", "quad", "qquad", ",", ";", "!", ":", " ", "underbrace",
    "overbrace", "boldsymbol", "mathbf", "mathrm", "mathit", "mathsf", "text", "textrm",
    "textbf", "textit", "mbox", "operatorname", "hat", "bar", "tilde", "vec",
}  # fmt: skip
_SUB = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
_SUP = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ", strict=True))
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([{}^_])|(\s+)|(.)", re.S)


def _tokens(tex: str) -> list[str]:
    out = []
    for command, brace, space, char in _TOKEN.findall(tex):
        if command:
            out.append("\\" + command)
        else:
            out.append(brace or (" " if space else char))
    return out


def _group(tokens: list[str], i: int) -> tuple[str, int]:
    """The plain text of the group or single token at ``tokens[i]``, and the next index."""
    while i < len(tokens) and tokens[i] == " ":
        i += 1
    if i >= len(tokens):
        return "", i
    if tokens[i] == "{":
        depth, j = 1, i + 1
        while j < len(tokens) and depth:
            depth += {"{": 1, "}": -1}.get(tokens[j], 0)
            j += 1
        return _render(tokens[i + 1 : j - 1]).strip(), j
    if tokens[i].startswith("\\"):
        return _render(tokens[i : i + 1]).strip(), i + 1
    return tokens[i], i + 1


def _script(text: str, table: dict[str, str], word: str) -> str:
    if text == "*" and word == "sup":
        return "*"
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f" {word} {text}" if word == "sub" else f"^({text})"


def _render(tokens: list[str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("\\frac", "\\tfrac", "\\dfrac"):
            top, i = _group(tokens, i + 1)
            bottom, i = _group(tokens, i)
            wrap = [f"({t})" if re.search(r"[\s+−-]", t) else t for t in (top, bottom)]
            out.append(f"{wrap[0]} / {wrap[1]}")
            continue
        if token in ("_", "^"):
            text, i = _group(tokens, i + 1)
            if (
                token == "^"
                and out
                and out[-1].strip() == "e"
                and _script(text, _SUP, "sup")[0] == "^"
            ):
                out[-1] = out[-1].replace("e", "exp(") + text + ")"
                continue
            out.append(_script(text, _SUB, "sub") if token == "_" else _script(text, _SUP, "sup"))
            continue
        if token in ("{", "}"):
            i += 1
            continue
        if token.startswith("\\"):
            name = token[1:]
            if name in _SYMBOLS:
                symbol = _SYMBOLS[name]
                out.append(f" {symbol} " if name in _SPACED else symbol)
            elif name not in _DROPPED:
                out.append(name)
            elif name == " " or name in ("quad", "qquad"):
                out.append(" ")
            i += 1
            continue
        if token == "*" and i and tokens[i - 1] == "\\operatorname":
            i += 1  # \operatorname*{argmin}: the star only moves the limits
            continue
        out.append({"-": "−"}.get(token, token))
        i += 1
    return "".join(out)


#: Symbols written with a space on each side.
_SPACED = {"mid", "ge", "geq", "le", "leq", "neq", "ne", "approx", "times", "div", "to",
           "rightarrow", "Rightarrow", "in", "propto", "equiv", "|", "Vert"}  # fmt: skip


def plain_tex(tex: str) -> str:
    """``tex`` (math-mode LaTeX) as one line of plain Unicode text."""
    text = _render(_tokens(tex))
    text = re.sub(r"\s*([=<>])\s*", r" \1 ", text)
    text = re.sub(r"\s*;\s*", "; ", text)
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"\s+\)", ")", text)
    return " ".join(text.split())
