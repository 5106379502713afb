"""Raw article text → article, quotes and speakers. Pure functions: no database, no network."""

from app.extract.extractor import ExtractedQuote, ExtractedSpeaker, Extraction, extract

__all__ = ["ExtractedQuote", "ExtractedSpeaker", "Extraction", "extract"]
