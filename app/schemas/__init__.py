"""API schemas: what clients send and receive. Kept apart from the tables in `app.models`, so a
public schema carries only the fields written into it."""
