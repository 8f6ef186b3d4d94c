"""A tagged PDF's structure tree, read with pikepdf: what both PDF engines' tag
completion (`pdf_ua` for WeasyPrint, `typst.tags` for Typst) walk and edit."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name


class StructTree:
    """The structure elements reachable from the root, with their parents, in order."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        self.elements: list[Dictionary] = []
        self.parent: dict[tuple[int, int], Dictionary] = {}
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            for kid in kids(root):
                self._walk(kid, root)
        self.reachable = {e.objgen for e in self.elements}
        nums = root.ParentTree.Nums if root is not None else Array()
        self.parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}

    def _walk(self, element, parent) -> None:
        if not is_element(element):
            return
        self.elements.append(element)
        self.parent[element.objgen] = parent
        for kid in kids(element):
            self._walk(kid, element)

    def of_type(self, *types: str) -> list[Dictionary]:
        return [e for e in self.elements if str(e.get("/S")) in types]

    def mcid_parents(self, page) -> Array:
        """The page's MCID-to-element array of the parent tree (empty if none)."""
        key = page.obj.get("/StructParents")
        return self.parent_tree.get(int(key), Array()) if key is not None else Array()


def kids(element) -> list:
    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def is_element(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj


def descendants(element):
    for kid in kids(element):
        if is_element(kid):
            yield kid
            yield from descendants(kid)


def annotations(link) -> list:
    """The annotations (link rectangles) an element owns."""
    return [k.Obj for k in kids(link) if isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR]
