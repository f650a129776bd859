# English: "Tuesday 3 March, 20:00". The 24-hour clock, as the app has always shown it.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
WEEKDAY_DATE_FORMAT = "l j F"
WEEKDAY_DATE_YEAR_FORMAT = "l j F Y"
WEEKDAY_DATETIME_FORMAT = "l j F, H:i"
WEEKDAY_TIME_FORMAT = "l H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
