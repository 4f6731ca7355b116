"""``flask run-demo``: the development server of ``make run`` that says where to log in.

``flask run`` prints its address before it listens and says nothing of the demo accounts.
This command binds the port first, then prints the address and the demo account line, then
serves; a port already taken is an error with what to do, never a silent exit.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import ScriptInfo, pass_script_info
from flask_babel import force_locale, gettext
from werkzeug.serving import make_server

from portal.demo_data import DEMO_PASSWORD, USERS
from portal.i18n import environment_language


def demo_banner(url: str) -> list[str]:
    """The lines printed once the server listens at ``url`` (needs an app context)."""
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
