"""Reading cells: decimal conventions, not-available markers, periods and frequencies."""
import pytest

from data.ingest.values import COMMA, POINT, CellError, check_frequency, convention_evidence, parse_number, parse_period


@pytest.mark.parametrize("text, convention, expected", [
    ("74,20", COMMA, 74.2), ("1.234,5", COMMA, 1234.5), ("1.234", COMMA, 1234.0), ("74.20", POINT, 74.2),
    ("1,234.5", POINT, 1234.5), ("1,234", POINT, 1234.0), ("-3,5", COMMA, -3.5), ("12", POINT, 12.0),
])
def test_numbers(text, convention, expected):
    assert parse_number(text, convention) == expected


@pytest.mark.parametrize("text, convention", [("1.234,56", POINT), ("1,234.56", COMMA), ("7 4", POINT),
                                              ("abc", POINT), ("1,23,4", POINT)])
def test_numbers_refused(text, convention):
    with pytest.raises(CellError):
        parse_number(text, convention)


def test_other_convention_is_named():
    with pytest.raises(CellError) as err:
        parse_number("1.234,56", POINT)
    assert "convention" in err.value.reason_en and "konvensi" not in err.value.reason_en


@pytest.mark.parametrize("text, expected", [("74,20", COMMA), ("74.20", POINT), ("1.234", None), ("...", None),
                                            ("1.234,5", COMMA), ("1,234.5", POINT), ("-", None)])
def test_convention_evidence(text, expected):
    assert convention_evidence(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2024", ("2024", False)), ("2024*", ("2024", True)), ("2024-3", ("2024-03", False)),
    ("Maret 2024", ("2024-03", False)), ("Agustus 2023", ("2023-08", False)), ("2024-Q1", ("2024-Q1", False)),
    ("Triwulan II 2024", ("2024-Q2", False)), (2024, ("2024", False)), (2024.0, ("2024", False)),
])
def test_periods(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["20x4", "1800", "2024-13", "", "Maret April 2024"])
def test_periods_refused(text):
    with pytest.raises(CellError):
        parse_period(text)


def test_frequency():
    check_frequency("2024", "annual", "ipm")
    check_frequency("2024-03", "semester", "p0")
    check_frequency("2020", "semester", "p0")  # BPS figures whose semester the source does not state
    with pytest.raises(CellError):
        check_frequency("2024-03", "annual", "ipm")
    with pytest.raises(CellError):
        check_frequency("2024-Q1", "semester", "p0")
