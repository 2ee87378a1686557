"""Date input in Vietnamese: dd/mm/yyyy first (the ISO form the browser's date inputs used to post
is still accepted). Django's own ``vi`` formats give the rest."""

from config.formats.common import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS"]
