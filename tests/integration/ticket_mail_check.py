#!/usr/bin/python3
"""Reads a ticket mail (.eml) the way a mail client does, with Python's email
package, and prints what a test needs as one JSON object: the MIME tree, the
QR code's text (the inline PNG read by zbarimg), the HTML's cid reference,
and the calendar attachment parsed by the icalendar package.

usage: ticket_mail_check.py MAIL.eml
"""
import email
import email.policy
import json
import os
import subprocess
import sys
import tempfile

import icalendar


def tree(part):
    if part.is_multipart():
        return {part.get_content_type(): [tree(child) for child in part.iter_parts()]}
    return part.get_content_type()


def main():
    with open(sys.argv[1], "rb") as source:
        message = email.message_from_binary_file(source, policy=email.policy.default)
    out = {"tree": tree(message), "defects": [str(d) for p in message.walk() for d in p.defects]}
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        if kind == "text/html":
            out["html"] = part.get_content()
        elif kind == "text/plain":
            out["text"] = part.get_content()
        elif kind == "image/png":
            out["png_content_id"] = part.get("Content-ID", "")
            out["png_disposition"] = part.get_content_disposition()
            data = part.get_payload(decode=True)
            with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as image:
                image.write(data)
            try:
                read = subprocess.run(["zbarimg", "-q", "--raw", image.name],
                                      capture_output=True, text=True, check=False)
                out["qr"] = read.stdout.strip()
            finally:
                os.unlink(image.name)
        elif kind == "text/calendar":
            out["ics_filename"] = part.get_filename()
            out["ics_method"] = part.get_param("method")
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            out["ics_calendar_method"] = str(calendar.get("METHOD", ""))
            events = [c for c in calendar.walk() if c.name == "VEVENT"]
            out["ics_events"] = [{
                "uid": str(e.get("UID")),
                "dtstart": int(e.decoded("DTSTART").timestamp()),
                "dtend": int(e.decoded("DTEND").timestamp()) if e.get("DTEND") else None,
                "summary": str(e.get("SUMMARY")),
                "location": str(e.get("LOCATION", "")),
                "url": str(e.get("URL", "")),
                "sequence": int(e.get("SEQUENCE", 0)),
            } for e in events]
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
