"""The Label Studio tests use the session-wide real server of ``tests/conftest_labelstudio.py``
(shared: registering that plugin in tests/conftest.py as well starts no second server)."""

from tests.conftest_labelstudio import (  # noqa: F401  (the fixtures)
    labelstudio_server,
    labelstudio_server_postgres,
)
