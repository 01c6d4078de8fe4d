"""Vietnamese number formats: Django's own leave thousands ungrouped; Vietnamese writes
12.345 (and 12,5 for decimals). Only values formatted with grouping (``floatformat:"g"``,
``intcomma``) are affected: ids in URLs stay plain."""

from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "."
DECIMAL_SEPARATOR = ","
