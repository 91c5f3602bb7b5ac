"""A Griffe extension: Sphinx roles in docstrings become cross-references on the site.

The package's docstrings cite other objects the Sphinx way (``:class:`~duban_core.rules.Deadline```,
``:meth:`Ledger.deadline_revisions```, ``:data:`TABLE```). mkdocstrings renders Markdown, where
those roles would show up literally. This extension rewrites each role, once the package is
loaded, into a Markdown cross-reference to the object's canonical path
(`` [`Deadline`][duban_core.rules.Deadline] ``), resolving short names in the scope of the
documented object. Names outside the package (``ValueError``, ``numpy.busday_offset``) and
private objects become inline code.

With ``strict: true`` an unresolvable cross-reference fails the build, so a docstring that
names an object that no longer exists fails CI too.

Registered in ``mkdocs.yml`` under the Python handler's ``extensions``.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["SphinxRoles"]

ROLE = re.compile(r":(?:py:)?(class|func|meth|data|attr|mod|exc|obj|const):`(~?)([\w.]+)(?:\(\))?`")
PACKAGE = "duban_core"


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`target``` in every docstring of the package into a cross-reference."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != PACKAGE:
            return
        for obj in _walk(pkg):
            docstring = obj.docstring
            if docstring is not None and ":" in docstring.value:

                def replace(match: re.Match[str], owner: griffe.Object = obj) -> str:
                    return _reference(match, owner, pkg)

                docstring.value = ROLE.sub(replace, docstring.value)


def _walk(obj: griffe.Object) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _reference(match: re.Match[str], owner: griffe.Object, pkg: griffe.Module) -> str:
    tilde, target = match.group(2), match.group(3).lstrip(".")
    text = target.rsplit(".", 1)[-1] if tilde else target
    path = _canonical(target, owner, pkg)
    if path is None:
        return f"`{text}`"
    return f"[`{text}`][{path}]"


def _canonical(target: str, owner: griffe.Object, pkg: griffe.Module) -> str | None:
    """The canonical path of ``target`` as seen from ``owner``, if it is a public object of
    the package, else ``None``."""
    path: str | None = None
    if target.startswith(PACKAGE + ".") or target == PACKAGE:
        path = target
    else:
        first, _, rest = target.partition(".")
        scope: griffe.Object | None = owner
        while scope is not None and path is None:
            try:
                path = scope.resolve(first)
            except griffe.NameResolutionError:
                scope = scope.parent
        if path is None:
            return None
        if rest:
            path = f"{path}.{rest}"
    if not path.startswith(PACKAGE):
        return None
    try:
        found: Any = pkg[path.removeprefix(PACKAGE).lstrip(".")] if path != PACKAGE else pkg
        while found.is_alias:
            found = found.final_target
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    canonical: str = found.path
    if any(part.startswith("_") for part in canonical.split(".")):
        return None
    return canonical
