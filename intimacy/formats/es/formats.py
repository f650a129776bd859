# Español: "martes 3 de marzo, 20:00".
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
WEEKDAY_DATE_FORMAT = r"l j \d\e F"
WEEKDAY_DATE_YEAR_FORMAT = r"l j \d\e F \d\e Y"
WEEKDAY_DATETIME_FORMAT = r"l j \d\e F, H:i"
WEEKDAY_TIME_FORMAT = "l, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
