"""Websocket consumers of the chat app."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

# Close codes in the 4000 range are ours; 4401 mirrors HTTP 401.
CLOSE_NOT_LOGGED_IN = 4401


class HeartbeatConsumer(AsyncJsonWebsocketConsumer):
    """Tells a logged-in page that its live connection works.

    The page sends {"type": "ping"} now and then and gets {"type": "pong"};
    a page that stops hearing pongs knows to reconnect.
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_NOT_LOGGED_IN)
            return
        await self.accept()

    async def receive_json(self, content, **kwargs):
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})
        else:
            await self.send_json({"type": "error", "code": "unknown_frame"})
