"""The English interface keeps Vietnamese date input: dd/mm/yyyy, never the American mm/dd/yyyy
(01/05/2026 is the 1st of May in every language of the product)."""

from config.formats.common import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]
