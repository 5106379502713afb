"""The people and organisations quoted in articles."""

from enum import StrEnum

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from app.models.types import JSONList


class SpeakerKind(StrEnum):
    person = "person"
    organisation = "organisation"


class Speaker(SQLModel, table=True):
    __table_args__ = (Index("ix_speaker_name", "name", "id"),)  # the list's sort order

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200, unique=True)
    name: str = Field(max_length=200)
    # A plain string column, not a database enum: new kinds need no type migration.
    kind: SpeakerKind = Field(default=SpeakerKind.person, sa_type=String(20))
    role: str | None = Field(default=None, max_length=300)
    organisation: str | None = Field(default=None, max_length=300)
    country: str | None = Field(default=None, max_length=100)
    # Other names the text uses for this speaker ("Mr Blinken"), to recognise later mentions.
    aliases: list[str] = Field(default_factory=list, sa_type=JSONList)
