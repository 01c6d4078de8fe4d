from contextlib import contextmanager

import pytest

from dbi_portal.refusals import Refusal


@contextmanager
def refused(code: str):
    """The block must be refused with a Refusal of this code."""
    with pytest.raises(Refusal) as caught:
        yield caught
    assert caught.value.code == code
