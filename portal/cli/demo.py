"""The demo of ``make run``: ``flask seed-demo`` loads the demo data (``portal.demo``),
``flask run-demo`` is the development server that says where to log in.

``flask run`` prints its address before it listens and says nothing of the demo accounts.
``run-demo`` binds the port first, then prints the address and the demo account line, then
serves; a port already taken is an error with what to do, never a silent exit.
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo, pass_script_info, with_appcontext
from flask_babel import force_locale, gettext
from werkzeug.serving import make_server

from documents.db import db, write_intent
from portal.cli.instance import ensure_schema
from portal.cli.search import drain_all
from portal.i18n import environment_language, in_environment_language
from portal.templating import number, today


@click.command("seed-demo")
@with_appcontext
@in_environment_language
def seed_demo() -> None:
    """Load the demo data of Directive 11-CT/TU (idempotent; refused in production)."""
    if current_app.config.get("PORTAL_ENV") == "production":
        raise click.ClickException(
            gettext("Không nạp dữ liệu mẫu vào hệ thống đang vận hành thật.")
        )
    from portal.demo.seed import seed_demo as run_seed

    ensure_schema()
    with write_intent():
        run_seed(db.session, today(), echo=click.echo)
        db.session.commit()
    click.echo(gettext("Đã cập nhật chỉ mục tìm kiếm (%(num)s mục).", num=number(drain_all())))


def demo_banner(url: str) -> list[str]:
    """The lines printed once the server listens at ``url`` (needs an app context)."""
    from portal.demo.data import DEMO_PASSWORD, USERS  # parsed only when the demo runs

    return [
        gettext("Cổng văn bản chỉ đạo đã sẵn sàng: %(url)s", url=url),
        gettext(
            "Tài khoản mẫu (mật khẩu %(password)s): %(accounts)s. Dừng máy chủ: Ctrl+C.",
            password=DEMO_PASSWORD,
            accounts=", ".join(user["username"] for user in USERS),
        ),
    ]


def _refuse_in_production(app: Flask) -> None:
    if app.config.get("PORTAL_ENV") == "production":
        raise click.ClickException(
            gettext(
                "Máy chủ thử nghiệm không dùng cho hệ thống đang vận hành thật; hãy chạy "
                "make serve."
            )
        )


@click.command("run-demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@pass_script_info
def run_demo(info: ScriptInfo, host: str, port: int) -> None:
    """Serve the portal with the demo data; print the address and the demo accounts."""
    app = info.load_app()
    with app.app_context(), force_locale(environment_language()):
        _refuse_in_production(app)
        try:
            server = make_server(host, port, app, threaded=True)
        except (OSError, SystemExit) as error:
            # Werkzeug prints the system's reason on stderr and exits; add what to do.
            raise click.ClickException(
                gettext(
                    "Không mở được cổng %(port)s trên %(host)s: cổng đang được dùng hoặc địa "
                    "chỉ không đúng (lý do ở dòng trên). Hãy dừng chương trình đang dùng cổng "
                    "hoặc chạy make run PORT=8080.",
                    port=port,
                    host=host,
                )
            ) from error
        lines = demo_banner(f"http://{host}:{server.port}/")
    for line in lines:
        click.echo(line)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
