"""Period labels as dates: months at their month, plain years at mid-year, like-with-like a year before."""
from datetime import date

import pytest

from models.periods import month_part, period_date, same_part_year_before, sort_periods


def test_semester_periods_sit_at_their_month_and_plain_years_at_mid_year():
    assert period_date("2021-03") == date(2021, 3, 1)
    assert period_date("2021-09") == date(2021, 9, 1)
    assert period_date("2020") == date(2020, 7, 1)
    assert period_date("2023-Q1") == date(2023, 2, 1)


@pytest.mark.parametrize("bad", ["2021-13", "21", "2021-3", "", "2021-Q5", "maret 2021"])
def test_unknown_period_labels_are_refused(bad):
    with pytest.raises(ValueError):
        period_date(bad)


def test_like_with_like_a_year_before():
    assert same_part_year_before("2024-03") == "2023-03"
    assert same_part_year_before("2024") == "2023"
    assert same_part_year_before("2024-Q2") == "2023-Q2"
    assert month_part("2024") is None and month_part("2024-08") == "08"


def test_sorting_mixes_plain_years_and_months_by_date():
    assert sort_periods(["2021-03", "2020", "2020-09", "2020-03"]) == ["2020-03", "2020", "2020-09", "2021-03"]
