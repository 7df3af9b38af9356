"""Which templates fit a study: the template picker's suggestions, from the study's regions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol


class HasRegions(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def regions(self) -> list[str]: ...


def suggest_templates(templates: Sequence[HasRegions], study_regions: Iterable[str]) -> list[str]:
    """Template ids, best first: those covering the most of the study's regions, then the
    ones adding the fewest regions the study does not have; ties keep the given order.

    A brain + cervical + thoracic session gets the combined template first; a cervical
    study gets the cervical one.  Templates covering none of the regions come last.
    """
    wanted = set(study_regions)

    def score(item: tuple[int, HasRegions]) -> tuple[int, int, int]:
        index, t = item
        covered = len(wanted & set(t.regions))
        extra = len(set(t.regions) - wanted)
        return (-covered, extra, index)

    return [t.id for _, t in sorted(enumerate(templates), key=score)]
