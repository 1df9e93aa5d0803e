"""Read articles, enrich them, publish the enriched events."""
from __future__ import annotations
from typing import Any
from stancewire.app import app
from stancewire.topics import articles, enriched

@app.agent(articles)
async def enrich(stream: Any) -> None:
    async for key, value in stream.items():
        await enriched.send(key=(key or b"x").decode(), value=None)
