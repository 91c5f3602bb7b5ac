"""Names and ids from untrusted input: one validated string type for events and actors.

Item, bulletin and inspection ids, unit names and people's names decide *identity*: two
spellings of one unit must be one unit, and an id must be something a clerk can read back.
So every such string is

- normalised to Unicode NFC (a unit typed with a decomposed character on one machine and a
  precomposed one on another is the same unit), with surrounding whitespace removed, and
- refused when it is blank or holds a character that is invisible or reorders text: control
  characters, zero-width characters, the byte order mark, bidi overrides and isolates, line
  or paragraph separators, and any space other than the ASCII one (``str.isprintable`` is
  False for exactly these: Unicode categories C* and Z* except U+0020).

Refusals are pydantic ``ValidationError``s of type ``name_blank`` / ``name_invisible_char``
with a Chinese message naming the character.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

__all__ = ["Name", "clean_name"]


def clean_name(value: str) -> str:
    """``value`` in NFC without surrounding whitespace; ``ValueError`` (a pydantic custom
    error) when it is blank or holds an invisible or text-reordering character."""
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    value = value.strip()
    if not value:
        raise PydanticCustomError("name_blank", "名称或编号不能为空白（a name or id cannot be blank）")
    if not value.isprintable():
        bad = next(ch for ch in value if not ch.isprintable())
        name = unicodedata.name(bad, "") or unicodedata.category(bad)
        raise PydanticCustomError(
            "name_invisible_char",
            "名称或编号含有不可见或改变文字方向的字符 U+{code}（{name}），请删除后重新填写"
            "（names and ids may not hold invisible, control or bidi characters）",
            {"code": f"{ord(bad):04X}", "name": name},
        )
    return value


#: A validated id or name (ids, unit names, actors' names): NFC, trimmed, 1…200 visible characters.
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(clean_name)]
