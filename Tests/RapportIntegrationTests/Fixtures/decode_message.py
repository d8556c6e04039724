"""Decodes an RFC 5322 message with Python's own email package, independently of Rapport.

Usage: /usr/bin/python3 decode_message.py FILE.eml
Prints one JSON object: header names in order, the decoded Subject, From and To (display name
and address), and the decoded text and HTML bodies.
"""

import json
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as file:
    raw = file.read()
message = BytesParser(policy=policy.default).parsebytes(raw)


def mailbox(name):
    header = message[name]
    if header is None:
        return None
    address = header.addresses[0]
    return {"name": address.display_name, "address": address.addr_spec, "count": len(header.addresses)}


def body(subtype):
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None and part.get_content_subtype() == subtype else None


header_lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
print(json.dumps({
    "header_names": list(message.keys()),
    "raw_header_lines": [line.decode("ascii", "replace") for line in header_lines],
    "subject": message["Subject"],
    "from": mailbox("From"),
    "to": mailbox("To"),
    "message_id": message["Message-ID"],
    "date": message["Date"],
    "text": body("plain"),
    "html": body("html"),
    "defects": [str(defect) for defect in message.defects],
}))
