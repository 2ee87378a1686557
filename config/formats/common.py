"""Date input formats shared by every language (settings.FORMAT_MODULE_PATH = "config.formats").

Day first, as written in Vietnam: 21/11/2026, 21-11-2026, 21.11.2026, 21/11/26; the ISO form
2026-11-21 too (files, scripts and older browsers' date inputs)."""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
]
