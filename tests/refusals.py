from contextlib import contextmanager

import pytest

from enterprises.errors import DomainError


@contextmanager
def refused(code: str):
    """The block must be refused with a DomainError of this code."""
    with pytest.raises(DomainError) as caught:
        yield caught
    assert caught.value.code == code
