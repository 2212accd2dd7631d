"""The database template that servers for browser tests are copied from
is made again whenever what it is made from changes."""

import datetime

from tests.browser import server


def _tree(root):
    (root / "portal" / "migrations").mkdir(parents=True)
    (root / "portal" / "migrations" / "0001_initial.py").write_text("first")
    (root / "cms").mkdir()
    (root / "cms" / "seed.json").write_text("{}")
    (root / "retention").mkdir()
    (root / "chat").mkdir()
    (root / "requirements.txt").write_text("Django==5.2")


def test_the_template_follows_code_data_packages_and_date(tmp_path, monkeypatch):
    monkeypatch.setattr(server, "ROOT", tmp_path)
    _tree(tmp_path)
    first = server.template_digest()
    assert server.template_digest() == first

    cache = tmp_path / "portal" / "__pycache__"
    cache.mkdir()
    (cache / "models.cpython-311.pyc").write_bytes(b"\0")
    assert server.template_digest() == first, "compiled files do not count"

    changed = []
    for change in (
        lambda: (tmp_path / "portal/migrations/0001_initial.py").write_text("other"),
        lambda: (tmp_path / "retention/0002_new.py").write_text("new"),
        lambda: (tmp_path / "cms/seed.json").write_text('{"page": 1}'),
        lambda: (tmp_path / "requirements.txt").write_text("Django==5.3"),
    ):
        change()
        changed.append(server.template_digest())
    assert len({first, *changed}) == 5

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return datetime.date(2099, 1, 1)

    monkeypatch.setattr(server.datetime, "date", Tomorrow)
    assert server.template_digest() != changed[-1], "the demo's dates move"
