"""Business logic as plain functions over a database session. Nothing here imports FastAPI."""
