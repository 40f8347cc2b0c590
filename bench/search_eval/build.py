"""Builds the labelled search evaluation set's documents from the shared corpus (run once; the output,
`documents.json`, is committed so the evaluation does not depend on the corpus being present).

    python bench/search_eval/build.py [--corpus /work/shared/corpus]

- companies: the Salesforce Data Loader sample accounts (`csv/salesforce-dataloader__accountData.csv`):
  name, and industry where given; names that were lost to `?` in the file are skipped.
- notes: the readable messages of the MIME corpus (`mime/*.eml`), as a rep would paste one into a note:
  "subject — body" (first 600 characters of the plain text), parsed with the standard library; messages
  with no words left after decoding are skipped.

Each document has a stable key (`company:<Salesforce id>`, `note:<eml file name>`): the labels in
`queries.json` name documents by these keys.
"""

from __future__ import annotations

import argparse
import csv
import email
import email.policy
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORD = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


def companies(corpus: Path) -> list[dict[str, str]]:
    path = corpus / "csv" / "salesforce-dataloader__accountData.csv"
    out = []
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle):
            name = " ".join(row["NAME"].split())
            if not name or "??" in name or not WORD.search(name):
                continue
            out.append(
                {"key": f"company:{row['ID']}", "kind": "COMPANY", "name": name, "industry": row["INDUSTRY"] or ""}
            )
    return out


def _text(message: email.message.EmailMessage) -> str:
    try:
        part = message.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001 - malformed on purpose: no body
        part = None
    if part is None:
        return ""
    try:
        body = part.get_content()
    except Exception:  # noqa: BLE001 - an unknown charset, a broken encoding
        return ""
    if not isinstance(body, str):
        return ""
    if part.get_content_type() == "text/html":
        body = re.sub(r"<style.*?</style>|<script.*?</script>", " ", body, flags=re.S | re.I)
        body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(body.split())


def notes(corpus: Path) -> list[dict[str, str]]:
    out = []
    for path in sorted((corpus / "mime").glob("*.eml")):
        try:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            subject = " ".join(str(message.get("subject", "") or "").split())
        except Exception:  # noqa: BLE001 - headers broken on purpose
            continue
        body = _text(message)  # type: ignore[arg-type]
        if len(WORD.findall(subject + " " + body)) < 4:
            continue
        text = (f"{subject[:300]} — {body[:600]}" if subject else body[:600]).replace("\x00", "")
        out.append({"key": f"note:{path.name}", "kind": "NOTE", "body": text})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("/work/shared/corpus"))
    args = parser.parse_args()
    documents = companies(args.corpus) + notes(args.corpus)
    (HERE / "documents.json").write_text(json.dumps(documents, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(documents)} documents")


if __name__ == "__main__":
    main()
