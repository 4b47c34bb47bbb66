"""Get Clearance API: the smallest app the example stack needs."""

from fastapi import FastAPI

app = FastAPI(title="Get Clearance API")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
