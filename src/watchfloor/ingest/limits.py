"""The limits of one fetch that httpx does not enforce by itself.

:class:`Deadline` holds a whole fetch (connect, redirects, headers and body) to one time limit:
httpx's timeouts bound each network operation, so a server that sends one byte just before each
read timeout could hold a fetch for ever. When the deadline passes, the registered sockets are
shut down and the blocked read returns at once.

:class:`Inflater` undoes a gzip or deflate Content-Encoding without ever producing more bytes
than the caller has room for: httpx's own decoders inflate a whole network chunk at once, which
for a gzip bomb is a thousand times the chunk.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from contextlib import suppress
from typing import Any

__all__ = ["ENCODINGS", "Deadline", "Inflater"]

ENCODINGS = frozenset({"identity", "gzip", "x-gzip", "deflate"})
"""The Content-Encodings an :class:`Inflater` undoes."""


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown, not SSLSocket.shutdown: the TLS wrapper would drop its state
    # under the reading thread's feet; the plain shutdown only wakes the blocked read.
    with suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class Deadline:
    """A time limit of ``seconds`` from now. When it passes, every socket registered with
    :meth:`watch` is shut down. Call :meth:`cancel` when the fetch is over."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._done = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self._end - time.monotonic())

    def passed(self) -> bool:
        return self._expired or time.monotonic() >= self._end

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it already has)."""
        if sock is None:
            return
        with self._lock:
            if self._expired:
                _shutdown(sock)
            elif not self._done:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self._expired = True
            for sock in self._sockets:
                _shutdown(sock)

    def cancel(self) -> None:
        """Stop the timer; the sockets are left alone from now on."""
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()


class Inflater:
    """One response's Content-Encoding (one of :data:`ENCODINGS`) undone chunk by chunk."""

    def __init__(self, encoding: str) -> None:
        if encoding not in ENCODINGS:
            raise ValueError(f"unsupported content encoding {encoding!r}")
        self.encoding = encoding
        self._pending = b""
        self._inflater: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)

    def decode(self, data: bytes, room: int) -> bytes:
        """The decoded bytes of the next chunk ``data``, at most ``room`` of them: a caller that
        gets exactly ``room`` bytes knows the body is longer than it has room for. Raises
        zlib.error on a broken stream."""
        if self.encoding == "identity":
            return data[:room]
        if self._inflater is None:  # deflate is zlib-wrapped or raw: its first 2 bytes tell
            self._pending += data
            if len(self._pending) < 2:
                return b""
            data, self._pending = self._pending, b""
            wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        out: bytes = self._inflater.decompress(data, room)
        return out
