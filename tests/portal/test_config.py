"""The application factory and its configuration (flaskr's test_config)."""

from __future__ import annotations

import pytest

from portal import create_app


def test_config_mapping_overrides_everything(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "from-env.sqlite3"))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "k",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(tmp_path / "mapping.sqlite3"),
            "SEARCH_INDEX_DIR": str(tmp_path / "idx"),
            "UPLOAD_DIR": str(tmp_path / "up"),
        }
    )
    assert app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("mapping.sqlite3")
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "idx")


def test_environment_configures_a_deployment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://portal@db.example/portal")
    monkeypatch.setenv("SEARCH_INDEX_DIR", str(tmp_path / "env-index"))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = create_app()
    assert not app.testing
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://portal@db.example/portal"
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "env-index")
    assert app.config["SECRET_KEY"] == "from-env"
    # A database server may drop idle connections: the pool tests each before use.
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True


def test_a_sqlite_file_is_not_pinged_before_each_request(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///" + str(tmp_path / "portal.sqlite3"))
    monkeypatch.setenv("SECRET_KEY", "k")
    app = create_app()
    assert "pool_pre_ping" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_production_requires_a_secret_key_and_secure_cookies(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    base = {"PORTAL_ENV": "production", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(base)
    app = create_app({**base, "SECRET_KEY": "s"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
