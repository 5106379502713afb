"""Schemas of the meta endpoints."""

from typing import Literal

from pydantic import BaseModel


class Health(BaseModel):
    status: Literal["ok"]


class ApiIndex(BaseModel):
    name: str
    version: str
    links: dict[str, str]
