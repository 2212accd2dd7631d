"""Working days as Dutch law counts them for deadlines.

The Algemene termijnenwet moves a statutory deadline that ends on a
Saturday, a Sunday or a generally recognised public holiday to the next day
that is none of these. Its list of holidays: New Year's Day, Easter Monday,
Ascension Day, Whit Monday, Christmas Day and Boxing Day, King's Day, and
Liberation Day (5 May). Good Friday is not on it; Easter Sunday and Whit
Sunday are Sundays anyway.
"""

import datetime
import functools


def easter_sunday(year):
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm of
    Meeus, Jones and Butcher)."""
    golden = year % 19
    century, year_in_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(year_in_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return datetime.date(year, month, day + 1)


def kings_day(year):
    """27 April; 26 April when the 27th is a Sunday."""
    day = datetime.date(year, 4, 27)
    return day - datetime.timedelta(days=1) if day.weekday() == 6 else day


@functools.cache
def public_holidays(year):
    easter = easter_sunday(year)
    return frozenset(
        {
            datetime.date(year, 1, 1),
            easter + datetime.timedelta(days=1),  # Easter Monday
            easter + datetime.timedelta(days=39),  # Ascension Day
            easter + datetime.timedelta(days=50),  # Whit Monday
            kings_day(year),
            datetime.date(year, 5, 5),
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def is_working_day(day):
    return day.weekday() < 5 and day not in public_holidays(day.year)


def on_or_after_working_day(day):
    """The deadline itself, or the next working day when it is not one."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day
