"""Follow-up of the documents' assignments by the commission (the domain side).

- ``assignments``: bulk assignment to unit groups, urging (đôn đốc) and the daily reminders;
  who may follow up;
- ``coverage``: the coverage matrix of a document, in the government's four buckets, as of
  any date;
- ``deadlines``: moving a deadline, withdrawing an assignment, the deadline calendar;
- ``inspections``: inspections and supervision with their tasks, review events (sơ kết,
  tổng kết) and the units' review reports;
- ``figures``: key figures of a document, the values units report, rolled up;
- ``exports``: the coverage matrix as XLSX and CSV;
- ``annual_report``: the annual report to the Standing Committee as a DOCX.

The web pages are in ``portal.followup``, the commands (``flask remind``, ``flask report``)
in ``portal.cli.followup``, the templates in ``templates/followup/``.
"""
