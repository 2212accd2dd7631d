"""A TCP proxy for fault tests: browsers and portal processes talk through
it, and the test cuts every connection, refuses new ones for a while, or
sends new ones to another backend (as a load balancer does when a process
dies)."""

import asyncio
import threading


class Proxy:
    def __init__(self, backend_port):
        self.backend_port = backend_port
        self.refusing = False
        self.connections = set()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server = None

    def start(self):
        self.thread.start()
        self.server = self._call(asyncio.start_server(self._handle, "127.0.0.1", 0))
        return self.server.sockets[0].getsockname()[1]

    def stop(self):
        self._call(self._shutdown())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)
        self.loop.close()

    async def _shutdown(self):
        self._cut()
        self.server.close()
        others = [
            task for task in asyncio.all_tasks() if task is not asyncio.current_task()
        ]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def cut(self):
        """Close every open connection, both ways, at once."""
        self.loop.call_soon_threadsafe(self._cut)

    def refuse(self, refusing):
        self.refusing = refusing
        if refusing:
            self.cut()

    def switch(self, backend_port):
        """New connections go to another backend; open ones are cut."""
        self.backend_port = backend_port
        self.cut()

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    def _cut(self):
        for writer in list(self.connections):
            writer.transport.abort()
        self.connections.clear()

    async def _handle(self, client_reader, client_writer):
        if self.refusing:
            client_writer.transport.abort()
            return
        try:
            backend_reader, backend_writer = await asyncio.open_connection(
                "127.0.0.1", self.backend_port
            )
        except OSError:
            client_writer.transport.abort()
            return
        pair = {client_writer, backend_writer}
        self.connections |= pair
        await asyncio.gather(
            self._pipe(client_reader, backend_writer),
            self._pipe(backend_reader, client_writer),
        )
        self.connections -= pair

    async def _pipe(self, reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.transport.abort()
