"""French dates: « 1er décembre 2026 », short ones too (the ordinal is added by icc.core.dates).

Django's abbreviated French months ("jan.") are not the usual ones ("janv."): months
are written in full.
"""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y à H:i"
SHORT_DATETIME_FORMAT = "j F Y à H:i"
MONTH_DAY_FORMAT = "j F"
