import pytest


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Vietnamese user's browser: the portal answers in Vietnamese.
    return {**browser_context_args, "locale": "vi-VN"}
