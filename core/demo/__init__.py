"""Synthetic demo data for `manage.py load_demo`.

organisations  the agencies, offices and demo logins (one per persona), partners per country
origins        name pools per origin, with names in their original scripts and spelling variants
texts          what social workers, travel officers and partners write
plan           how many cases end in each status, their paths and dates, origin weights
household      the people on a case, registered through people.actions
case           one case walked through cases and counselling actions, on the timeline of its plan
history        back-dating: the records' timestamps moved from "now" to that timeline
build          the builder: organisations, logins, then every case
"""
