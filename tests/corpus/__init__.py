"""A corpus of realistic persona and journey-map workbooks, each with the whole reading it must give."""
