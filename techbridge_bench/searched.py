"""One need's match as the speed benches time it, in process or in the shared index."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt


def match_need(
    engine: Any, needs: Sequence[str], searched: npt.NDArray[np.float32] | None, i: int
) -> None:
    """Match need ``i`` through ``engine`` (a ``Matcher`` or a ``SharedCollection``): with its
    own encoding, or, where the bench drew the vectors it searches (``searched``), its text is
    encoded all the same and then its drawn vector is searched."""
    if searched is None:
        engine.match(needs[i], k=10)
    else:
        engine.encode_need(needs[i])
        engine.match(needs[i], k=10, need_vector=searched[i : i + 1])
