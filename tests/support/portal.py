"""A local stand-in for the National Public Service Portal that receives the outbox's messages over HTTP."""
from __future__ import annotations

import json
import threading
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from motcua.services.portal_schemas import problems


class Portal:
    """A stand-in for the national portal on 127.0.0.1: it records raw posts, applies each key once, and checks
    every body against the portal's schema (``invalid`` lists what failed)."""

    def __init__(self, die_after: int | None = None) -> None:
        self.posts: list[str] = []
        self.invalid: list[tuple[str, str]] = []
        self.applied: dict[str, dict] = {}
        self.order: dict[str, list[str]] = defaultdict(list)
        self.die_after = die_after
        self.lock = threading.Lock()
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server protocol
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                key = self.headers["Idempotency-Key"]
                with portal.lock:
                    portal.posts.append(key)
                    portal.invalid.extend(problems(body["topic"], body))
                    if key not in portal.applied:
                        portal.applied[key] = body
                        record = body["data"][0]
                        if "MaHoSo" in record:  # a dossier's status or rating (the catalogue's records have none)
                            portal.order[record["MaHoSo"]].append(record.get("TrangThaiHoSo")
                                                                  or record["KetQuaDanhGia"])
                    dying = portal.die_after is not None and len(portal.posts) >= portal.die_after
                self.send_response(200)
                self.end_headers()
                if dying:
                    portal.die_after = None
                    threading.Thread(target=portal.stop).start()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/status"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
