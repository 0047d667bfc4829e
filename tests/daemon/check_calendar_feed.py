"""Reads two snapshots of a unit's calendar feed with python3-icalendar (an
independent parser) and checks what a subscribed calendar relies on: one
VEVENT per open action with a deadline, each with the action's UID; the
action whose deadline moved keeps its UID, has a higher SEQUENCE and the new
day; the others are unchanged.

usage: check_calendar_feed.py BEFORE.ics AFTER.ics EVENTS MOVED_UID NEW_DEADLINE(YYYYMMDD)
"""
import sys

import icalendar


def events(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    assert str(cal["VERSION"]) == "2.0", cal.get("VERSION")
    assert str(cal["METHOD"]) == "PUBLISH", cal.get("METHOD")
    out = {}
    for e in cal.walk("VEVENT"):
        uid = str(e["UID"])
        assert uid.startswith("action-") and uid.endswith("@mrtrack"), uid
        assert uid not in out, f"{path}: {uid} twice"
        out[uid] = e
    return out


def main():
    before_path, after_path, count, moved_uid, new_deadline = sys.argv[1:6]
    before, after = events(before_path), events(after_path)
    assert len(before) == int(count), (len(before), count)
    assert sorted(before) == sorted(after), "the same actions before and after"
    assert moved_uid in before, (moved_uid, sorted(before))
    for uid, b in before.items():
        a = after[uid]
        day = a.decoded("DTSTART").strftime("%Y%m%d")
        if uid == moved_uid:
            assert int(a["SEQUENCE"]) > int(b["SEQUENCE"]), (b["SEQUENCE"], a["SEQUENCE"])
            assert day == new_deadline, (day, new_deadline)
            assert b.decoded("DTSTART").strftime("%Y%m%d") != new_deadline
        else:
            assert int(a["SEQUENCE"]) == int(b["SEQUENCE"]), uid
            assert a.decoded("DTSTART") == b.decoded("DTSTART"), uid
        assert str(a["SUMMARY"]).startswith("Deadline: key action "), a["SUMMARY"]
    print("calendar feed ok:", len(before), "events;", moved_uid, before[moved_uid]["SEQUENCE"], "->",
          after[moved_uid]["SEQUENCE"])


if __name__ == "__main__":
    main()
