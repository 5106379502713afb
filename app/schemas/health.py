"""Schemas of the meta endpoints."""

from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok"] = Field(examples=["ok"])


class ApiIndex(BaseModel):
    name: str = Field(examples=["newsdesk"])
    version: str = Field(examples=["0.1.0"])
    links: dict[str, str]
