#!/usr/bin/env python3
"""Independent verifier of an mrtrack audit export (JSON Lines).

Written from docs/AUDIT.md alone, with the Python standard library only.

    verify_export.py EXPORT.jsonl [--head HEX] [--prev HEX]

Checks, line by line:
  * every line is a JSON object with the export fields and their types;
  * positions are consecutive (no gap, no repeat);
  * prev_hash is the previous line's hash (the first line: 32 zero bytes when
    it is position 1, else the --prev hash when one is given);
  * hash == SHA-256(prev_hash bytes || stored bytes), stored bytes being the
    base64-decoded stored_bytes_base64;
  * the stored bytes are a UTF-8 JSON object with exactly the eleven members
    of a record, each equal (value and JSON type) to the line's field of the
    same name (position, stream, version, event_id, type, schema_version,
    recorded_at, actor, correlation_id, causation_id, data);
  * with --head, the last hash equals the head hash obtained out of band.

Exit status 0 when everything holds ("ok: ..." on stdout); 1 with the first
bad line and why on stderr; 2 for usage errors.
"""

import argparse
import base64
import binascii
import hashlib
import json
import re
import sys

GENESIS = bytes(32)
HEX64 = re.compile(r"^[0-9a-f]{64}$")
RECORDED_AT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")

# Field -> accepted JSON type(s) on an export line.
LINE_FIELDS = {
    "position": int,
    "stream": str,
    "version": int,
    "event_id": str,
    "type": str,
    "schema_version": int,
    "recorded_at": str,
    "actor": str,
    "correlation_id": str,
    "causation_id": str,
    "data": None,  # any JSON value
    "stored_bytes_base64": str,
    "prev_hash": str,
    "hash": str,
}
# The envelope fields that must equal the stored record's.
RECORD_FIELDS = ["position", "stream", "version", "event_id", "type", "schema_version",
                 "recorded_at", "actor", "correlation_id", "causation_id", "data"]


class Bad(Exception):
    """The line being checked is bad; the message says why."""


def same(a, b):
    """JSON equality that also compares types (Python has True == 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def parse_hex(text, what):
    if not isinstance(text, str) or not HEX64.match(text):
        raise Bad(f"{what} is not 64 lower-case hex digits: {text!r}")
    return bytes.fromhex(text)


def check_types(line):
    if not isinstance(line, dict):
        raise Bad("the line is not a JSON object")
    for field, kind in LINE_FIELDS.items():
        if field not in line:
            raise Bad(f"field {field} is missing")
        value = line[field]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise Bad(f"field {field} is not an integer: {value!r}")
        if kind is str and not isinstance(value, str):
            raise Bad(f"field {field} is not a string: {value!r}")
    if line["position"] < 1:
        raise Bad(f"position {line['position']} is not positive")
    if not RECORDED_AT.match(line["recorded_at"]):
        raise Bad(f"recorded_at is not YYYY-MM-DDTHH:MM:SS.ffffffZ: {line['recorded_at']!r}")


def check_record(line, stored):
    try:
        record = json.loads(stored.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise Bad(f"the stored bytes are not UTF-8 JSON: {e}")
    if not isinstance(record, dict):
        raise Bad("the stored bytes are not a JSON object")
    if set(record) != set(RECORD_FIELDS):
        missing = sorted(set(RECORD_FIELDS) - set(record))
        extra = sorted(set(record) - set(RECORD_FIELDS))
        raise Bad(f"the stored record does not have exactly the eleven members: missing {missing}, extra {extra}")
    for field in RECORD_FIELDS:
        if not same(record[field], line[field]):
            raise Bad(f"field {field} is {json.dumps(line[field], ensure_ascii=False)} on the line "
                      f"but {json.dumps(record[field], ensure_ascii=False)} in the stored record")


def verify(lines, head=None, prev=None):
    """Returns (count, first, last, head_hex); raises Bad with 'line N ...'."""
    expected_position = None
    running = None  # The hash the next line must name as prev_hash.
    count, first, last = 0, None, None
    for number, text in enumerate(lines, start=1):
        position = "?"
        try:
            if text.endswith("\n"):
                text = text[:-1]
            if text.endswith("\r"):
                raise Bad("the line ends with CR: lines end with LF only")
            try:
                line = json.loads(text)
            except ValueError as e:
                raise Bad(f"not JSON: {e}")
            check_types(line)
            position = line["position"]
            prev_hash = parse_hex(line["prev_hash"], "prev_hash")
            line_hash = parse_hex(line["hash"], "hash")
            if expected_position is None:
                first = position
                if position == 1:
                    running = GENESIS
                elif prev is not None:
                    running = prev
                else:
                    running = prev_hash  # Anchored by --prev or by an export from position 1 only.
            elif position != expected_position:
                raise Bad(f"expected position {expected_position}: the positions have a gap or go back")
            if prev_hash != running:
                raise Bad(f"prev_hash {prev_hash.hex()} is not the previous hash {running.hex()}")
            try:
                stored = base64.b64decode(line["stored_bytes_base64"], validate=True)
            except (binascii.Error, ValueError) as e:
                raise Bad(f"stored_bytes_base64 is not base64: {e}")
            computed = hashlib.sha256(running + stored).digest()
            if computed != line_hash:
                raise Bad(f"hash {line_hash.hex()} is not SHA-256(prev_hash || stored bytes) = {computed.hex()}")
            check_record(line, stored)
        except Bad as e:
            raise Bad(f"line {number} (position {position}): {e}")
        running = line_hash
        expected_position = position + 1
        last = position
        count += 1
    final = running if running is not None else (prev if prev is not None else GENESIS)
    if head is not None and final != head:
        raise Bad(f"the last hash {final.hex()} is not the expected head {head.hex()}")
    return count, first, last, final.hex()


def main(argv):
    parser = argparse.ArgumentParser(description="Verify an mrtrack audit export (JSON Lines).")
    parser.add_argument("export", help="the .jsonl file ('-' for standard input)")
    parser.add_argument("--head", help="the head hash obtained out of band (64 hex digits)")
    parser.add_argument("--prev", help="the chain hash before the first exported position (range exports)")
    args = parser.parse_args(argv)
    try:
        head = parse_hex(args.head.lower(), "--head") if args.head else None
        prev = parse_hex(args.prev.lower(), "--prev") if args.prev else None
    except Bad as e:
        print(f"usage error: {e}", file=sys.stderr)
        return 2
    try:
        stream = sys.stdin if args.export == "-" else open(args.export, encoding="utf-8", newline="")
    except OSError as e:
        print(f"cannot read {args.export}: {e}", file=sys.stderr)
        return 2
    try:
        with stream:
            count, first, last, final = verify(stream, head, prev)
    except Bad as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    except UnicodeDecodeError as e:
        print(f"FAILED: the export is not UTF-8: {e}", file=sys.stderr)
        return 1
    if count == 0:
        print(f"ok: no events; head {final}")
    else:
        anchored = "" if first == 1 or prev is not None else " (first prev_hash taken from the export: pass --prev to anchor it)"
        print(f"ok: {count} events, positions {first}..{last}, head {final}{anchored}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
