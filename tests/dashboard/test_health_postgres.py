"""PostgreSQL that stops answering: /healthz 503 and the kiosk offline; both back without a restart once it
answers again. The outage is a TCP relay in front of the real server that is cut and restored."""
from __future__ import annotations

import socket
import threading

import dash
import pytest
from sqlalchemy.engine import make_url

from dashboard import create_app
from data.store import open_engine
from services.config import Config

pytestmark = pytest.mark.postgres


class Relay:
    """127.0.0.1:<port> -> the PostgreSQL server; `cut()` closes every connection and refuses new ones."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.pairs: list[socket.socket] = []
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.pairs += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.open = False
        for s in self.pairs:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.pairs.clear()

    def restore(self) -> None:
        self.open = True


def test_healthz_and_kiosk_follow_a_postgres_outage(pg_engine, pg_url):
    import callbacks.kiosk as ck
    from services.context import AppContext

    url = make_url(pg_url)
    relay = Relay(url.host or "127.0.0.1", url.port or 5432)
    relayed = url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False)
    engine = open_engine(relayed, connect_args={"connect_timeout": 2})
    dash.page_registry.clear()
    app = create_app(Config(database_url=relayed, auto_seed=False), engine=engine)
    dash.page_registry.clear()
    client = app.server.test_client()
    ctx = AppContext(engine=engine, config=Config(database_url=relayed), cache=None)
    try:
        assert client.get("/healthz").status_code == 200
        relay.cut()
        assert client.get("/healthz").status_code == 503
        assert client.get("/api/v1/indicators").status_code == 503
        assert ck.refresh(ctx, {}, {}, {"ok": True, "seq": 1}, heartbeat_only=True) == {"status": {"ok": False, "seq": 2}}
        relay.restore()
        assert client.get("/healthz").status_code == 200  # the pool reconnects: no restart
        assert ck.refresh(ctx, {}, {}, {"ok": False, "seq": 2}, heartbeat_only=False)["status"] == {"ok": True, "seq": 3}
    finally:
        relay.cut()
        relay.listener.close()
        engine.dispose()
