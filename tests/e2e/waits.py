"""How long a browser test waits for what it depends on (a response, a navigation, an element)
before it fails: far more than any page takes on an idle machine (under a second), enough for
an import on a loaded one. Set for Playwright's assertions, actions and navigations in
conftest.py."""

WAIT_MS = 180_000
