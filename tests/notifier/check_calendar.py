"""Reads the iCalendar attachments of one action's reminders, in order, with
python3-icalendar (an independent parser) and checks what a calendar client
relies on: one UID for the action's whole life, a SEQUENCE that grows, the
moved deadline, and METHOD:CANCEL last.

usage: check_calendar.py FIRST.ics MOVED.ics CANCELLED.ics NEW_DEADLINE(YYYYMMDD)
"""
import sys

import icalendar


def event(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    events = [c for c in cal.walk() if c.name == "VEVENT"]
    assert len(events) == 1, f"{path}: {len(events)} events"
    return str(cal["METHOD"]), events[0]


def main():
    first, moved, cancelled, new_deadline = sys.argv[1:5]
    m1, e1 = event(first)
    m2, e2 = event(moved)
    m3, e3 = event(cancelled)
    assert (m1, m2, m3) == ("PUBLISH", "PUBLISH", "CANCEL"), (m1, m2, m3)
    assert str(e1["UID"]) == str(e2["UID"]) == str(e3["UID"]), (e1["UID"], e2["UID"], e3["UID"])
    s1, s2, s3 = int(e1["SEQUENCE"]), int(e2["SEQUENCE"]), int(e3["SEQUENCE"])
    assert s1 < s2 < s3, (s1, s2, s3)
    assert e2.decoded("DTSTART").strftime("%Y%m%d") == new_deadline, e2.decoded("DTSTART")
    assert str(e3["STATUS"]) == "CANCELLED", e3.get("STATUS")
    print("calendar ok:", e1["UID"], s1, s2, s3)


if __name__ == "__main__":
    main()
