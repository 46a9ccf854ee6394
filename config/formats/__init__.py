"""Date and number formats for the languages Django ships none for (Pashto, Tigrinya, Amharic).

Without them their pages would use the project's defaults ("N j, Y", English order); the month and day names
themselves come from the catalogues (`accueil/core/calendar_names.py`).
"""
