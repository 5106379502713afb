"""Short references embedded in other resources."""

from pydantic import BaseModel, ConfigDict


class SpeakerRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    name: str
    role: str | None


class ArticleRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    slug: str
    title: str
